-- wrk: print the run's figures as one JSON line (bench/pages.py reads it).
-- Latencies in milliseconds; errors = connect/read/write/timeout errors + HTTP status >= 400.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"rps": %.2f, "requests": %d, "errors": %d, "p50": %.1f, "p95": %.1f, "p99": %.1f}\n',
    summary.requests / (summary.duration / 1e6), summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end

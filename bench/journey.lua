-- wrk: a mixed journey. bench/pages.py prepends `steps = {{path, cookie}, …}`; each connection
-- walks the steps in turn from its own starting point, as members and reviewers at once.
local counter = 0
init = function(args)
  counter = math.random(1, #steps)
end
request = function()
  counter = counter % #steps + 1
  local step = steps[counter]
  return wrk.format("GET", step[1], {["Cookie"] = step[2], ["Accept-Encoding"] = "gzip"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"rps": %.2f, "requests": %d, "errors": %d, "p50": %.1f, "p95": %.1f, "p99": %.1f}\n',
    summary.requests / (summary.duration / 1e6), summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end

"""Gunicorn for the web service: ``gunicorn -c gunicorn.conf.py``.

It runs behind nginx (deploy/nginx/danvan.conf), which buffers whole request bodies and
responses, refuses oversized bodies and serves static files and protected downloads. So a
worker thread is held only while Django works, never while a slow client uploads or downloads.

Every value can be changed through the environment (``GUNICORN_*``); the defaults suit one
container on two cores. docs/operations.md explains sizing.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# Loopback by default; the container sets GUNICORN_BIND=0.0.0.0:8000 so nginx can reach it.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threads: a request waiting on PostgreSQL or a PDF export does not block its process's other
# requests, and memory grows per thread, not per process. 2 × cores + 1 processes by default.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 4)

# nginx hands over whole requests, so a request longer than this is Django's own slowness (an
# export on a huge tree): cut it and say so in the log rather than hold the worker for good.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle processes now and then so a slow leak (fonts, big querysets) never grows unbounded;
# the jitter keeps all processes from restarting at the same moment.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Request line and headers: generous for real browsers, small for anything else (nginx has the
# same limits in large_client_header_buffers).
limit_request_line = _int("GUNICORN_LIMIT_REQUEST_LINE", 8190)
limit_request_fields = _int("GUNICORN_LIMIT_REQUEST_FIELDS", 100)
limit_request_field_size = _int("GUNICORN_LIMIT_REQUEST_FIELD_SIZE", 8190)

# Only the proxy may tell us the original scheme (X-Forwarded-Proto). In compose nginx reaches
# us over the private network; set GUNICORN_FORWARDED_ALLOW_IPS to its address or subnet.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# The application writes one JSON line per request with its request id (danvan.logs), and
# nginx keeps the client-side access log: no third access log here.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

# Load the application before forking: less memory (shared pages) and a broken deploy fails at
# start, not at the first request.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# Worker heartbeat files in memory, not on a container's overlay disk.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None
wsgi_app = "danvan.wsgi:application"

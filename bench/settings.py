"""Settings for the page benchmarks: production's code paths on loopback without HTTPS.

    DJANGO_SETTINGS_MODULE=bench.settings

Production settings (DEBUG off, cached template loader, manifest static files, persistent
connections) with what loopback needs: no HTTPS redirect or secure-only cookies (wrk speaks plain
HTTP), a fixed secret, and ``bench.hello_urls`` as the URLconf so a bare "hello" view exists to
measure the machine's ceiling. Production's URLconf never has that view.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DATABASE_URL", "postgres://danvan:danvan@127.0.0.1:55512/danvan")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:56459/0")

from danvan.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.hello_urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# collectstatic writes here so that the manifest storage has something to serve.
STATIC_ROOT = Path(
    os.environ.get("DANVAN_BENCH_STATIC_ROOT", Path(tempfile.gettempdir()) / "danvan-bench-static")
)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

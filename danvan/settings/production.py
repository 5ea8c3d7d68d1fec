"""Production: PostgreSQL, Redis, a real Celery worker and beat, HTTPS behind a proxy."""

from .base import *

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
# A kept connection is checked before a request reuses it: after a PostgreSQL restart the first
# request reconnects instead of failing on the dead socket (issue 9).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CELERY_BROKER_URL = env("REDIS_URL")

# X-Forwarded-Proto is trusted only behind nginx, which overwrites whatever the client sent
# (deploy/nginx/danvan_proxy_params); with gunicorn reached directly any client could claim
# HTTPS. docker-compose.yml sets DANVAN_BEHIND_PROXY=1.
DANVAN_BEHIND_PROXY = env.bool("DANVAN_BEHIND_PROXY", default=False)
if DANVAN_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Login lockout counts per client address: behind nginx (which appends the address it saw to
# X-Forwarded-For) that is the right-most entry, or every client would share nginx's address.
DANVAN_TRUSTED_PROXIES = env.int("DANVAN_TRUSTED_PROXIES", default=1 if DANVAN_BEHIND_PROXY else 0)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is a promise to the browsers' built-in lists that is slow to take back (every
# subdomain, for good): the operator opts in once HTTPS works everywhere. Until then the deploy
# check's reminder about it (security.W021) is silenced on purpose.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # and CSP frame-ancestors 'none' (base settings)
# Explicit although they are Django's defaults, so a later default change cannot loosen them.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: forms carry the token and htmx sends it from hx-headers.
CSRF_COOKIE_HTTPONLY = True

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)

# One JSON object per line on stdout (danvan.logs); the worker logs through the same handler.
LOG_FORMAT = env("DANVAN_LOG_FORMAT", default="json")
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)
LOGGING["loggers"] = SECURITY_LOGGERS
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

STORAGES = {
    "default": {"BACKEND": "operations.storage.HashingFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One cache shared by every web process: password-reset rationing (accounts.reset) must count
# across gunicorn workers. Redis is already here for Celery.
CACHES = {
    "default": {
        "BACKEND": "danvan.cache.RedisCache",
        "LOCATION": env("DANVAN_CACHE_URL", default=env("REDIS_URL")),
        "KEY_PREFIX": "danvan",
    }
}
# Sessions read from that cache (a query less per request), written through to the database so
# a Redis restart logs nobody out. Pages are cached there too (danvan.page_cache).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
DANVAN_PAGE_CACHE = env.bool("DANVAN_PAGE_CACHE", default=True)

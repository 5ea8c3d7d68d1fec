"""Tests run against the real PostgreSQL and Redis that the test command starts."""

from .base import *

DEBUG = False
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://danvan:danvan@127.0.0.1:15432/danvan"),
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
# The integration tests' worker and the test process share the file-based backend's folder.
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", default="/tmp/danvan-test-mail")  # noqa: S108  # nosec B108  # test-only folder
# A query-count test must not see the session's last-seen write because a slow machine let a
# minute pass between two requests; the idle-timeout tests set the resolution they need.
DANVAN_SESSION_SEEN_RESOLUTION_SECONDS = 24 * 3600
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default="/tmp/danvan-test-media"))  # noqa: S108  # nosec B108  # test-only
STORAGES = {
    "default": {"BACKEND": "operations.storage.HashingFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

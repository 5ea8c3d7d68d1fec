"""Tests run against the real PostgreSQL and Redis that the test command starts."""

from .base import *

DEBUG = False
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://danvan:danvan@127.0.0.1:55432/danvan"),
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default="/tmp/danvan-test-media"))  # noqa: S108
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

"""The production settings, served by gunicorn in the tests without a collectstatic step.

Only the static files storage differs (no manifest to build); the database settings — the
persistent connections and their health checks — are production's own.
"""

from danvan.settings.production import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

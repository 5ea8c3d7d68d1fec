"""Embedded default for a newcomer: SQLite, tasks run eagerly, emails on the console."""

from .base import *

DEBUG = env.bool("DJANGO_DEBUG", default=True)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_BROKER_URL = env("REDIS_URL", default="memory://")

"""Celery application. Tasks live in each app's ``tasks`` module; the beat schedule is declared
in ``settings.base`` (``CELERY_BEAT_SCHEDULE``): a handful of periodic tasks that each fan out in
batches, never one entry per unit or person.

Run: ``celery -A danvan worker -l INFO`` and ``celery -A danvan beat -l INFO`` (production), or
``celery -A danvan worker -B`` for a single-process setup (tests, bench).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings.local")

app = Celery("danvan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""Celery application. Tasks live in each app's ``tasks`` module; the beat schedule is declared
in ``settings.base`` (``CELERY_BEAT_SCHEDULE``): a handful of periodic tasks that each fan out in
batches, never one entry per unit or person.

Run: ``celery -A danvan worker -l INFO`` and ``celery -A danvan beat -l INFO`` (production), or
``celery -A danvan worker -B`` for a single-process setup (tests, bench).
"""

import logging
import os
from contextvars import Token

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun

from danvan import logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings.local")

app = Celery("danvan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# A task logs with the request id of the request (or task) that enqueued it: the id travels in
# the message headers. A task enqueued by beat starts its own chain with its task id.
HEADER_REQUEST_ID, HEADER_USER_ID = "danvan_request_id", "danvan_user_id"
_task_tokens: dict[str, Token] = {}
task_logger = logging.getLogger("danvan.tasks")


@before_task_publish.connect
def _carry_request_id(headers: dict | None = None, **kwargs) -> None:
    context = logs.context_fields()
    if headers is not None and context.get("request_id"):
        headers.setdefault(HEADER_REQUEST_ID, context["request_id"])
        if context.get("user_id") is not None:
            headers.setdefault(HEADER_USER_ID, context["user_id"])


@task_prerun.connect
def _bind_task_context(task_id: str | None = None, task=None, **kwargs) -> None:
    request = task.request
    inherited = logs.current()  # eager: the enqueuing request's context, in the same thread
    request_id = getattr(request, HEADER_REQUEST_ID, None) or inherited.get("request_id")
    values = {"request_id": request_id or task_id, "task": task.name, "task_id": task_id}
    user_id = getattr(request, HEADER_USER_ID, None)
    if user_id is not None:
        values["user_id"] = user_id
    _task_tokens[task_id] = logs.bind(**values)
    task_logger.info("Task %s started", task.name)


@task_postrun.connect
def _unbind_task_context(task_id: str | None = None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        logs.unbind(token)

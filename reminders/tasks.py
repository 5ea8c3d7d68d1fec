"""Celery tasks for reminders: thin, idempotent, taking ids and ISO dates."""

import datetime

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from .services import deadlines_to_check, reminders_send, unit_reminders_write

RETRY = {
    "autoretry_for": (DatabaseError,),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(ignore_result=True, **RETRY)
def plan_reminders(today: str | None = None) -> int:
    """Beat, every morning: one ``send_deadline_reminders`` task per deadline in its window."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    deadlines = [deadline.pk for deadline, _rules in deadlines_to_check(today=day)]
    for deadline_id in deadlines:
        send_deadline_reminders.delay(deadline_id, day.isoformat())
    return len(deadlines)


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def send_deadline_reminders(deadline_id: int, today: str) -> int:
    """All units of one deadline in one pass; running it twice writes nothing new."""
    summary = reminders_send(today=datetime.date.fromisoformat(today), deadline_ids=[deadline_id])
    return summary.messages


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def write_unit_reminders() -> int:
    """Queued unit reminders → each recipient's log row, in-app notification and e-mail.

    Enqueued when reminders are queued, and run by beat as a sweep (a broker outage only delays
    it). Safe to run concurrently and twice: batches are taken with SKIP LOCKED and keys are
    unique.
    """
    return unit_reminders_write()

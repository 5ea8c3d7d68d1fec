"""Celery tasks for the outbox. Thin: they take ids or nothing and call ``delivery``."""

from celery import shared_task

from .delivery import deliver_pending, outbox_recover, pending_count


@shared_task(acks_late=True, ignore_result=True)
def deliver_outbox(batch_size: int | None = None) -> int:
    """Deliver one batch. Safe to run many at once, to retry and to run twice."""
    outbox_recover()
    return deliver_pending(batch_size=batch_size).sent


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    """Beat's safety net: recover orphaned rows and fan the backlog out to batch tasks."""
    from .queue import fan_out

    outbox_recover()
    return fan_out(pending=pending_count(), on_commit=False, direct=True)

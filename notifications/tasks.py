"""Delivery of the e-mail outbox. Thin: the work is in ``delivery.py``."""

from celery import shared_task

from .delivery import deliver_pending


@shared_task(acks_late=True)
def deliver_outbox(batch_size: int = 200) -> int:
    return deliver_pending(batch_size=batch_size)

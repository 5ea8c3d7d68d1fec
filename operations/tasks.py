"""Celery tasks for file integrity. Thin: they take ids and call ``integrity``."""

from celery import shared_task
from django.db import transaction

from .integrity import verify_batch


@shared_task(ignore_result=True)
def verify_files(after_pk: int = 0) -> int:
    """Re-hash one batch of stored files, report new problems, then queue the next batch (so no
    single task runs long, and a worker restart loses at most one batch)."""
    result = verify_batch(after_pk=after_pk)
    if result.last_pk is not None:
        last = result.last_pk
        transaction.on_commit(lambda: verify_files.delay(last))
    return result.checked

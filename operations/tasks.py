"""Celery tasks for file integrity. Thin: they take ids and call ``integrity``."""

import logging
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.db import transaction

from .backup import scheduled_backup
from .integrity import verify_batch

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def verify_files(after_pk: int = 0) -> int:
    """Re-hash one batch of stored files, report new problems, then queue the next batch (so no
    single task runs long, and a worker restart loses at most one batch)."""
    result = verify_batch(after_pk=after_pk)
    if result.last_pk is not None:
        last = result.last_pk
        transaction.on_commit(lambda: verify_files.delay(last))
    return result.checked


# The province-scale backup takes about half a minute; a national one several minutes: its own
# limit instead of the 15 minutes every other task gets, below the broker's one-hour visibility
# timeout (CELERY_BROKER_TRANSPORT_OPTIONS) so the message is not handed out a second time.
@shared_task(ignore_result=True, time_limit=55 * 60, soft_time_limit=54 * 60)
def nightly_backup() -> str:
    """``manage.py backup`` into ``DANVAN_BACKUP_DIR``, keeping ``DANVAN_BACKUP_KEEP`` archives;
    nothing when no folder is configured (development)."""
    folder = settings.DANVAN_BACKUP_DIR
    if not folder:
        logger.info("nightly backup skipped: DANVAN_BACKUP_DIR is not set")
        return ""
    output, removed = scheduled_backup(Path(folder), keep=settings.DANVAN_BACKUP_KEEP)
    logger.info("nightly backup %s written, %d old removed", output.name, len(removed))
    return str(output)

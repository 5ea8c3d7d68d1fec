"""Heavy renders. Thin: the work is in ``documents.py`` and ``services.py``; tasks take ids and
are idempotent (a job renders once, however many messages name it)."""

from __future__ import annotations

import contextlib
import logging
import tempfile
import threading
from collections.abc import Iterator

from celery import shared_task
from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, connection
from django.utils import timezone

from .models import JobStatus
from .services import PROGRESS_CLAIMED, render_job_claim, render_job_mark, render_job_sweep

# Progress shown to the person waiting: claimed, then the parts (10–90 %), then saved.
PROGRESS_RENDERED = 95

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def heartbeat(job_id: int, attempt: int) -> Iterator[None]:
    """Stamp the job's heartbeat from a thread while the render runs.

    A single WeasyPrint part can take longer than the lease, so progress alone is not a sign of
    life; this thread beats three times per lease whatever the render is doing, and stops with
    the process: a killed worker's job goes stale and is taken over.
    """
    stop = threading.Event()
    every = max(settings.DANVAN_RENDER_LEASE_SECONDS / 3, 0.5)

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    if not render_job_mark(job_id, attempt=attempt):
                        return  # taken over or finished
                except DatabaseError:  # the database is away: the next beat tries again
                    connection.close()
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"render-job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


@shared_task(acks_late=True)
def render_summary_task(job_id: int) -> None:
    from .documents import render_bloc_summary

    job = render_job_claim(job_id=job_id)
    if job is None:  # already done or failed, or a live worker has it
        return
    attempt = job.attempts

    def progress(done: int, total: int) -> None:
        share = done / total if total else 1
        try:
            render_job_mark(
                job.pk,
                attempt=attempt,
                progress=PROGRESS_CLAIMED + int(share * (90 - PROGRESS_CLAIMED)),
            )
        except DatabaseError:  # progress is cosmetic; the result is written on a fresh connection
            logger.warning("Progress of render job %s not saved", job.pk, exc_info=True)

    with heartbeat(job.pk, attempt):
        try:
            with tempfile.TemporaryFile() as spool:
                if job.decision_id:
                    from awards.documents import render_certificates

                    pages = render_certificates(job.decision, target=spool, on_progress=progress)
                else:
                    pages = render_bloc_summary(
                        root=job.root, deadline=job.deadline, target=spool, on_progress=progress
                    )
                render_job_mark(job.pk, attempt=attempt, progress=PROGRESS_RENDERED)
                spool.seek(0)
                stem = job.download_name.removesuffix(".pdf")
                job.file.save(f"{stem}-{job.pk}.pdf", File(spool), save=False)
            written = render_job_mark(
                job.pk,
                attempt=attempt,
                file=job.file.name,
                pages=pages,
                status=JobStatus.DONE,
                progress=100,
                error="",
                finished_at=timezone.now(),
            )
            if not written:  # another worker took it over meanwhile: its file is the one
                job.file.delete(save=False)
        except Exception as exc:
            render_job_mark(
                job.pk,
                attempt=attempt,
                status=JobStatus.FAILED,
                error=str(exc)[:2000],
                finished_at=timezone.now(),
            )
            raise


@shared_task(ignore_result=True)
def sweep_render_jobs() -> int:
    """Beat, every minute: queue again the render jobs a broker outage left waiting and those
    whose worker died (heartbeat older than the lease)."""
    return render_job_sweep()

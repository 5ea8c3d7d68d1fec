"""Heavy renders. Thin: the work is in ``documents.py`` and ``services.py``; tasks take ids and
are idempotent (a job renders once, however many messages name it)."""

from __future__ import annotations

import tempfile

from celery import shared_task
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from .models import JobStatus, RenderJob
from .services import render_job_mark, render_job_sweep

# Progress shown to the person waiting: claimed, then the parts (10–90 %), then saved.
PROGRESS_CLAIMED, PROGRESS_RENDERED = 5, 95


@shared_task(acks_late=True)
def render_summary_task(job_id: int) -> None:
    from .documents import render_bloc_summary

    with transaction.atomic():
        # Wait for (rather than skip) a lock: the only other holders are short claims (the sweep,
        # the request handing the job over, another copy of this message), and skipping one of
        # those would drop the job.
        job = (
            RenderJob.objects.select_for_update(of=("self",))
            .select_related("root", "deadline__campaign", "deadline__applies_to")
            .filter(pk=job_id, status__in=[JobStatus.PENDING, JobStatus.QUEUED, JobStatus.FAILED])
            .first()
        )
        if job is None:  # already done, or another worker has it
            return
        render_job_mark(job.pk, status=JobStatus.RUNNING, progress=PROGRESS_CLAIMED, error="")

    def progress(done: int, total: int) -> None:
        share = done / total if total else 1
        render_job_mark(job.pk, progress=PROGRESS_CLAIMED + int(share * (90 - PROGRESS_CLAIMED)))

    try:
        with tempfile.TemporaryFile() as spool:
            pages = render_bloc_summary(
                root=job.root, deadline=job.deadline, target=spool, on_progress=progress
            )
            render_job_mark(job.pk, progress=PROGRESS_RENDERED)
            spool.seek(0)
            job.file.save(
                f"bao-cao-tong-hop-{job.deadline_id}-{job.pk}.pdf", File(spool), save=False
            )
        render_job_mark(
            job.pk,
            file=job.file.name,
            pages=pages,
            status=JobStatus.DONE,
            progress=100,
            error="",
            finished_at=timezone.now(),
        )
    except Exception as exc:
        render_job_mark(
            job.pk, status=JobStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise


@shared_task(ignore_result=True)
def sweep_render_jobs() -> int:
    """Beat, every minute: queue again the render jobs a broker outage left waiting."""
    return render_job_sweep()

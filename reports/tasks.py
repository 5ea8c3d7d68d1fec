"""Heavy renders. Thin: the work is in ``documents.py``; tasks take ids and are idempotent."""

from __future__ import annotations

import tempfile

from celery import shared_task
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from .models import JobStatus, RenderJob


@shared_task(acks_late=True)
def render_summary_task(job_id: int) -> None:
    from .documents import render_bloc_summary

    with transaction.atomic():
        job = (
            RenderJob.objects.select_for_update(skip_locked=True)
            .select_related("root", "deadline__campaign", "deadline__applies_to")
            .filter(pk=job_id, status__in=[JobStatus.PENDING, JobStatus.FAILED])
            .first()
        )
        if job is None:  # already done, or another worker has it
            return
        RenderJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=10)
    try:
        with tempfile.TemporaryFile() as spool:
            RenderJob.objects.filter(pk=job.pk).update(progress=30)
            render_bloc_summary(root=job.root, deadline=job.deadline, target=spool)
            RenderJob.objects.filter(pk=job.pk).update(progress=90)
            spool.seek(0)
            job.file.save(
                f"bao-cao-tong-hop-{job.deadline_id}-{job.pk}.pdf", File(spool), save=False
            )
        RenderJob.objects.filter(pk=job.pk).update(
            file=job.file.name,
            status=JobStatus.DONE,
            progress=100,
            error="",
            finished_at=timezone.now(),
        )
    except Exception as exc:
        RenderJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise

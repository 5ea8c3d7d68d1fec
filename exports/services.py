"""Excel downloads of lists: streamed while small, a background job past the threshold."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation

from danvan import jobs
from units.models import User

from .kinds import build
from .models import ExportJob


def export_download(request: HttpRequest, kind: str) -> HttpResponse:
    """The list's Excel file: streamed when it holds at most ``DANVAN_EXPORT_STREAM_MAX_ROWS``
    rows, else an export job for this user and query string, and its waiting page."""
    export = build(kind, request.user, request.GET)
    rows = export.count()
    if rows <= settings.DANVAN_EXPORT_STREAM_MAX_ROWS:
        return export.response()
    job = export_job_request(
        kind=kind,
        params=request.GET.urlencode(),
        by=request.user,
        rows=rows,
        filename=export.filename,
    )
    return redirect(job)


@transaction.atomic
def export_job_request(*, kind: str, params: str, by: User, rows: int, filename: str) -> ExportJob:
    """Save the job and hand it to the heavy queue once committed (the sweep if the broker is
    down)."""
    job = ExportJob(
        kind=kind,
        params=params,
        requested_by=by,
        rows=rows,
        filename=filename,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    job.full_clean(exclude=["file"])
    job.save()
    jobs.request_on_commit(job, export_job_publish)
    return job


def export_job_publish(job_id: int) -> bool:
    """Hand one job to the broker through the shared circuit breaker; False: left for the sweep."""
    from notifications.queue import publish

    from .tasks import export_task

    return publish(export_task, job_id)


def export_job_sweep(*, now: datetime.datetime | None = None) -> int:
    return jobs.sweep(ExportJob, export_job_publish, now=now)


def export_jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Remove finished jobs and their files after ``DANVAN_EXPORT_KEEP_DAYS`` days."""
    now = now or timezone.now()
    old = ExportJob.objects.filter(
        finished_at__lt=now - datetime.timedelta(days=settings.DANVAN_EXPORT_KEEP_DAYS)
    )
    removed = 0
    for job in old.iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        removed += 1
    return removed

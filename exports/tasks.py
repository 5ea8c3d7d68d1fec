"""Thin tasks: the export is built by ``exports.kinds``, the job machinery is ``danvan.jobs``."""

from __future__ import annotations

from celery import shared_task
from django.http import QueryDict
from django.utils import translation

from danvan import jobs
from danvan.excel import write_xlsx

from .kinds import build
from .models import ExportJob
from .services import export_job_sweep, export_jobs_purge


@shared_task(acks_late=True)
def export_task(job_id: int) -> None:
    job = jobs.claim(ExportJob, job_id, related=("requested_by",))
    if job is None:  # already done or failed, or a live worker has it
        return
    on_progress = jobs.progress_writer(ExportJob, job)

    def make(spool) -> dict:
        if not job.requested_by.is_active:
            raise PermissionError("The account that asked for this export is no longer active.")
        # The requester's scope and filters, in the requester's language.
        with translation.override(job.language):
            export = build(job.kind, job.requested_by, QueryDict(job.params))
            write_xlsx(
                spool,
                sheets=export.sheets,
                title_rows=export.title_rows,
                on_rows=lambda done: on_progress(done, job.rows),
            )
        return {}

    jobs.run(ExportJob, job, make, job.filename)


@shared_task(ignore_result=True)
def sweep_export_jobs() -> int:
    """Beat, every minute: jobs a broker outage left waiting and those whose worker died."""
    return export_job_sweep()


@shared_task(ignore_result=True)
def purge_export_jobs() -> int:
    """Beat, nightly: finished exports older than DANVAN_EXPORT_KEEP_DAYS are removed."""
    return export_jobs_purge()

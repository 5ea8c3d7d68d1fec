"""Heavy renders. Thin: the work is in ``documents.py``, the job machinery in ``danvan.jobs``;
tasks take ids and are idempotent (a job renders once, however many messages name it)."""

from __future__ import annotations

from celery import shared_task

from danvan import jobs

from .models import RenderJob
from .services import render_job_claim, render_job_sweep


@shared_task(acks_late=True)
def render_summary_task(job_id: int) -> None:
    from .documents import render_bloc_summary

    job = render_job_claim(job_id=job_id)
    if job is None:  # already done or failed, or a live worker has it
        return

    def make(spool) -> dict:
        progress = jobs.progress_writer(RenderJob, job)
        if job.decision_id:
            from awards.documents import render_certificates

            return {"pages": render_certificates(job.decision, target=spool, on_progress=progress)}
        pages = render_bloc_summary(
            root=job.root, deadline=job.deadline, target=spool, on_progress=progress
        )
        return {"pages": pages}

    stem = job.download_name.removesuffix(".pdf")
    jobs.run(RenderJob, job, make, f"{stem}-{job.pk}.pdf")


@shared_task(ignore_result=True)
def sweep_render_jobs() -> int:
    """Beat, every minute: queue again the render jobs a broker outage left waiting and those
    whose worker died (heartbeat older than the lease)."""
    return render_job_sweep()

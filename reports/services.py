"""Writes of periodic reports: start and save; the steps are ``REPORT_WORKFLOW.take``."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Deadline
from danvan.text import nfc
from units.models import Unit, User
from units.scoping import Action, get_scope

from .models import (
    JUDGED_FIGURES,
    REPORT_KINDS,
    SECTIONS,
    JobStatus,
    PeriodicReport,
    RenderJob,
)
from .selectors import report_prefill

EDITABLE_FIELDS = [name for name, _label in SECTIONS] + [
    *(name for name, _computed, _label in JUDGED_FIGURES),
    "figures_note",
]


@transaction.atomic
def report_start(*, unit: Unit, deadline: Deadline, by: User) -> PeriodicReport:
    """Open the unit's draft for the period (or return the one that exists)."""
    if deadline.kind not in REPORT_KINDS:
        raise ValidationError(_("This deadline is not a report period."))
    if not unit.unit_type.is_grassroots or not unit.path.startswith(deadline.applies_to.path):
        raise ValidationError(_("This period does not apply to this organisation."))
    if not get_scope(by).allows(Action.EDIT, unit):
        raise PermissionDenied
    existing = PeriodicReport.objects.filter(unit=unit, deadline=deadline).first()
    if existing:
        return existing
    report = PeriodicReport(unit=unit, deadline=deadline, created_by=by, updated_by=by)
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # someone opened it at the same moment
        return PeriodicReport.objects.get(unit=unit, deadline=deadline)
    return report


@transaction.atomic
def report_save(*, report: PeriodicReport, by: User, **fields: Any) -> PeriodicReport:
    """Save the narrative and the judged figures of a draft or returned report."""
    locked = PeriodicReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_editable:
        raise ValidationError(_("This report has been sent and can no longer be edited."))
    if not get_scope(by).allows(Action.EDIT, locked.unit):
        raise PermissionDenied
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(name)
        setattr(locked, name, nfc(value).strip() if isinstance(value, str) else value)
    locked.updated_by = by
    locked.updated_at = timezone.now()
    locked.version += 1
    locked.full_clean()
    locked.save()
    return locked


def missing_for_submission(report: PeriodicReport) -> list[str]:
    """Exactly what the unit must still do before sending (plain sentences)."""
    missing = [
        _("Section “%(section)s” is empty.") % {"section": label}
        for name, label in SECTIONS
        if not (getattr(report, name) or "").strip()
    ]
    contradictions = report_prefill(report).contradictions
    if contradictions and not report.figures_note.strip():
        for figure in contradictions:
            missing.append(
                _(
                    "“%(figure)s”: you report %(reported)s but the records show %(computed)s; "
                    "explain the difference or correct the figure."
                )
                % {
                    "figure": figure.label,
                    "reported": figure.reported,
                    "computed": figure.computed,
                }
            )
    return missing


# --- Render jobs -------------------------------------------------------------------------------

# A job still pending this long after it was saved missed the broker (outage): the sweep queues
# it again. A queued job whose message has not started after the task time limit was lost.
RENDER_JOB_STUCK_AFTER = datetime.timedelta(minutes=1)
RENDER_JOB_SWEEP_BATCH = 50
# A job whose worker died this many times is given up (failed: "try again") rather than taken
# over for ever: a document that kills its worker every time would otherwise loop.
RENDER_JOB_MAX_ATTEMPTS = 3
PROGRESS_CLAIMED = 5

logger = logging.getLogger(__name__)


def render_job_lease() -> datetime.timedelta:
    from django.conf import settings

    return datetime.timedelta(seconds=settings.DANVAN_RENDER_LEASE_SECONDS)


def _lost_its_worker(now: datetime.datetime) -> Q:
    """Running, but no heartbeat within the lease: the worker was killed or lost the database."""
    stale = now - render_job_lease()
    return Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, created_at__lt=stale)
    )


@transaction.atomic
def render_job_request(
    *, root: Unit, by: User, deadline: Deadline | None = None, decision: Any = None
) -> RenderJob:
    """Queue a bloc summary PDF (``deadline``) or a decision's certificates (``decision``, whose
    unit is ``root``); the Celery task is enqueued once the row is committed."""
    if (deadline is None) == (decision is None):
        raise ValueError("A render job prints a period's summary or a decision's certificates.")
    if not get_scope(by).allows(Action.REVIEW, root):
        raise PermissionDenied
    job = RenderJob(root=root, deadline=deadline, decision=decision, requested_by=by)
    job.full_clean(exclude=["file"])
    job.save()

    def hand_over() -> None:
        if render_job_publish(job_id=job.pk):
            RenderJob.objects.filter(pk=job.pk, status=JobStatus.PENDING).update(
                status=JobStatus.QUEUED, enqueued_at=timezone.now()
            )

    transaction.on_commit(hand_over)
    return job


def render_job_publish(*, job_id: int) -> bool:
    """Hand one job to the broker; False (and logged) when the broker is unavailable.

    Through the shared circuit breaker (``notifications.queue``): while Redis hangs, requests
    after the first leave their job pending for the sweep at no cost.
    """
    from notifications.queue import publish

    from .tasks import render_summary_task

    return publish(render_summary_task, job_id)


def render_job_claim(*, job_id: int, now: datetime.datetime | None = None) -> RenderJob | None:
    """Take a job for rendering: pending, queued, or running with a stale heartbeat.

    None when there is nothing to do (done, failed, or another worker alive on it). The row lock
    (waited for: the only other holders are short claims) makes two copies of a message, or a
    message and the sweep, take it once; ``attempts`` is the claim's token, so a worker that lost
    its lease can no longer write to the job (``render_job_mark``).
    """
    now = now or timezone.now()
    with transaction.atomic():
        job = (
            RenderJob.objects.select_for_update(of=("self",))
            .select_related("root", "deadline__campaign", "deadline__applies_to", "decision__form")
            .filter(
                Q(pk=job_id)
                & (Q(status__in=[JobStatus.PENDING, JobStatus.QUEUED]) | _lost_its_worker(now))
            )
            .first()
        )
        if job is None:
            return None
        if job.attempts >= RENDER_JOB_MAX_ATTEMPTS:
            job.status, job.finished_at = JobStatus.FAILED, now
            job.error = f"Gave up after {job.attempts} attempts whose worker stopped."
            job.save(update_fields=["status", "finished_at", "error"])
            return None
        job.status, job.progress, job.error = JobStatus.RUNNING, PROGRESS_CLAIMED, ""
        job.attempts += 1
        job.heartbeat_at = now
        job.save(update_fields=["status", "progress", "error", "attempts", "heartbeat_at"])
    return job


def render_job_sweep(*, now: datetime.datetime | None = None) -> int:
    """Queue again the jobs the broker never got (or lost) and those whose worker died.

    Each job is claimed under ``SELECT … FOR UPDATE SKIP LOCKED`` and moved to *queued* with a
    fresh ``enqueued_at`` before the claim commits, so two sweeps at once never take the same
    job; the task itself starts a job only from pending/queued (or running with a stale
    heartbeat), so it renders once even if its message arrives twice. Returns how many were
    handed over.
    """
    from django.conf import settings

    now = now or timezone.now()
    lost_after = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    with transaction.atomic():
        claimed = list(
            RenderJob.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=JobStatus.PENDING, created_at__lt=now - RENDER_JOB_STUCK_AFTER)
                | Q(status=JobStatus.QUEUED, enqueued_at__lt=now - lost_after)
                | _lost_its_worker(now)
            )
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)[:RENDER_JOB_SWEEP_BATCH]
        )
        RenderJob.objects.filter(pk__in=claimed).update(status=JobStatus.QUEUED, enqueued_at=now)
    handed = 0
    for job_id in claimed:
        if render_job_publish(job_id=job_id):
            handed += 1
        else:  # the broker is still down: leave them pending for the next sweep
            RenderJob.objects.filter(
                pk__in=claimed, status=JobStatus.QUEUED, enqueued_at=now
            ).update(status=JobStatus.PENDING)
            break
    return handed


def render_job_mark(job_id: int, *, attempt: int | None = None, **fields: Any) -> bool:
    """Write a job's progress or result and stamp its heartbeat; False if the lease was lost.

    With ``attempt``, only the worker holding that claim writes (the job is still running under
    it). A connection the database dropped (PostgreSQL restarted mid-render) is closed and the
    write tried once more on a fresh one, so the job ends "ready" or "failed", not "running".
    """
    fields.setdefault("heartbeat_at", timezone.now())
    rows = RenderJob.objects.filter(pk=job_id)
    if attempt is not None:
        rows = rows.filter(attempts=attempt, status=JobStatus.RUNNING)
    try:
        return rows.update(**fields) == 1
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block:
            raise
        logger.warning("Database connection lost; render job %s written again", job_id)
        connection.close()
        return rows.update(**fields) == 1

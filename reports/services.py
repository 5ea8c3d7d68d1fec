"""Writes of periodic reports: start and save; the steps are ``REPORT_WORKFLOW.take``."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Deadline
from danvan import jobs
from danvan.text import nfc
from units.models import Unit, User
from units.scoping import Action, get_scope

from .models import (
    JUDGED_FIGURES,
    REPORT_KINDS,
    SECTIONS,
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


# --- Render jobs (the machinery is danvan.jobs, shared with large Excel exports) ---------------


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
    jobs.request_on_commit(job, lambda job_id: render_job_publish(job_id=job_id))
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
    """Take a job for rendering (``danvan.jobs.claim``)."""
    related = ("root", "deadline__campaign", "deadline__applies_to", "decision__form")
    return jobs.claim(RenderJob, job_id, related=related, now=now)


def render_job_sweep(*, now: datetime.datetime | None = None) -> int:
    """Queue again the render jobs the broker never got (or lost) and those whose worker died."""
    return jobs.sweep(RenderJob, lambda job_id: render_job_publish(job_id=job_id), now=now)


def render_job_mark(job_id: int, *, attempt: int | None = None, **fields: Any) -> bool:
    """Write a job's progress or result; False if the lease was lost (``danvan.jobs.mark``)."""
    return jobs.mark(RenderJob, job_id, attempt=attempt, **fields)

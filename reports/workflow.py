"""The life of a periodic report as one transition table, on the shared mechanism
(``danvan.workflow``): draft → submitted (late after the unit's effective deadline) →
returned (reason) ⇄ resubmitted → accepted. Sending checks the report is complete and freezes
its statistics; the reviewers' steps tell the unit. Taken with ``REPORT_WORKFLOW.take``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns.models import effective_due_date
from danvan.workflow import Step, Transition, Workflow, tell_unit
from units.scoping import Action

from .models import PeriodicReport, PeriodicReportEvent
from .models import ReportStatus as S


def due_date_for(report: PeriodicReport) -> datetime.date:
    """The unit's effective due date: the period's deadline, or the extension granted to it."""
    return effective_due_date(deadline=report.deadline, unit=report.unit)


def is_late(report: PeriodicReport, when: datetime.datetime) -> bool:
    return timezone.localdate(when) > due_date_for(report)


def complete(report: PeriodicReport, step: Step) -> None:
    from .services import missing_for_submission

    missing = missing_for_submission(report)
    if missing:
        raise ValidationError(missing)


def snapshot(report: PeriodicReport) -> dict[str, Any]:
    """The statistics as sent, frozen on the report (the figures may change afterwards)."""
    from .selectors import report_prefill

    prefill = report_prefill(report)

    def plain(value):
        return str(value) if isinstance(value, Decimal) else value

    return {
        "table01": [
            {
                "label": str(row.label),
                "field_id": row.field_id,
                "is_total": row.is_total,
                **{k: plain(v) for k, v in row.values.items()},
            }
            for row in prefill.table01.all_rows()
        ],
        "figures": {
            f.name: {"computed": f.computed, "reported": f.reported} for f in prefill.figures
        },
        "taken_at": timezone.now().isoformat(),
    }


def sent(report: PeriodicReport, step: Step) -> dict[str, Any]:
    """Stamp the sending (first time only) and freeze the statistics."""
    changes = {"stats_snapshot": snapshot(report)}
    if step.transition.name == "submit":
        changes["submitted_at"] = step.now
    return changes


tell = partial(tell_unit, about="report", params=lambda r: {"period": r.deadline.title})

SUBMIT = Transition(
    "submit",
    frozenset({S.DRAFT}),
    S.SUBMITTED,
    Action.SUBMIT,
    pgettext_lazy("periodic report", "Submit"),
    marks_late=True,
    validate=complete,
    stamp=sent,
)
RETURN = Transition(
    "return",
    frozenset({S.SUBMITTED, S.RESUBMITTED}),
    S.RETURNED,
    Action.REVIEW,
    pgettext_lazy("periodic report", "Return for revision"),
    comment_required=True,
    style="warning",
    notify=tell("returned", _("Your report for “%(period)s” was returned for revision")),
)
RESUBMIT = Transition(
    "resubmit",
    frozenset({S.RETURNED}),
    S.RESUBMITTED,
    Action.SUBMIT,
    _("Resubmit"),
    validate=complete,
    stamp=sent,
)
ACCEPT = Transition(
    "accept",
    frozenset({S.SUBMITTED, S.RESUBMITTED}),
    S.ACCEPTED,
    Action.REVIEW,
    _("Accept"),
    style="success",
    notify=tell("accepted", _("Your report for “%(period)s” was accepted")),
)

REPORT_WORKFLOW = Workflow(
    transitions=[SUBMIT, RETURN, RESUBMIT, ACCEPT],
    event_model=PeriodicReportEvent,
    event_subject_field="report",
    late_rule=is_late,
)

"""The life of a periodic report as one transition table, on the shared mechanism
(``danvan.workflow``): draft → submitted (late after the unit's effective deadline) →
returned (reason) ⇄ resubmitted → accepted.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns.models import effective_due_date
from danvan.workflow import Transition, Workflow
from units.scoping import Action

from .models import PeriodicReport, PeriodicReportEvent
from .models import ReportStatus as S


def due_date_for(report: PeriodicReport) -> datetime.date:
    """The unit's effective due date: the period's deadline, or the extension granted to it."""
    return effective_due_date(deadline=report.deadline, unit=report.unit)


def is_late(report: PeriodicReport, when: datetime.datetime) -> bool:
    return timezone.localdate(when) > due_date_for(report)


SUBMIT = Transition(
    "submit",
    frozenset({S.DRAFT}),
    S.SUBMITTED,
    Action.SUBMIT,
    pgettext_lazy("periodic report", "Submit"),
    marks_late=True,
)
RETURN = Transition(
    "return",
    frozenset({S.SUBMITTED, S.RESUBMITTED}),
    S.RETURNED,
    Action.REVIEW,
    pgettext_lazy("periodic report", "Return for revision"),
    comment_required=True,
    style="warning",
)
RESUBMIT = Transition(
    "resubmit", frozenset({S.RETURNED}), S.RESUBMITTED, Action.SUBMIT, _("Resubmit")
)
ACCEPT = Transition(
    "accept",
    frozenset({S.SUBMITTED, S.RESUBMITTED}),
    S.ACCEPTED,
    Action.REVIEW,
    _("Accept"),
    style="success",
)

REPORT_WORKFLOW = Workflow(
    transitions=[SUBMIT, RETURN, RESUBMIT, ACCEPT],
    event_model=PeriodicReportEvent,
    event_subject_field="report",
    late_rule=is_late,
)

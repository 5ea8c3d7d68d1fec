"""The life of a registration as one transition table (domain.md §3).

draft → submitted (late after the unit's effective deadline) → returned (reason) ⇄ resubmitted
→ accepted → in progress → self-assessed → under review → recognised / not recognised →
outstanding; withdrawn from any step before the review. Members edit (Action.EDIT), leaders and
deputies submit for the unit (Action.SUBMIT), the steering committee reviews (Action.REVIEW).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns.models import Deadline, DeadlineKind
from danvan.workflow import Transition, Workflow
from units.scoping import Action

from .models import Registration, RegistrationEvent, Status

S = Status


def registration_deadline(registration: Registration) -> Deadline | None:
    """The registration deadline of the campaign and year that covers the unit (most specific)."""
    unit = registration.unit
    candidates = (
        Deadline.objects.current()
        .filter(
            campaign_id=registration.campaign_id,
            year=registration.year,
            kind=DeadlineKind.REGISTRATION,
        )
        .select_related("applies_to")
        .with_effective_due_date(unit)
    )
    covering = [d for d in candidates if unit.path.startswith(d.applies_to.path)]
    if not covering:
        return None
    return max(covering, key=lambda d: (d.applies_to.depth, d.due_date))


def due_date_for(registration: Registration) -> datetime.date | None:
    deadline = registration_deadline(registration)
    # The unit's extension comes annotated with the deadline (one query, not two).
    return None if deadline is None else deadline.effective_due


def is_late(registration: Registration, when: datetime.datetime) -> bool:
    """Late when sent after the unit's effective due date (extensions included), local time."""
    due = due_date_for(registration)
    return due is not None and timezone.localdate(when) > due


SUBMIT = Transition(
    "submit", frozenset({S.DRAFT}), S.SUBMITTED, Action.SUBMIT, _("Submit"), marks_late=True
)
RETURN = Transition(
    "return",
    frozenset({S.SUBMITTED, S.RESUBMITTED}),
    S.RETURNED,
    Action.REVIEW,
    _("Return for revision"),
    comment_required=True,
    style="warning",
)
RESUBMIT = Transition(
    "resubmit", frozenset({S.RETURNED}), S.RESUBMITTED, Action.SUBMIT, _("Resubmit")
)
ACCEPT = Transition(
    "accept", frozenset({S.SUBMITTED, S.RESUBMITTED}), S.ACCEPTED, Action.REVIEW, _("Accept")
)
START = Transition(
    "start", frozenset({S.ACCEPTED}), S.IN_PROGRESS, Action.SUBMIT, _("Start carrying it out")
)
SELF_ASSESS = Transition(
    "self_assess",
    frozenset({S.IN_PROGRESS}),
    S.SELF_ASSESSED,
    Action.SUBMIT,
    _("Send the self-assessment"),
)
BEGIN_REVIEW = Transition(
    "begin_review",
    frozenset({S.SELF_ASSESSED}),
    S.UNDER_REVIEW,
    Action.REVIEW,
    _("Begin the review"),
)
RECOGNISE = Transition(
    "recognise",
    frozenset({S.UNDER_REVIEW}),
    S.RECOGNISED,
    Action.REVIEW,
    _("Recognise"),
    style="success",
)
NOT_RECOGNISE = Transition(
    "not_recognise",
    frozenset({S.UNDER_REVIEW}),
    S.NOT_RECOGNISED,
    Action.REVIEW,
    _("Do not recognise"),
    comment_required=True,
    style="secondary",
)
MARK_OUTSTANDING = Transition(
    "mark_outstanding",
    frozenset({S.RECOGNISED}),
    S.OUTSTANDING,
    Action.REVIEW,
    _("Mark as outstanding"),
    style="success",
)
WITHDRAW = Transition(
    "withdraw",
    frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED, S.RESUBMITTED, S.ACCEPTED, S.IN_PROGRESS}),
    S.WITHDRAWN,
    Action.SUBMIT,
    _("Withdraw"),
    comment_required=True,
    style="outline-danger",
    confirm=_("Withdraw this registration? The steering committee will see it as withdrawn."),
)

TRANSITIONS = [
    SUBMIT,
    RETURN,
    RESUBMIT,
    ACCEPT,
    START,
    SELF_ASSESS,
    BEGIN_REVIEW,
    RECOGNISE,
    NOT_RECOGNISE,
    MARK_OUTSTANDING,
    WITHDRAW,
]

REGISTRATION_WORKFLOW = Workflow(
    transitions=TRANSITIONS,
    event_model=RegistrationEvent,
    event_subject_field="registration",
    late_rule=is_late,
    # With a context of their own: the same English sentences live in the project catalogue,
    # which would otherwise win over this app's wording.
    messages={
        "unknown": pgettext_lazy("registration", "This step does not exist."),
        "state": pgettext_lazy(
            "registration", "“%(step)s” is not possible while the status is “%(state)s”."
        ),
        "role": pgettext_lazy("registration", "Your role does not allow “%(step)s”."),
        "comment": pgettext_lazy("registration", "Please give a reason for “%(step)s”."),
    },
)

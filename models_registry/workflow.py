"""The life of a registration as one transition table (domain.md §3).

draft → submitted (late after the unit's effective deadline) → returned (reason) ⇄ resubmitted
→ accepted → in progress → self-assessed → under review → recognised / not recognised →
outstanding; withdrawn from any step before the review. Members edit (Action.EDIT), leaders and
deputies submit for the unit (Action.SUBMIT), the steering committee reviews (Action.REVIEW).
Each step's checks, stamps and notifications are its hooks, below; steps are taken with
``REGISTRATION_WORKFLOW.take(registration, name, by=…, comment=…, **data)``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Avg, DateField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from campaigns.models import Deadline, DeadlineExtension, DeadlineKind
from danvan.workflow import Step, Transition, Workflow, tell_unit
from units.scoping import Action

from .models import Registration, RegistrationEvent, Rubric, ScoreKind, Status

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


def due_date_expression() -> Subquery:
    """``due_date_for`` as an expression on a registration queryset (one query for the page):
    the effective due date (the unit's extension, else the date) of the current registration
    deadline of its campaign and year whose unit is the registration's unit or an ancestor,
    the deepest first, then the latest, as ``registration_deadline`` picks it."""
    extension = DeadlineExtension.objects.filter(
        deadline=OuterRef("pk"), unit=OuterRef(OuterRef("unit"))
    )
    covering = (
        Deadline.objects.current()
        .filter(
            campaign=OuterRef("campaign"),
            year=OuterRef("year"),
            kind=DeadlineKind.REGISTRATION,
            # The deadline's unit path is a prefix of the registration's unit path.
            applies_to__path=Substr(OuterRef("unit__path"), 1, Length("applies_to__path")),
        )
        .order_by("-applies_to__depth", "-due_date")
        .values(due=Coalesce(Subquery(extension.values("due_date")[:1]), "due_date"))
    )
    return Subquery(covering[:1], output_field=DateField())


def due_date_for(registration: Registration) -> datetime.date | None:
    deadline = registration_deadline(registration)
    # The unit's extension comes annotated with the deadline (one query, not two).
    return None if deadline is None else deadline.effective_due


def is_late(registration: Registration, when: datetime.datetime) -> bool:
    """Late when sent after the unit's effective due date (extensions included), local time."""
    due = due_date_for(registration)
    return due is not None and timezone.localdate(when) > due


def reviewer_average(registration: Registration) -> Decimal | None:
    value = registration.scores.filter(kind=ScoreKind.REVIEWER).aggregate(avg=Avg("total"))["avg"]
    return None if value is None else Decimal(value).quantize(Decimal("0.1"))


# --- hooks --------------------------------------------------------------------------------

tell = partial(tell_unit, about="registration", params=lambda r: {"name": r.name}, and_author=True)


def complete(registration: Registration, step: Step) -> None:
    missing = registration.missing_for_submission()
    if missing:
        raise ValidationError(missing)


def self_checked(registration: Registration, step: Step) -> None:
    if not registration.scores.filter(kind=ScoreKind.SELF).exists():
        raise ValidationError(gettext("Fill in the self-check with the rubric first."))


def reaches(minimum_of: str):
    """Validator: the reviewers' average must reach the rubric's threshold (``recognised_from``
    or ``outstanding_from``) unless the reviewer justifies the exception in the comment, which
    the history keeps. Without any reviewer score the step is refused."""

    def check(registration: Registration, step: Step) -> None:
        rubric = Rubric.objects.for_campaign(registration.campaign)
        average = reviewer_average(registration)
        if average is None:
            raise ValidationError(gettext("Score the registration with the rubric first."))
        if rubric is None or step.comment:
            return
        minimum = getattr(rubric, minimum_of)
        if average < minimum:
            raise ValidationError(
                gettext(
                    "The average score %(score)s is below the %(min)s points needed. To decide "
                    "otherwise, explain why in the comment."
                )
                % {"score": f"{average:.1f}", "min": minimum}
            )

    return check


def decided(registration: Registration, step: Step) -> None:
    """Recognition needs the decision's number and date, and the threshold (or a reason)."""
    errors = []
    if not (step.data.get("decision_number") or "").strip():
        errors.append(gettext("Enter the recognition decision number."))
    if step.data.get("decision_date") is None:
        errors.append(gettext("Enter the recognition decision date."))
    try:
        reaches("recognised_from")(registration, step)
    except ValidationError as error:
        errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)


def decision(registration: Registration, step: Step) -> dict[str, Any]:
    return {
        "decision_number": (step.data.get("decision_number") or "").strip(),
        "decision_date": step.data.get("decision_date"),
    }


def also_outstanding(registration: Registration, step: Step) -> str:
    """Recognised and outstanding in one go: two steps, one transaction."""
    return "mark_outstanding" if step.data.get("outstanding") else ""


# --- the table ----------------------------------------------------------------------------

SUBMIT = Transition(
    "submit",
    frozenset({S.DRAFT}),
    S.SUBMITTED,
    Action.SUBMIT,
    _("Submit"),
    marks_late=True,
    validate=complete,
    stamp=lambda r, step: {"submitted_at": step.now},
)
RETURN = Transition(
    "return",
    frozenset({S.SUBMITTED, S.RESUBMITTED}),
    S.RETURNED,
    Action.REVIEW,
    _("Return for revision"),
    comment_required=True,
    style="warning",
    notify=tell("returned", _("Registration “%(name)s” was returned for revision")),
)
RESUBMIT = Transition(
    "resubmit",
    frozenset({S.RETURNED}),
    S.RESUBMITTED,
    Action.SUBMIT,
    _("Resubmit"),
    validate=complete,
)
ACCEPT = Transition(
    "accept",
    frozenset({S.SUBMITTED, S.RESUBMITTED}),
    S.ACCEPTED,
    Action.REVIEW,
    _("Accept"),
    notify=tell("accepted", _("Registration “%(name)s” was accepted")),
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
    validate=self_checked,
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
    validate=decided,
    stamp=decision,
    notify=tell("recognised", _("Model “%(name)s” was recognised")),
    then=also_outstanding,
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
    validate=reaches("outstanding_from"),
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

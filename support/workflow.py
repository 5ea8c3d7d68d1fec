"""Three transition tables (danvan.workflow): visits, follow-up actions and questions.

Visit: planned → held (recorded with findings) | cancelled. Reviewers and the standing office
(Action.REVIEW) plan, record and cancel.

Follow-up: open → answered (the unit says what it did, Action.EDIT) → closed (a reviewer accepts)
or back to open (a reviewer reopens, with a reason). A reviewer may also close an open action.

Question: open (waiting for the standing office) → answered, or → waiting for the unit (the
office asks back) → open again when the unit replies. After an answer the unit may reopen once
(reopened → answered again), or accept it; the office may close an answered question. A
question step's comment is the message sent to the other side (with an optional file).

Each step's checks, stamps and notifications are its hooks; steps are taken with
``<WORKFLOW>.take(obj, name, by=…, comment=…, **data)``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from danvan.workflow import Step, Transition, TransitionRefused, Workflow, unit_people
from notifications.services import notify
from units.models import Unit, User
from units.scoping import Action, users_for_action

from .models import (
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    Question,
    QuestionEvent,
    QuestionMessage,
    QuestionStatus,
    Side,
    Visit,
    VisitEvent,
    VisitStatus,
)


def office_people(unit: Unit) -> list[User]:
    """Standing-office people whose subtree covers the organisation."""
    return list(users_for_action(Action.MANAGE, unit))


# ---------------------------------------------------------------- visit hooks


def visit_findings(visit: Visit, step: Step) -> None:
    """Date, findings and assessment are required; the date not long before the plan."""
    data = step.data
    visit.held_on = data.get("held_on")
    visit.findings = data.get("findings") or ""
    visit.assessment = data.get("assessment") or ""
    if data.get("minutes") is not None:
        visit.minutes = data["minutes"]
    errors = {}
    if not visit.findings.strip():
        errors["findings"] = gettext("Please write down the findings.")
    if not visit.assessment:
        errors["assessment"] = gettext("Please choose an assessment.")
    if visit.held_on and visit.held_on < visit.planned_on - datetime.timedelta(days=180):
        errors["held_on"] = gettext("The date is long before the planned date; please check it.")
    if errors:
        raise ValidationError(errors)
    visit.full_clean()


def visit_held(visit: Visit, step: Step) -> dict[str, Any]:
    changes = {name: getattr(visit, name) for name in ("held_on", "findings", "assessment")}
    if step.data.get("minutes") is not None:
        changes["minutes"] = visit.minutes
    return changes


def tell_visit_held(visit: Visit, step: Step) -> None:
    notify(
        recipients=unit_people(visit.unit),
        kind="support_visit_held",
        title=gettext("Findings of the %(kind)s of %(date)s: %(assessment)s")
        % {
            "kind": visit.get_kind_display().lower(),
            "date": visit.held_on.strftime("%d/%m/%Y"),
            "assessment": visit.get_assessment_display(),
        },
        body=visit.findings[:500],
        url=visit.get_absolute_url(),
        dedupe_key=f"support:visit:{visit.pk}:held",
    )


# ---------------------------------------------------------------- follow-up hooks


def follow_up_response(follow_up: FollowUp, step: Step) -> None:
    response = step.data.get("response") or ""
    if not response.strip():
        raise ValidationError({"response": gettext("Please say what was done.")})
    follow_up.response = response
    if step.data.get("evidence") is not None:
        follow_up.evidence = step.data["evidence"]
    follow_up.full_clean()


def follow_up_answered(follow_up: FollowUp, step: Step) -> dict[str, Any]:
    changes: dict[str, Any] = {
        "response": (step.data.get("response") or "").strip(),
        "answered_at": step.now,
        "answered_by": step.by,
    }
    if step.data.get("evidence") is not None:
        changes["evidence"] = follow_up.evidence
    return changes


def tell_follow_up_reopened(follow_up: FollowUp, step: Step) -> None:
    notify(
        recipients=unit_people(follow_up.unit),
        kind="support_follow_up",
        title=gettext("A follow-up action was reopened"),
        body=step.comment,
        url=follow_up.get_absolute_url(),
        dedupe_key=f"support:follow_up:{follow_up.pk}:reopen:{step.event.pk}",
    )


# ---------------------------------------------------------------- question hooks


def askers(question: Question) -> list[User]:
    people = unit_people(question.unit)
    if question.asked_by.is_active and question.asked_by not in people:
        people.append(question.asked_by)
    return people


def to_office(question: Question) -> list[User]:
    return office_people(question.unit)


def write_message(question: Question, *, side: str, by: User, text: str, file=None):
    message = QuestionMessage(question=question, side=side, author=by, text=text)
    if file is not None:
        message.file = file
    message.full_clean()
    message.save()
    return message


def tell_question(question: Question, recipients, *, step: str, title: str, body: str, key):
    notify(
        recipients=recipients,
        kind=f"support_question_{step}",
        title=title,
        body=body[:500],
        url=question.get_absolute_url(),
        dedupe_key=f"support:question:{question.pk}:{step}:{key}",
    )


def message_to(side: str, recipients, title):
    """The step's text (and file) joins the thread from ``side``; the other side is told."""

    def hook(question: Question, step: Step) -> None:
        text = step.comment
        message = None
        if text:
            message = write_message(
                question, side=side, by=step.by, text=text, file=step.data.get("file")
            )
        tell_question(
            question,
            recipients(question),
            step=step.transition.name,
            title=str(title) % {"subject": question.subject},
            body=text,
            key=message.pk if message else step.event.pk,
        )

    return hook


def waiting(question: Question, step: Step) -> dict[str, Any]:
    """The clock the board shows restarts with every move."""
    changes: dict[str, Any] = {"waiting_since": step.now}
    if step.transition.name == "answer" and question.first_answered_at is None:
        changes["first_answered_at"] = step.now
    if step.transition.name == "reopen":
        changes["reopen_count"] = question.reopen_count + 1
    return changes


def once(question: Question, step: Step) -> None:
    if question.reopen_count >= 1:
        raise TransitionRefused(gettext("A question can be reopened only once."), "state")


MESSAGES = {
    "unknown": pgettext_lazy("support", "This step does not exist."),
    "state": pgettext_lazy(
        "support", "“%(step)s” is not possible while the status is “%(state)s”."
    ),
    "role": pgettext_lazy("support", "Your role does not allow “%(step)s”."),
    "comment": pgettext_lazy("support", "Please give a reason for “%(step)s”."),
}

V = VisitStatus
RECORD_VISIT = Transition(
    "record",
    frozenset({V.PLANNED}),
    V.HELD,
    Action.REVIEW,
    _("Record the visit as held"),
    validate=visit_findings,
    stamp=visit_held,
    notify=tell_visit_held,
)
CANCEL_VISIT = Transition(
    "cancel",
    frozenset({V.PLANNED}),
    V.CANCELLED,
    Action.REVIEW,
    _("Cancel the visit"),
    comment_required=True,
    style="outline-danger",
    confirm=_("Cancel this visit? The organisation will see it as cancelled."),
)
VISIT_WORKFLOW = Workflow(
    transitions=[RECORD_VISIT, CANCEL_VISIT],
    event_model=VisitEvent,
    event_subject_field="visit",
    messages=MESSAGES,
)

F = FollowUpStatus
ANSWER_FOLLOW_UP = Transition(
    "answer",
    frozenset({F.OPEN}),
    F.ANSWERED,
    Action.EDIT,
    _("Send what was done"),
    validate=follow_up_response,
    stamp=follow_up_answered,
)
CLOSE_FOLLOW_UP = Transition(
    "close",
    frozenset({F.OPEN, F.ANSWERED}),
    F.CLOSED,
    Action.REVIEW,
    _("Close the action"),
    style="success",
)
REOPEN_FOLLOW_UP = Transition(
    "reopen",
    frozenset({F.ANSWERED, F.CLOSED}),
    F.OPEN,
    Action.REVIEW,
    _("Reopen the action"),
    comment_required=True,
    style="warning",
    notify=tell_follow_up_reopened,
)
FOLLOW_UP_WORKFLOW = Workflow(
    transitions=[ANSWER_FOLLOW_UP, CLOSE_FOLLOW_UP, REOPEN_FOLLOW_UP],
    event_model=FollowUpEvent,
    event_subject_field="follow_up",
    messages=MESSAGES,
)

Q = QuestionStatus
ANSWER = Transition(
    "answer",
    frozenset({Q.OPEN, Q.REOPENED}),
    Q.ANSWERED,
    Action.MANAGE,
    _("Send the answer"),
    comment_required=True,
    style="success",
    stamp=waiting,
    notify=message_to(Side.OFFICE, askers, _("The standing office answered: %(subject)s")),
)
ASK_BACK = Transition(
    "ask_back",
    frozenset({Q.OPEN, Q.REOPENED}),
    Q.WAITING_UNIT,
    Action.MANAGE,
    _("Ask the unit for more information"),
    comment_required=True,
    style="outline-primary",
    stamp=waiting,
    notify=message_to(
        Side.OFFICE, askers, _("The standing office needs more information: %(subject)s")
    ),
)
REPLY = Transition(
    "reply",
    frozenset({Q.WAITING_UNIT}),
    Q.OPEN,
    Action.EDIT,
    _("Send the information"),
    comment_required=True,
    stamp=waiting,
    notify=message_to(Side.UNIT, to_office, _("The unit sent more information: %(subject)s")),
)
REOPEN = Transition(
    "reopen",
    frozenset({Q.ANSWERED}),
    Q.REOPENED,
    Action.EDIT,
    _("Not satisfied: reopen"),
    comment_required=True,
    style="warning",
    validate=once,
    stamp=waiting,
    notify=message_to(Side.UNIT, to_office, _("The unit reopened its question: %(subject)s")),
)
ACCEPT = Transition(
    "accept",
    frozenset({Q.ANSWERED}),
    Q.CLOSED,
    Action.EDIT,
    _("Satisfied: close the question"),
    style="success",
    notify=message_to(Side.UNIT, to_office, _("The unit closed its question: %(subject)s")),
)
CLOSE = Transition(
    "close",
    frozenset({Q.ANSWERED, Q.WAITING_UNIT}),
    Q.CLOSED,
    Action.MANAGE,
    pgettext_lazy("question", "Close the question"),
    style="outline-secondary",
    notify=message_to(
        Side.OFFICE, askers, _("The standing office closed the question: %(subject)s")
    ),
)
QUESTION_WORKFLOW = Workflow(
    transitions=[ANSWER, ASK_BACK, REPLY, REOPEN, ACCEPT, CLOSE],
    event_model=QuestionEvent,
    event_subject_field="question",
    messages=MESSAGES,
)

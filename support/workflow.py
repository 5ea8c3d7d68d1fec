"""Three transition tables (danvan.workflow): visits, follow-up actions and questions.

Visit: planned → held (recorded with findings) | cancelled. Reviewers and the standing office
(Action.REVIEW) plan, record and cancel.

Follow-up: open → answered (the unit says what it did, Action.EDIT) → closed (a reviewer accepts)
or back to open (a reviewer reopens, with a reason). A reviewer may also close an open action.

Question: open (waiting for the standing office) → answered, or → waiting for the unit (the
office asks back) → open again when the unit replies. After an answer the unit may reopen once
(reopened → answered again), or accept it; the office may close an answered question.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.workflow import Transition, Workflow
from units.scoping import Action

from .models import (
    FollowUpEvent,
    FollowUpStatus,
    QuestionEvent,
    QuestionStatus,
    VisitEvent,
    VisitStatus,
)

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
    "record", frozenset({V.PLANNED}), V.HELD, Action.REVIEW, _("Record the visit as held")
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
    "answer", frozenset({F.OPEN}), F.ANSWERED, Action.EDIT, _("Send what was done")
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
)
ASK_BACK = Transition(
    "ask_back",
    frozenset({Q.OPEN, Q.REOPENED}),
    Q.WAITING_UNIT,
    Action.MANAGE,
    _("Ask the unit for more information"),
    comment_required=True,
    style="outline-primary",
)
REPLY = Transition(
    "reply",
    frozenset({Q.WAITING_UNIT}),
    Q.OPEN,
    Action.EDIT,
    _("Send the information"),
    comment_required=True,
)
REOPEN = Transition(
    "reopen",
    frozenset({Q.ANSWERED}),
    Q.REOPENED,
    Action.EDIT,
    _("Not satisfied: reopen"),
    comment_required=True,
    style="warning",
)
ACCEPT = Transition(
    "accept",
    frozenset({Q.ANSWERED}),
    Q.CLOSED,
    Action.EDIT,
    _("Satisfied: close the question"),
    style="success",
)
CLOSE = Transition(
    "close",
    frozenset({Q.ANSWERED, Q.WAITING_UNIT}),
    Q.CLOSED,
    Action.MANAGE,
    pgettext_lazy("question", "Close the question"),
    style="outline-secondary",
)
QUESTION_WORKFLOW = Workflow(
    transitions=[ANSWER, ASK_BACK, REPLY, REOPEN, ACCEPT, CLOSE],
    event_model=QuestionEvent,
    event_subject_field="question",
    messages=MESSAGES,
)

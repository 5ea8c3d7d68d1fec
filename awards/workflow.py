"""The life of an award proposal as one transition table (domain.md §5).

draft → submitted → returned (reason required) ⇄ resubmitted → accepted (reviewers) or not
accepted (reason required). Members edit drafts and returned proposals (Action.EDIT), the group
leader submits for the unit (Action.SUBMIT), the steering committee reviews (Action.REVIEW).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.workflow import Transition, Workflow
from units.scoping import Action

from .models import ProposalEvent, ProposalStatus

S = ProposalStatus

SUBMIT = Transition(
    "submit", frozenset({S.DRAFT}), S.SUBMITTED, Action.SUBMIT, _("Submit the proposal")
)
RESUBMIT = Transition(
    "resubmit", frozenset({S.RETURNED}), S.RESUBMITTED, Action.SUBMIT, _("Resubmit the proposal")
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
ACCEPT = Transition(
    "accept",
    frozenset({S.SUBMITTED, S.RESUBMITTED}),
    S.ACCEPTED,
    Action.REVIEW,
    _("Accept the proposal"),
    style="success",
)
REJECT = Transition(
    "reject",
    frozenset({S.SUBMITTED, S.RESUBMITTED}),
    S.NOT_ACCEPTED,
    Action.REVIEW,
    _("Do not accept"),
    comment_required=True,
    style="outline-danger",
    confirm=_("Refuse this proposal? The organisation will see the reason."),
)

TRANSITIONS = [SUBMIT, RESUBMIT, RETURN, ACCEPT, REJECT]

PROPOSAL_WORKFLOW = Workflow(
    transitions=TRANSITIONS,
    event_model=ProposalEvent,
    event_subject_field="proposal",
    messages={
        "unknown": pgettext_lazy("award proposal", "This step does not exist."),
        "state": pgettext_lazy(
            "award proposal", "“%(step)s” is not possible while the status is “%(state)s”."
        ),
        "role": pgettext_lazy("award proposal", "Your role does not allow “%(step)s”."),
        "comment": pgettext_lazy("award proposal", "Please give a reason for “%(step)s”."),
    },
)

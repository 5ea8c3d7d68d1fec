"""The life of an award proposal as one transition table (domain.md §5).

draft → submitted → returned (reason required) ⇄ resubmitted → accepted (reviewers) or not
accepted (reason required). Members edit drafts and returned proposals (Action.EDIT), the group
leader submits for the unit (Action.SUBMIT), the steering committee reviews (Action.REVIEW).
Sending checks the dossier and the quotas; the reviewers' steps tell the unit. Taken with
``PROPOSAL_WORKFLOW.take``.
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.workflow import Step, Transition, Workflow, tell_unit
from units.scoping import Action

from .models import Proposal, ProposalEvent, ProposalStatus

S = ProposalStatus


def complete(proposal: Proposal, step: Step) -> None:
    from .services import missing_for_submission

    problems = missing_for_submission(proposal)
    if problems:
        raise ValidationError(problems)


def sent(proposal: Proposal, step: Step) -> dict:
    return {"submitted_at": step.now}


tell = partial(tell_unit, about="award_proposal", params=lambda p: {"year": p.year})

SUBMIT = Transition(
    "submit",
    frozenset({S.DRAFT}),
    S.SUBMITTED,
    Action.SUBMIT,
    _("Submit the proposal"),
    validate=complete,
    stamp=sent,
)
RESUBMIT = Transition(
    "resubmit",
    frozenset({S.RETURNED}),
    S.RESUBMITTED,
    Action.SUBMIT,
    _("Resubmit the proposal"),
    validate=complete,
    stamp=sent,
)
RETURN = Transition(
    "return",
    frozenset({S.SUBMITTED, S.RESUBMITTED}),
    S.RETURNED,
    Action.REVIEW,
    _("Return for revision"),
    comment_required=True,
    style="warning",
    notify=tell("returned", _("Your award proposal for %(year)s was returned")),
)
ACCEPT = Transition(
    "accept",
    frozenset({S.SUBMITTED, S.RESUBMITTED}),
    S.ACCEPTED,
    Action.REVIEW,
    _("Accept the proposal"),
    style="success",
    notify=tell("accepted", _("Your award proposal for %(year)s was accepted")),
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
    notify=tell("not_accepted", _("Your award proposal for %(year)s was not accepted")),
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

"""The life of a campaign as one transition table (``danvan.workflow``): draft → active →
closed, and a closed campaign reopened (active again) to fix a mistake. The standing office
whose unit the campaign covers takes the steps (Action.MANAGE on ``root_unit``); each change is a
``CampaignEvent`` (who, when, from, to, why). Taken with ``CAMPAIGN_WORKFLOW.take``; making an
active campaign the current one is not a change of status (``services.campaign_make_current``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danvan.workflow import Transition, Workflow
from units.scoping import Action

from .models import CampaignEvent
from .models import CampaignStatus as S

ACTIVATE = Transition(
    "activate",
    frozenset({S.DRAFT, S.CLOSED}),
    S.ACTIVE,
    Action.MANAGE,
    _("Activate"),
    style="success",
)
CLOSE = Transition(
    "close",
    frozenset({S.ACTIVE}),
    S.CLOSED,
    Action.MANAGE,
    _("Close"),
    style="outline-danger",
    stamp=lambda campaign, step: {"is_current": False},  # only an active campaign is current
)

CAMPAIGN_WORKFLOW = Workflow(
    transitions=[ACTIVATE, CLOSE],
    event_model=CampaignEvent,
    event_subject_field="campaign",
    unit_attr="root_unit",
    # The campaign's history predates the shared event model.
    event_fields={
        "actor": "by",
        "transition": None,
        "from_state": "from_status",
        "to_state": "to_status",
    },
)

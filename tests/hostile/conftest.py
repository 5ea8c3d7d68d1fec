import datetime
from dataclasses import dataclass

import pytest

from models_registry.models import Status
from reports.services import report_start
from support.workflow import QUESTION_WORKFLOW
from tests.awards.factories import award_campaign, make_proposal
from tests.models_registry.factories import make_registration
from tests.reports.factories import make_campaign, make_deadline
from tests.support.factories import ask, follow_up, held_visit, plan_visit


@dataclass
class World:
    tree: object
    group_leader: object
    group_member: object
    reviewer: object
    standing_office: object
    admin_user: object
    campaign: object
    proposal: object
    report: object
    visit: object
    held: object
    bloc_campaign: object
    follow_up: object
    question: object
    answered: object
    registration: object  # a complete draft of base_a
    accepted: object  # a registration under way (progress updates)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(tree, group_leader, group_member, reviewer, standing_office, admin_user) -> World:
    campaign = award_campaign(tree.province)
    proposal = make_proposal(tree.base_a, campaign, nominees=0)
    deadline = make_deadline(campaign, applies_to=tree.bloc)
    report = report_start(unit=tree.base_a, deadline=deadline, by=group_leader)
    held = held_visit(tree.base_a, reviewer)
    draft = make_registration(tree.base_a, campaign, year=2013)
    accepted = make_registration(tree.base_a, campaign, year=2013, status=Status.ACCEPTED)
    return World(
        tree,
        group_leader,
        group_member,
        reviewer,
        standing_office,
        admin_user,
        campaign,
        proposal,
        report,
        plan_visit(tree.base_a, reviewer, planned_on=datetime.date(2013, 6, 1)),
        held,
        make_campaign(tree.bloc, code="hostile-bloc", is_current=False),
        follow_up(held, reviewer),
        ask(tree.base_a, group_member),
        QUESTION_WORKFLOW.take(
            ask(tree.base_a, group_member), "answer", by=standing_office, comment="Trả lời."
        ),
        draft,
        accepted,
    )

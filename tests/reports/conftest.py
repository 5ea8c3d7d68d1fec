"""A hand-counted set of registrations over the shared tree (see the table in ``stats_fixture``)."""

from dataclasses import dataclass

import pytest

from campaigns.models import Campaign
from models_registry.models import Kind, Level, Registration, Status

from .factories import field, make_campaign, make_registration


@dataclass
class StatsFixture:
    campaign: Campaign
    regs: dict[str, Registration]


@pytest.fixture
def stats_fixture(tree) -> StatsFixture:
    """2013, bloc 1 (base A, base B; base B registers nothing that counts):

    | name | unit | field | kind | level | status | cont. | budget | days |
    | a1 | A | economy | model | grassroots | submitted | – | 10,000,000 | 20 |
    | a2 | A | economy | model | bloc | recognised | a0 | 5,500,000 | 10 |
    | a3 | A | culture | collective | grassroots | outstanding | – | – | 5 |
    | a4 | A | culture | individual | grassroots | in_progress | – | 1,000,000 | – |
    | a5 | A | political | model | grassroots | accepted | – | 0 | 0 | (replicated by c1)
    | a6 | A | – | model | grassroots | resubmitted | – | 2,000,000 | 3 |
    not counted: b1 draft, b2 returned, b3 withdrawn (base B); a0 (2012); c0 (other bloc)
    """
    campaign = make_campaign(tree.province)
    a, b, c = tree.base_a, tree.base_b, tree.base_c
    regs = {}
    regs["a0"] = make_registration(a, campaign, year=2012, status=Status.RECOGNISED)
    regs["a1"] = make_registration(a, campaign, budget_vnd=10_000_000, workdays=20)
    regs["a2"] = make_registration(
        a,
        campaign,
        level=Level.BLOC,
        status=Status.RECOGNISED,
        continued_from=regs["a0"],
        budget_vnd=5_500_000,
        workdays=10,
    )
    regs["a3"] = make_registration(
        a,
        campaign,
        kind=Kind.COLLECTIVE_EXEMPLAR,
        primary_field=field("culture_society"),
        status=Status.OUTSTANDING,
        workdays=5,
    )
    regs["a4"] = make_registration(
        a,
        campaign,
        kind=Kind.INDIVIDUAL_EXEMPLAR,
        primary_field=field("culture_society"),
        status=Status.IN_PROGRESS,
        budget_vnd=1_000_000,
        person_name="Trần Thị Mai",
    )
    regs["a5"] = make_registration(
        a,
        campaign,
        primary_field=field("political_system"),
        status=Status.ACCEPTED,
        budget_vnd=0,
        workdays=0,
    )
    regs["a6"] = make_registration(
        a,
        campaign,
        primary_field=None,
        status=Status.RESUBMITTED,
        budget_vnd=2_000_000,
        workdays=3,
    )
    regs["b1"] = make_registration(b, campaign, status=Status.DRAFT)
    regs["b2"] = make_registration(b, campaign, status=Status.RETURNED)
    regs["b3"] = make_registration(b, campaign, status=Status.WITHDRAWN)
    regs["c0"] = make_registration(c, campaign)
    regs["c1"] = make_registration(c, campaign, replicated_from=regs["a5"])
    return StatsFixture(campaign=campaign, regs=regs)

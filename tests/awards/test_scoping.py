"""Another organisation's proposal, file or nominee is 404; pages gated by role are 403."""

import pytest
from django.urls import reverse

from awards.models import ProposalStatus

from .factories import make_decision, make_proposal, pdf


@pytest.fixture
def other(tree, campaign):
    return make_proposal(tree.base_b, campaign, status=ProposalStatus.SUBMITTED)


def test_a_unit_sees_its_own_proposals_only(tree, campaign, other, group_member, login):
    mine = make_proposal(tree.base_a, campaign)
    client = login(group_member)
    page = client.get(reverse("awards:mine")).content.decode()
    assert mine.get_absolute_url() in page
    assert other.get_absolute_url() not in page
    assert client.get(mine.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("name", "method", "extra"),
    [
        ("awards:detail", "get", {}),
        ("awards:short_list", "get", {}),
        ("awards:download", "get", {"name": "letter"}),
        ("awards:nominee_add", "post", {}),
        ("awards:upload", "post", {}),
        ("awards:step", "post", {"name": "submit"}),
    ],
)
def test_another_units_proposal_is_not_found(other, group_leader, login, name, method, extra):
    client = login(group_leader)
    url = reverse(name, kwargs={"pk": other.pk, **extra})
    data = {"letter": pdf()} if name == "awards:upload" else {"name": "X", "achievement": "Y"}
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == 404


def test_another_units_nominee_cannot_be_removed(tree, campaign, group_leader, login):
    theirs = make_proposal(tree.base_b, campaign)
    nominee = theirs.nominees.get()
    response = login(group_leader).post(reverse("awards:nominee_delete", args=[nominee.pk]))
    assert response.status_code == 404
    assert theirs.nominees.count() == 1


def test_a_reviewer_of_another_bloc_does_not_see_the_proposal(tree, other, login):
    from tests.units.factories import person_with_role
    from units.models import Role

    stranger = person_with_role(Role.REVIEWER, tree.bloc2, username="bancd2")
    client = login(stranger)
    assert client.get(other.get_absolute_url()).status_code == 404
    page = client.get(reverse("awards:queue")).content.decode()
    assert other.get_absolute_url() not in page


def test_members_cannot_open_review_quota_or_decision_pages(group_member, login):
    client = login(group_member)
    for name in ("awards:queue", "awards:decisions", "awards:quotas", "awards:decision_new"):
        assert client.get(reverse(name)).status_code == 403


def test_a_reviewer_reads_decisions_but_only_the_office_records_them(
    tree, campaign, reviewer, standing_office, login
):
    decision = make_decision(tree.bloc, campaign)
    client = login(reviewer)
    assert client.get(reverse("awards:decisions")).status_code == 200
    assert client.get(decision.get_absolute_url()).status_code == 200
    assert client.get(reverse("awards:decision_new")).status_code == 403
    assert client.get(reverse("awards:quotas")).status_code == 403
    assert login(standing_office).get(reverse("awards:decision_new")).status_code == 200


def test_another_blocs_decision_is_not_found(tree, campaign, reviewer, login):
    theirs = make_decision(tree.bloc2, campaign, number="7-QĐ/ĐUK")
    client = login(reviewer)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(reverse("awards:decision_file", args=[theirs.pk])).status_code == 404

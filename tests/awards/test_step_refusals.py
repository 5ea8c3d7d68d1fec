"""A refused step of an award proposal shows the proposal again, the reason on the comment box
and the typed text kept; nothing is saved."""

import pytest
from django.urls import reverse

from awards.models import ProposalStatus
from tests.danvan.steps import LONG, NUL, NUL_VI, TOO_LONG_VI, assert_refused_and_kept

from .factories import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(tree, campaign):
    proposal = make_proposal(tree.base_a, campaign)
    proposal.status = ProposalStatus.SUBMITTED
    proposal.save(update_fields=["status"])
    return proposal


@pytest.mark.parametrize(("typed", "reason"), [(LONG, TOO_LONG_VI), (NUL, NUL_VI)])
@pytest.mark.parametrize("name", ["return", "reject"])
def test_a_comment_too_long_or_with_a_nul_byte_is_refused_and_kept(
    submitted, reviewer, login, typed, reason, name
):
    url = reverse("awards:step", args=[submitted.pk, name])
    response = login(reviewer).post(url, {"comment": typed})
    assert_refused_and_kept(response, typed, reason)
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.SUBMITTED
    assert not submitted.events.filter(transition=name).exists()


def test_a_step_the_role_does_not_allow_says_so_on_the_page(submitted, group_leader, login):
    url = reverse("awards:step", args=[submitted.pk, "accept"])
    response = login(group_leader).post(url, {"comment": "Đề nghị tiếp nhận"})
    assert response.status_code == 403
    assert "không được" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.SUBMITTED

"""A refused status change of a campaign shows the campaign again, the reason on the comment
box and the typed text kept; nothing is saved."""

import pytest
from django.urls import reverse

from campaigns.models import CampaignStatus
from tests.danvan.steps import LONG, NUL, NUL_VI, TOO_LONG_VI, assert_refused_and_kept

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("typed", "reason"), [(LONG, TOO_LONG_VI), (NUL, NUL_VI)])
def test_a_comment_too_long_or_with_a_nul_byte_is_refused_and_kept(
    campaign, standing_office, login, typed, reason
):
    status = campaign.status
    url = reverse("campaigns:transition", args=[campaign.pk, "close"])
    response = login(standing_office).post(url, {"comment": typed})
    assert_refused_and_kept(response, typed, reason)
    campaign.refresh_from_db()
    assert campaign.status == status == CampaignStatus.ACTIVE
    assert not campaign.events.exists()


def test_a_step_not_possible_now_says_why_and_keeps_the_text(campaign, standing_office, login):
    url = reverse("campaigns:transition", args=[campaign.pk, "activate"])
    response = login(standing_office).post(url, {"comment": "Kích hoạt lại"})
    assert_refused_and_kept(response, "Kích hoạt lại", "Không thể “Triển khai”", status=403)
    assert not campaign.events.exists()

"""Campaign status is a small workflow: draft → active → closed, each change recorded."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.models import Campaign, CampaignStatus
from campaigns.services import campaign_make_current
from campaigns.workflow import CAMPAIGN_WORKFLOW
from tests.campaigns.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_standing_office_creates_a_draft_then_activates_and_makes_it_current(
    tree, standing_office, login
):
    old = CampaignFactory(root_unit=tree.bloc, is_current=True)
    client = login(standing_office)
    response = client.post(
        reverse("campaigns:create"),
        {
            "name": "Phong trào thi đua “Dân vận khéo” giai đoạn 2016–2020",
            "code": "dvk-2016-2020",
            "root_unit": tree.bloc.pk,
            "start_date": "01/01/2016",
            "end_date": "31/12/2020",
            "description": "",
        },
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get(code="dvk-2016-2020")
    assert campaign.status == CampaignStatus.DRAFT
    client.post(
        reverse("campaigns:transition", args=[campaign.pk, "activate"]), {"comment": "Bắt đầu"}
    )
    client.post(reverse("campaigns:transition", args=[campaign.pk, "current"]))
    campaign.refresh_from_db()
    old.refresh_from_db()
    assert campaign.status == CampaignStatus.ACTIVE
    assert campaign.is_current
    assert not old.is_current
    assert Campaign.objects.current() == campaign
    event = campaign.events.get()
    assert (event.from_status, event.to_status, event.by, event.comment) == (
        "draft",
        "active",
        standing_office,
        "Bắt đầu",
    )


def test_end_before_start_is_refused_in_vietnamese(tree, standing_office, login):
    response = login(standing_office).post(
        reverse("campaigns:create"),
        {
            "name": "Sai ngày",
            "code": "sai",
            "root_unit": tree.bloc.pk,
            "start_date": "01/01/2016",
            "end_date": "31/12/2015",
        },
    )
    assert "Ngày kết thúc không được trước ngày bắt đầu" in response.content.decode()
    assert not Campaign.objects.filter(code="sai").exists()


def test_a_closed_campaign_cannot_be_closed_again(tree, standing_office):
    campaign = CampaignFactory(root_unit=tree.bloc)
    CAMPAIGN_WORKFLOW.take(campaign, "close", by=standing_office)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    assert not campaign.is_current
    with pytest.raises(ValidationError):
        CAMPAIGN_WORKFLOW.take(campaign, "close", by=standing_office)
    with pytest.raises(ValidationError):
        campaign_make_current(campaign=campaign, by=standing_office)
    CAMPAIGN_WORKFLOW.take(campaign, "activate", by=standing_office, comment="Mở lại")
    assert campaign.events.count() == 2


def test_members_see_their_blocs_campaign_but_not_another_blocs(tree, group_member, login):
    mine = CampaignFactory(root_unit=tree.bloc)
    other = CampaignFactory(root_unit=tree.bloc2, is_current=False)
    client = login(group_member)
    page = client.get(reverse("campaigns:list")).content.decode()
    assert mine.name in page
    assert other.name not in page
    assert client.get(reverse("campaigns:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("campaigns:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("campaigns:create")).status_code == 403

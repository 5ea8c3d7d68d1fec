"""Deadlines and extensions: the standing office manages them; bad dates are refused in
Vietnamese and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.models import Deadline, DeadlineExtension
from campaigns.services import deadline_extension_grant
from tests.campaigns.factories import CampaignFactory, DeadlineFactory

pytestmark = pytest.mark.django_db


def deadline_form(campaign, **overrides):
    data = {
        "year": 2013,
        "kind": "registration",
        "title": "Đăng ký mô hình năm 2013",
        "due_date": "31/03/2013",
        "applies_to": campaign.root_unit_id,
        "plan": "",
        "note": "",
    }
    data.update(overrides)
    return data


def test_standing_office_creates_a_deadline(campaign, standing_office, login):
    client = login(standing_office)
    response = client.post(
        reverse("campaigns:deadline_create", args=[campaign.pk]), deadline_form(campaign)
    )
    assert response.status_code == 302
    deadline = Deadline.objects.get()
    assert deadline.due_date == datetime.date(2013, 3, 31)


def test_due_date_outside_the_campaign_is_refused(campaign, standing_office, login):
    client = login(standing_office)
    response = client.post(
        reverse("campaigns:deadline_create", args=[campaign.pk]),
        deadline_form(campaign, due_date="15/01/2016"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hạn nộp phải nằm trong thời gian của phong trào (01/01/2011 – 31/12/2015)" in page
    assert not Deadline.objects.exists()


def test_extension_not_after_the_deadline_is_refused(tree, deadline, standing_office, login):
    client = login(standing_office)
    url = reverse("campaigns:deadline_detail", args=[deadline.pk])
    for day in ("31/03/2013", "20/03/2013"):
        response = client.post(url, {"unit": tree.base_a.pk, "due_date": day, "reason": "Lý do"})
        assert response.status_code == 400
        assert "Ngày gia hạn phải sau hạn nộp (31/03/2013)" in response.content.decode()
    assert not DeadlineExtension.objects.exists()


def test_extension_is_granted_with_its_reason(tree, deadline, standing_office, login):
    client = login(standing_office)
    url = reverse("campaigns:deadline_detail", args=[deadline.pk])
    response = client.post(
        url, {"unit": tree.base_a.pk, "due_date": "15/04/2013", "reason": "Thay đổi nhân sự"}
    )
    assert response.status_code == 302
    extension = DeadlineExtension.objects.get()
    assert (extension.unit, extension.granted_by) == (tree.base_a, standing_office)
    assert "Thay đổi nhân sự" in client.get(url).content.decode()


def test_extension_for_a_unit_the_deadline_does_not_cover_is_refused(
    tree, campaign, standing_office
):
    deadline = DeadlineFactory(campaign=campaign, applies_to=tree.base_b)
    with pytest.raises(ValidationError):
        deadline_extension_grant(
            deadline=deadline,
            unit=tree.base_a,
            due_date=datetime.date(2013, 4, 15),
            reason="Lý do",
            by=standing_office,
        )
    assert not DeadlineExtension.objects.exists()


def test_a_member_or_reviewer_may_not_manage_deadlines(deadline, group_member, reviewer, login):
    for user in (group_member, reviewer):
        client = login(user)
        assert (
            client.get(reverse("campaigns:deadline_detail", args=[deadline.pk])).status_code == 403
        )
        assert (
            client.get(
                reverse("campaigns:deadline_create", args=[deadline.campaign_id])
            ).status_code
            == 403
        )


def test_another_blocs_deadline_is_404_for_the_standing_office(tree, standing_office, login):
    elsewhere = DeadlineFactory(campaign=CampaignFactory(root_unit=tree.bloc2))
    client = login(standing_office)
    assert client.get(reverse("campaigns:deadline_detail", args=[elsewhere.pk])).status_code == 404
    assert (
        client.post(
            reverse("campaigns:deadline_detail", args=[elsewhere.pk]),
            {"unit": tree.base_c.pk, "due_date": "15/04/2013", "reason": "x"},
        ).status_code
        == 404
    )


def test_revoking_an_extension(tree, deadline, standing_office, login):
    extension = deadline_extension_grant(
        deadline=deadline,
        unit=tree.base_a,
        due_date=datetime.date(2013, 4, 15),
        reason="Lý do",
        by=standing_office,
    )
    client = login(standing_office)
    response = client.post(reverse("campaigns:extension_revoke", args=[extension.pk]))
    assert response.status_code == 302
    assert not DeadlineExtension.objects.exists()


def test_moving_a_deadline_before_its_extensions_is_refused(tree, deadline, standing_office):
    from campaigns.services import deadline_update

    deadline_extension_grant(
        deadline=deadline,
        unit=tree.base_a,
        due_date=datetime.date(2013, 4, 15),
        reason="Lý do",
        by=standing_office,
    )
    with pytest.raises(ValidationError):
        deadline_update(deadline=deadline, by=standing_office, due_date=datetime.date(2013, 4, 30))
    deadline.refresh_from_db()
    assert deadline.due_date == datetime.date(2013, 3, 31)


def test_shrinking_a_campaign_past_its_deadlines_is_refused(campaign, deadline, standing_office):
    from campaigns.services import campaign_update

    with pytest.raises(ValidationError):
        campaign_update(campaign=campaign, by=standing_office, start_date=datetime.date(2014, 1, 1))
    campaign.refresh_from_db()
    assert campaign.start_date == datetime.date(2011, 1, 1)

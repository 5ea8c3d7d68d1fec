"""One test per access rule of the reminder pages: members 403, another bloc's objects 404, a
calendar address that is revoked, replaced, unknown or of a deactivated person 404."""

import pytest
from django.urls import reverse

from reminders.models import CalendarFeed, ReminderPolicy
from tests.reminders.factories import make_campaign, make_deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_campaign(tree):
    """A campaign of the other bloc: outside the standing office's subtree."""
    return make_campaign(tree.bloc2, code="dvk-other")


@pytest.mark.parametrize(
    "name",
    ["reminders:log", "reminders:policies"],
)
def test_a_group_member_may_not_open_the_standing_office_pages(login, group_member, name):
    assert login(group_member).get(reverse(name)).status_code == 403


def test_a_group_member_may_not_open_or_edit_a_policy(login, group_member, campaign):
    client = login(group_member)
    url = reverse("reminders:policy_edit", args=[campaign.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"days_before": "5"}).status_code == 403
    assert not ReminderPolicy.objects.exists()


def test_another_blocs_policy_is_404_and_unchanged(login, standing_office, other_campaign):
    client = login(standing_office)
    url = reverse("reminders:policy_edit", args=[other_campaign.pk])
    assert client.get(url).status_code == 404
    data = {
        "is_active": "on",
        "days_before": "2",
        "overdue_every_days": 7,
        "escalate_after_days": 14,
        "stop_after_days": 90,
        "recipients": "leader",
    }
    assert client.post(url, data).status_code == 404
    assert not ReminderPolicy.objects.exists()
    listing = client.get(reverse("reminders:policies")).content.decode()
    assert reverse("reminders:policy_edit", args=[other_campaign.pk]) not in listing


def test_a_policy_that_does_not_exist_is_404(login, standing_office):
    client = login(standing_office)
    assert client.get(reverse("reminders:policy_edit", args=[999999])).status_code == 404


def test_another_blocs_deadline_board_is_404_and_a_member_gets_403(
    login, standing_office, group_member, other_campaign, deadline, tree
):
    other = make_deadline(other_campaign, applies_to=tree.bloc2)
    assert (
        login(standing_office).get(reverse("reminders:deadline", args=[other.pk])).status_code
        == 404
    )
    member = login(group_member)
    assert member.get(reverse("reminders:deadline", args=[deadline.pk])).status_code == 403
    url = reverse("reminders:send_now", args=[deadline.pk, tree.base_a.pk])
    assert member.post(url).status_code == 403


@pytest.mark.parametrize(
    "name",
    ["reminders:calendar_settings", "reminders:calendar_regenerate", "reminders:calendar_revoke"],
)
def test_calendar_settings_need_a_login(client, name):
    response = client.post(reverse(name)) if "settings" not in name else client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_calendar_settings_show_only_ones_own_address(login, group_member, other_leader):
    login(other_leader).post(reverse("reminders:calendar_regenerate"))
    client = login(group_member)
    client.post(reverse("reminders:calendar_regenerate"))
    page = client.get(reverse("reminders:calendar_settings")).content.decode()
    assert CalendarFeed.objects.get(user=group_member).token in page
    assert CalendarFeed.objects.get(user=other_leader).token not in page


def test_a_calendar_holds_only_the_persons_own_units_deadlines(
    login, client, group_member, deadline, other_campaign, tree
):
    make_deadline(deadline.campaign, applies_to=tree.bloc, title="Hạn khối mình")
    make_deadline(other_campaign, applies_to=tree.bloc2, title="Hạn khối khác")
    login(group_member).post(reverse("reminders:calendar_regenerate"))
    token = CalendarFeed.objects.get(user=group_member).token
    body = client.get(reverse("reminders:calendar_feed", args=[token])).content.decode()
    assert "Hạn khối mình" in body
    assert "Hạn khối khác" not in body


def test_a_replaced_calendar_address_is_404(login, client, group_member, deadline):
    member = login(group_member)
    member.post(reverse("reminders:calendar_regenerate"))
    old = CalendarFeed.objects.get(user=group_member).token
    member.post(reverse("reminders:calendar_regenerate"))
    new = CalendarFeed.objects.get(user=group_member).token
    member.logout()
    assert client.get(reverse("reminders:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("reminders:calendar_feed", args=[new])).status_code == 200


def test_an_unknown_or_revoked_calendar_address_is_404(login, client, group_member, deadline):
    assert client.get(reverse("reminders:calendar_feed", args=["nope"])).status_code == 404
    member = login(group_member)
    member.post(reverse("reminders:calendar_regenerate"))
    token = CalendarFeed.objects.get(user=group_member).token
    member.post(reverse("reminders:calendar_revoke"))
    member.logout()
    assert client.get(reverse("reminders:calendar_feed", args=[token])).status_code == 404


def test_a_deactivated_persons_calendar_address_is_404(login, client, group_member, deadline):
    login(group_member).post(reverse("reminders:calendar_regenerate"))
    token = CalendarFeed.objects.get(user=group_member).token
    client.logout()
    group_member.is_active = False
    group_member.save(update_fields=["is_active"])
    assert client.get(reverse("reminders:calendar_feed", args=[token])).status_code == 404

"""The standing office's reminder pages, the notification list and the private calendar."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import Notification
from reminders.models import CalendarFeed, Reminder, ReminderPolicy
from reminders.services import reminders_send
from tests.reminders.factories import DUE, make_deadline, staff_group
from tests.units.factories import make_grassroots

pytestmark = pytest.mark.django_db


def test_the_log_shows_what_was_sent_and_filters(
    login, standing_office, deadline, staffed, run_on_commit
):
    run_on_commit(reminders_send, today=DUE - datetime.timedelta(days=7))
    client = login(standing_office)
    page = client.get(reverse("reminders:log")).content.decode()
    assert "Nhật ký nhắc hạn" in page
    assert staffed["a"][0].email in page
    filtered = client.get(reverse("reminders:log"), {"q": staffed["b"][1].full_name}).content
    assert staffed["b"][1].email.encode() in filtered
    assert staffed["a"][0].email.encode() not in filtered


def test_the_log_costs_the_same_queries_for_10_and_40_reminders(
    login, standing_office, deadline, tree, django_assert_max_num_queries, run_on_commit
):
    staff_group(tree.group_a, members=1)
    run_on_commit(reminders_send, today=DUE - datetime.timedelta(days=7))
    client = login(standing_office)
    client.get(reverse("reminders:log"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reminders:log"))
    for i in range(8):
        base, group = make_grassroots(f"Chi bộ thêm {i}", bloc=tree.bloc)
        staff_group(group, members=3)
    run_on_commit(reminders_send, today=DUE - datetime.timedelta(days=3))
    assert Reminder.objects.count() > 30
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("reminders:log"))


def test_members_cannot_open_the_log_and_other_blocs_are_404(
    login, group_member, standing_office, deadline, tree
):
    assert login(group_member).get(reverse("reminders:log")).status_code == 403
    client = login(standing_office)
    url = reverse("reminders:send_now", args=[deadline.pk, tree.base_c.pk])
    assert client.post(url).status_code == 404


def test_send_now_reminds_one_unit_once_a_day(
    login, standing_office, deadline, staffed, tree, django_capture_on_commit_callbacks
):
    client = login(standing_office)
    url = reverse("reminders:send_now", args=[deadline.pk, tree.base_a.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert Reminder.objects.filter(unit=tree.base_a, trigger="manual").count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert Reminder.objects.filter(unit=tree.base_a).count() == 3
    assert not Reminder.objects.filter(unit=tree.base_b).exists()
    board = client.get(reverse("reminders:deadline", args=[deadline.pk])).content.decode()
    assert tree.base_a.name in board
    assert "Gửi nhắc ngay" in board


def test_policy_bad_input_is_refused_with_a_clear_message(login, standing_office, campaign):
    client = login(standing_office)
    url = reverse("reminders:policy_edit", args=[campaign.pk])
    response = client.post(
        url,
        {
            "is_active": "on",
            "days_before": "7, bảy",
            "overdue_every_days": 7,
            "escalate_after_days": 14,
            "stop_after_days": 90,
            "recipients": "group",
        },
    )
    assert response.status_code == 200
    assert "số nguyên" in response.content.decode()
    assert not ReminderPolicy.objects.exists()
    data = {
        "is_active": "on",
        "days_before": "10, 5",
        "overdue_every_days": 7,
        "escalate_after_days": 14,
        "stop_after_days": 90,
        "recipients": "leader",
    }
    assert client.post(url, data).status_code == 302
    assert ReminderPolicy.objects.get().rules().days_before == (10, 5)


def test_notifications_page_and_badge(login, deadline, staffed, run_on_commit):
    run_on_commit(reminders_send, today=DUE - datetime.timedelta(days=7))
    leader = staffed["a"][0]
    client = login(leader)
    home = client.get(reverse("notifications:list")).content.decode()
    assert "Nhắc hạn" in home
    assert 'text-bg-warning">1' in home
    notification = Notification.objects.get(recipient=leader)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    other = Notification.objects.exclude(recipient=leader).first()
    assert client.get(reverse("notifications:open", args=[other.pk])).status_code == 404


def test_private_calendar_feed_is_valid_ics_and_revocable(login, deadline, staffed, campaign, tree):
    make_deadline(campaign, applies_to=tree.bloc, title="Báo cáo; sơ kết, 6 tháng")
    leader = staffed["a"][0]
    client = login(leader)
    client.post(reverse("reminders:calendar_regenerate"))
    token = CalendarFeed.objects.get(user=leader).token
    client.logout()
    response = client.get(reverse("reminders:calendar_feed", args=[token]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20130331" in body
    assert "Báo cáo\\; sơ kết\\, 6 tháng" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    login(leader).post(reverse("reminders:calendar_revoke"))
    assert client.get(reverse("reminders:calendar_feed", args=[token])).status_code == 404

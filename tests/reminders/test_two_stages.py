"""Queue, then write: the morning job commits one row per unit; a worker writes the rest."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import EmailOutbox, Notification
from reminders.models import Reminder, UnitReminder
from reminders.services import reminders_send, unit_reminders_write
from tests.reminders.factories import DUE, staff_group, submit_registration
from tests.units.factories import make_grassroots
from units.models import Membership

pytestmark = pytest.mark.django_db

WEEK_BEFORE = DUE - datetime.timedelta(days=7)


def test_the_job_queues_one_row_per_unit_and_the_writer_fans_it_out(deadline, staffed):
    summary = reminders_send(today=WEEK_BEFORE)  # no commit here: the writer has not run
    assert summary.messages == summary.emails == 6
    queued = UnitReminder.objects.queued()
    assert queued.count() == 2
    assert {len(row.recipients) for row in queued} == {3}
    assert not Reminder.objects.exists()
    assert not EmailOutbox.objects.exists()

    assert unit_reminders_write() == 2
    assert Reminder.objects.count() == Notification.objects.count() == 6
    assert EmailOutbox.objects.count() == 6
    assert not UnitReminder.objects.queued().exists()
    assert unit_reminders_write() == 0  # written once
    assert Reminder.objects.count() == 6


def test_queued_reminders_show_on_the_log_and_the_board(
    login, standing_office, deadline, staffed, tree
):
    reminders_send(today=WEEK_BEFORE)
    client = login(standing_office)
    log = client.get(reverse("reminders:log")).content.decode()
    assert "đang được chuẩn bị" in log
    board = client.get(reverse("reminders:deadline", args=[deadline.pk])).content.decode()
    assert "đang chuẩn bị" in board
    unit_reminders_write()
    log = client.get(reverse("reminders:log")).content.decode()
    assert "đang được chuẩn bị" not in log
    assert staffed["a"][0].email in log


def test_someone_deleted_between_plan_and_write_is_left_out(deadline, staffed):
    reminders_send(today=WEEK_BEFORE)
    gone = staffed["a"][1]
    Membership.objects.filter(user=gone).delete()
    gone.delete()
    assert unit_reminders_write() == 2
    assert Reminder.objects.count() == 5
    assert not EmailOutbox.objects.filter(to_address=gone.email).exists()


def test_the_enqueue_costs_the_same_queries_for_2_and_22_organisations(
    deadline, staffed, tree, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        reminders_send(today=WEEK_BEFORE)
    UnitReminder.objects.all().delete()
    for i in range(20):
        _base, group = make_grassroots(f"Chi bộ thêm {i}", bloc=tree.bloc)
        staff_group(group, members=3)
    with django_assert_num_queries(len(few.captured_queries)):
        summary = reminders_send(today=WEEK_BEFORE)
    assert UnitReminder.objects.count() == 22
    assert summary.messages == 6 + 20 * 4  # a leader and three members each


def test_a_unit_that_completes_before_the_writer_runs_gets_nothing(
    deadline, campaign, staffed, tree
):
    reminders_send(today=WEEK_BEFORE)
    submit_registration(tree.base_a, campaign)  # e.g. while the broker was down
    assert unit_reminders_write() == 1
    assert set(Reminder.objects.values_list("unit_id", flat=True)) == {tree.base_b.pk}
    assert not UnitReminder.objects.filter(unit=tree.base_a).exists()

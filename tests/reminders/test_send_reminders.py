"""The morning job: who gets which reminder, exactly once, stopped by completion."""

import datetime

import pytest
from django.core import mail

from models_registry.models import Status
from notifications.models import EmailOutbox, Notification, OutboxStatus
from reminders.models import Recipients, Reminder, ReminderPolicy
from reminders.services import reminders_send
from tests.reminders.factories import (
    DUE,
    extend,
    make_deadline,
    submit_registration,
    user_without_email,
)
from tests.units.factories import person_with_role
from units.models import Role

pytestmark = pytest.mark.django_db


def on(offset: int) -> datetime.date:
    return DUE + datetime.timedelta(days=offset)


def test_seven_days_before_everyone_in_both_groups_is_reminded_by_email_and_in_app(
    deadline, staffed, run_on_commit
):
    summary = run_on_commit(reminders_send, today=on(-7))
    people = staffed["a"] + staffed["b"]
    assert summary.messages == len(people) == 6
    assert sorted(m.to[0].split("<")[1].rstrip(">") for m in mail.outbox) == sorted(
        p.email for p in people
    )
    message = mail.outbox[0]
    assert "7 ngày" in message.subject
    assert "Đăng ký mô hình" in message.subject
    html = message.alternatives[0][0]
    assert "đồng chí" in message.body
    assert "đồng chí" in html
    assert "31/03/2013" in message.body
    assert "http://" in message.body  # the direct link to the form
    assert Notification.objects.filter(recipient=people[0]).count() == 1
    assert set(EmailOutbox.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}


def test_running_the_job_twice_sends_nothing_more(deadline, staffed, run_on_commit):
    run_on_commit(reminders_send, today=on(-7))
    again = run_on_commit(reminders_send, today=on(-7))
    assert len(mail.outbox) == 6
    assert Reminder.objects.count() == 6
    assert again.emails == 6  # attempted, but the unique keys skipped them all
    assert EmailOutbox.objects.count() == 6


def test_a_day_without_a_step_sends_nothing(deadline, staffed, run_on_commit):
    assert run_on_commit(reminders_send, today=on(-20)).messages == 0
    assert mail.outbox == []


def test_a_unit_that_submitted_its_registration_gets_nothing_more(
    deadline, campaign, staffed, tree, run_on_commit
):
    submit_registration(tree.base_a, campaign)
    submit_registration(tree.base_b, campaign, status=Status.DRAFT)  # a draft does not count
    run_on_commit(reminders_send, today=on(-3))
    units = set(Reminder.objects.values_list("unit__name", flat=True))
    assert units == {tree.base_b.name}


def test_an_extension_moves_the_units_schedule(
    deadline, staffed, tree, standing_office, run_on_commit
):
    extend(deadline, tree.base_a, on(14), standing_office)
    run_on_commit(reminders_send, today=on(-7))
    assert set(Reminder.objects.values_list("unit_id", flat=True)) == {tree.base_b.pk}
    run_on_commit(reminders_send, today=on(7))  # 7 days before A's new date
    a_rows = Reminder.objects.filter(unit=tree.base_a)
    assert {r.step for r in a_rows} == {"before-7"}
    assert {r.due_date for r in a_rows} == {on(14)}


def test_escalation_reaches_the_organisations_own_leadership(
    deadline, staffed, tree, run_on_commit
):
    tree.base_a.email = "dangbo.taichinh@example.vn"
    tree.base_a.head_name = "Đồng chí Bí thư Đảng bộ"
    tree.base_a.save()
    secretary = person_with_role(Role.GROUP_LEADER, tree.base_a, username="bithu")
    run_on_commit(reminders_send, today=on(7))
    assert not Reminder.objects.filter(escalation=True).exists()  # 7 days: not yet
    run_on_commit(reminders_send, today=on(14))
    escalated = Reminder.objects.filter(escalation=True, unit=tree.base_a)
    assert {r.to_address for r in escalated} == {"dangbo.taichinh@example.vn", secretary.email}
    assert (
        Reminder.objects.filter(step="overdue-14", unit=tree.base_a, escalation=False).count() == 3
    )
    subjects = {m.subject for m in mail.outbox if "dangbo.taichinh" in m.to[0]}
    assert len(subjects) == 1
    assert "quá hạn" in subjects.pop().lower()


def test_leader_only_policy(deadline, campaign, staffed, run_on_commit):
    ReminderPolicy.objects.create(campaign=campaign, recipients=Recipients.LEADER)
    run_on_commit(reminders_send, today=on(-1))
    assert {r.recipient for r in Reminder.objects.all()} == {staffed["a"][0], staffed["b"][0]}


def test_policy_switched_off_sends_nothing(deadline, campaign, staffed, run_on_commit):
    ReminderPolicy.objects.create(campaign=campaign, is_active=False)
    assert run_on_commit(reminders_send, today=on(-1)).messages == 0


def test_a_person_without_email_still_sees_it_in_app_and_the_log_says_why(
    deadline, tree, run_on_commit
):
    user = user_without_email(username="khongmail")
    person_with_role(Role.GROUP_LEADER, tree.group_a, username="khongmail")
    run_on_commit(reminders_send, today=on(0))
    assert Notification.objects.filter(recipient=user).count() == 1
    email = EmailOutbox.objects.get(recipient=user)
    assert email.status == OutboxStatus.SKIPPED
    assert "address" in email.last_error
    assert mail.outbox == []


def test_a_deadline_without_units_and_a_unit_without_people_do_not_break_the_job(
    campaign, tree, staffed, run_on_commit
):
    make_deadline(campaign, applies_to=tree.group_a, title="Không có đơn vị")  # no grassroots
    make_deadline(campaign, applies_to=tree.bloc, title="Bình thường")
    summary = run_on_commit(reminders_send, today=on(-7))
    assert summary.messages == 6


def test_closed_campaigns_are_silent(deadline, campaign, staffed, run_on_commit):
    campaign.status = "closed"
    campaign.save()
    assert run_on_commit(reminders_send, today=on(-7)).messages == 0


def test_a_unit_that_sent_its_periodic_report_gets_nothing_more(
    campaign, staffed, tree, run_on_commit
):
    from campaigns.models import DeadlineKind
    from reports.models import PeriodicReport, ReportStatus

    report_deadline = make_deadline(
        campaign, applies_to=tree.bloc, kind=DeadlineKind.SIX_MONTH_REPORT, title="Báo cáo 6 tháng"
    )
    PeriodicReport.objects.create(
        unit=tree.base_a, deadline=report_deadline, status=ReportStatus.SUBMITTED
    )
    PeriodicReport.objects.create(
        unit=tree.base_b, deadline=report_deadline, status=ReportStatus.RETURNED
    )
    run_on_commit(reminders_send, today=on(-1))
    assert set(Reminder.objects.values_list("unit_id", flat=True)) == {tree.base_b.pk}

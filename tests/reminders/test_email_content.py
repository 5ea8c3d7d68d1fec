"""What a reminder e-mail says and where its button leads."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from campaigns.models import DeadlineKind
from notifications.models import EmailOutbox
from reminders.services import reminders_send
from reports.models import PeriodicReport
from tests.reminders.factories import DUE, make_deadline
from tests.units.factories import person_with_role
from units.models import Role

pytestmark = pytest.mark.django_db

WEEK_BEFORE = DUE - datetime.timedelta(days=7)


def _links(message) -> str:
    return message.body + message.alternatives[0][0]


def test_a_registration_reminder_links_to_the_registration_form(deadline, staffed, run_on_commit):
    run_on_commit(reminders_send, today=WEEK_BEFORE)
    start = reverse("models_registry:start")
    assert all(f"http://127.0.0.1:8000{start}" in m.body for m in mail.outbox)


def test_a_report_reminder_links_to_the_units_own_report_or_to_the_reports_page(
    campaign, staffed, tree, run_on_commit
):
    period = make_deadline(
        campaign, applies_to=tree.bloc, kind=DeadlineKind.ANNUAL_REPORT, title="Báo cáo năm 2013"
    )
    started = PeriodicReport.objects.create(unit=tree.base_a, deadline=period)
    run_on_commit(reminders_send, today=WEEK_BEFORE)
    by_address = {m.to[0].split("<")[1].rstrip(">"): m for m in mail.outbox}
    own = reverse("reports:detail", args=[started.pk])
    for person in staffed["a"]:
        assert own in _links(by_address[person.email])
    for person in staffed["b"]:  # B has not started its report: the page where it starts it
        body = _links(by_address[person.email])
        assert f"{reverse('reports:index')}\n" in body or f'{reverse("reports:index")}"' in body
        assert own not in body


def test_another_kind_links_to_the_units_deadlines(campaign, staffed, tree, run_on_commit):
    make_deadline(campaign, applies_to=tree.bloc, kind=DeadlineKind.OTHER, title="Nộp danh sách")
    run_on_commit(reminders_send, today=WEEK_BEFORE)
    assert all(reverse("campaigns:unit_deadlines") in m.body for m in mail.outbox)


def test_each_person_is_greeted_by_name_escaped_in_html(deadline, tree, run_on_commit):
    """The worker renders a unit's e-mail once and puts each person's name in afterwards."""
    leader = person_with_role(Role.GROUP_LEADER, tree.group_a, username="ten1")
    member = person_with_role(Role.GROUP_MEMBER, tree.group_a, username="ten2")
    leader.full_name = "Lê Thị <Hoa> & Cộng sự"
    leader.save(update_fields=["full_name"])
    run_on_commit(reminders_send, today=WEEK_BEFORE)
    by_address = {m.to[0].split("<")[1].rstrip(">"): m for m in mail.outbox}
    first, second = by_address[leader.email], by_address[member.email]
    assert "đồng chí Lê Thị <Hoa> & Cộng sự," in first.body
    assert "Lê Thị &lt;Hoa&gt; &amp; Cộng sự" in first.alternatives[0][0]
    assert member.full_name in second.body
    assert "Hoa" not in second.body
    ids = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert ids == {row.message_id for row in EmailOutbox.objects.all()}

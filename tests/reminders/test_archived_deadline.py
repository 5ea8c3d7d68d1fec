"""A deadline set by mistake is archived in the admin, not deleted: its reminder history stays,
no more reminders go out, and it leaves the units' deadline lists; restoring brings it back."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from campaigns.models import Deadline
from campaigns.selectors import deadlines_for_unit
from reminders.models import Reminder
from reminders.services import reminders_send
from tests.reminders.factories import DUE

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(standing_office):
    """The standing office signs in to the admin (a staff account, as in the demo)."""
    standing_office.is_staff = True
    standing_office.save()
    return standing_office


def admin_action(client, action: str, deadline: Deadline):
    return client.post(
        reverse("admin:campaigns_deadline_changelist"),
        {"action": action, "_selected_action": [deadline.pk]},
        follow=True,
    )


def test_archiving_keeps_history_and_stops_reminders(
    deadline, staffed, tree, office, login, run_on_commit
):
    run_on_commit(reminders_send, today=DUE - datetime.timedelta(days=7))
    sent = Reminder.objects.filter(deadline=deadline).count()
    assert sent == 6
    client = login(office)
    page = admin_action(client, "archive", deadline)
    assert "Đã lưu trữ 1 hạn nộp" in page.content.decode()
    deadline.refresh_from_db()
    assert deadline.archived_at is not None
    assert deadline.history.filter(archived_at__isnull=False).exists()

    mail.outbox.clear()
    run_on_commit(reminders_send, today=DUE - datetime.timedelta(days=3))
    run_on_commit(reminders_send, today=DUE)
    assert mail.outbox == []
    assert Reminder.objects.filter(deadline=deadline).count() == sent
    assert deadline not in deadlines_for_unit(tree.base_a)

    admin_action(client, "restore", deadline)
    assert deadline in deadlines_for_unit(tree.base_a)
    run_on_commit(reminders_send, today=DUE)
    assert len(mail.outbox) == 6


def test_the_standing_office_is_not_offered_delete(deadline, office, login):
    page = login(office).get(reverse("admin:campaigns_deadline_changelist"))
    html = page.content.decode()
    assert 'value="archive"' in html
    assert 'value="delete_selected"' not in html

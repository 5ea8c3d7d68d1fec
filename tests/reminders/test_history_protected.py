"""Deleting a deadline never takes its reminder history with it (issue 9, fault 4)."""

import datetime

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from reminders.models import Reminder, UnitReminder
from reminders.services import reminders_send, unit_reminders_write
from tests.reminders.factories import DUE

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded(deadline, staffed):
    reminders_send(today=DUE - datetime.timedelta(days=7))
    unit_reminders_write()
    assert Reminder.objects.exists()
    return deadline


def test_a_deadline_with_reminder_history_cannot_be_deleted(reminded):
    with pytest.raises(ProtectedError):
        reminded.delete()
    assert Reminder.objects.filter(deadline=reminded).count() == 6
    assert UnitReminder.objects.filter(deadline=reminded).exists()


def test_the_standing_office_is_offered_no_delete_in_the_admin(reminded, standing_office, login):
    standing_office.is_staff = True
    standing_office.save(update_fields=["is_staff"])
    client = login(standing_office)
    response = client.post(reverse("admin:campaigns_deadline_delete", args=[reminded.pk]))
    assert response.status_code == 403
    assert Reminder.objects.filter(deadline=reminded).count() == 6

"""The office reads reminder steps and e-mail failures in words, never as codes (issue 12.11)."""

import datetime
import smtplib

import pytest
from django.urls import reverse
from django.utils import translation

from notifications.models import EmailOutbox, OutboxStatus
from reminders.models import Reminder
from reminders.schedule import step_label
from reminders.services import reminders_send
from tests.reminders.factories import DUE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("key", "vietnamese", "english"),
    [
        ("before-3", "3 ngày trước hạn", "3 days before the due date"),
        ("before-1", "1 ngày trước hạn", "1 day before the due date"),
        ("due", "đúng ngày đến hạn", "on the due date"),
        ("overdue-7", "quá hạn 7 ngày", "7 days overdue"),
        (
            "escalate-10",
            "quá hạn 10 ngày, báo lên lãnh đạo",
            "10 days overdue, told to the leaders",
        ),
        ("manual", "gửi thủ công", "sent by hand"),
        ("something-new", "something-new", "something-new"),
    ],
)
def test_each_step_reads_in_words(key, vietnamese, english):
    with translation.override("vi"):
        assert step_label(key) == vietnamese
    with translation.override("en"):
        assert step_label(key) == english


def test_the_log_and_the_deadline_board_say_3_days_before_the_due_date(
    login, standing_office, deadline, staffed, run_on_commit
):
    run_on_commit(reminders_send, today=DUE - datetime.timedelta(days=3))
    client = login(standing_office)
    log = client.get(reverse("reminders:log")).content.decode()
    board = client.get(reverse("reminders:deadline", args=[deadline.pk])).content.decode()
    for page in (log, board):
        assert "3 ngày trước hạn" in page
        assert "before-3" not in page


def test_a_refused_address_is_explained_and_the_raw_reply_stays_out_of_the_page(
    login, standing_office, deadline, staffed, run_on_commit
):
    run_on_commit(reminders_send, today=DUE - datetime.timedelta(days=3))
    reminder = Reminder.objects.filter(email__isnull=False).first()
    raw = "SMTPRecipientsRefused: {'x@example.vn': (550, b'5.1.1 mailbox unavailable')}"
    EmailOutbox.objects.filter(dedupe_key=reminder.email_id).update(
        status=OutboxStatus.FAILED, last_error=raw
    )
    page = login(standing_office).get(reverse("reminders:log")).content.decode()
    assert "Máy chủ thư của người nhận từ chối địa chỉ này" in page
    assert "SMTPRecipientsRefused" not in page
    assert "5.1.1" not in page


@pytest.mark.parametrize(
    ("status", "error", "words"),
    [
        (OutboxStatus.SKIPPED, "No e-mail address.", "chưa có địa chỉ thư điện tử"),
        (OutboxStatus.PENDING, "ConnectionRefusedError: [Errno 111]", "sẽ được gửi lại sau"),
        (OutboxStatus.FAILED, "SMTPAuthenticationError: (535, b'bad')", "báo cho quản trị viên"),
        (OutboxStatus.PENDING, "Worker stopped while sending; …", "tự động gửi lại"),
        (OutboxStatus.FAILED, "ValueError: broken template", "Quản trị viên có thông tin"),
        (OutboxStatus.SENT, "", ""),
    ],
)
def test_every_failure_has_an_explanation(status, error, words):
    row = EmailOutbox(status=status, last_error=error)
    with translation.override("vi"):
        assert words in row.problem
        assert not row.problem or error.split(":")[0] not in row.problem


def test_the_raw_error_is_on_the_superusers_admin_page(client, admin_user, run_on_commit):
    row = EmailOutbox.objects.create(
        kind="test",
        subject="Thử",
        to_address="x@example.vn",
        dedupe_key="test-raw-error",
        status=OutboxStatus.FAILED,
        last_error=str(smtplib.SMTPRecipientsRefused({"x@example.vn": (550, b"5.1.1")})),
    )
    client.force_login(admin_user)
    page = client.get(reverse("admin:notifications_emailoutbox_change", args=[row.pk]))
    assert page.status_code == 200
    assert "5.1.1" in page.content.decode()

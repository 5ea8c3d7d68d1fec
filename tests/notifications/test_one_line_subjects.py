"""A subject typed (or posted) with CR/LF still reaches the office: subjects are one line."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.delivery import deliver_pending
from notifications.models import EmailOutbox, OutboxStatus
from notifications.services import Message, messages_write, notify
from support.models import Question, QuestionCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return QuestionCategory.objects.get(code="registration")


def test_a_question_subject_with_a_newline_still_mails_the_office(
    tree, group_member, standing_office, category, login
):
    response = login(group_member).post(
        reverse("support:question_ask"),
        {
            "unit": tree.base_a.pk,
            "category": category.pk,
            "subject": "Đăng ký bổ sung\r\nBcc: ke-gian@example.com",
            "text": "Có được đăng ký bổ sung mô hình sau tháng 3?",
        },
    )
    assert response.status_code == 302
    assert Question.objects.get().subject == "Đăng ký bổ sung Bcc: ke-gian@example.com"

    deliver_pending()

    row = EmailOutbox.objects.get(recipient=standing_office)
    assert row.status == OutboxStatus.SENT, row.last_error
    (sent,) = mail.outbox
    assert "\n" not in sent.subject
    assert "Đăng ký bổ sung" in sent.subject
    assert sent.bcc == []


def test_every_writer_stores_one_line_subjects(standing_office):
    notify(
        recipients=[standing_office],
        kind="test",
        title="Dòng một\nDòng hai",
        dedupe_key="one",
    )
    messages_write(
        messages=[
            Message(
                dedupe_key="two",
                kind="test",
                title="Nhắc hạn\r\n\u2028báo cáo",
                recipient_id=standing_office.pk,
                to_address=standing_office.email,
            )
        ]
    )
    subjects = set(EmailOutbox.objects.values_list("subject", flat=True))
    assert subjects == {"Dòng một Dòng hai", "Nhắc hạn báo cáo"}


def test_a_row_stored_with_a_newline_is_still_delivered(standing_office):
    EmailOutbox.objects.create(
        recipient=standing_office,
        to_address=standing_office.email,
        kind="test",
        subject="Cũ\nvẫn gửi",
        body_text="x",
        dedupe_key="old",
    )
    deliver_pending()
    assert [m.subject for m in mail.outbox] == ["Cũ vẫn gửi"]

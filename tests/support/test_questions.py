"""Questions to the standing office: every step, who may take it, notifications to the other
side, reopening once, and the office's board (oldest waiting first, median days to answer)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import EmailOutbox, Notification
from support.models import Question, QuestionStatus
from tests.support.factories import ask, fake_pdf, pdf

pytestmark = pytest.mark.django_db


def step(client, question, name, text="", **extra):
    return client.post(
        reverse("support:question_step", args=[question.pk, name]), {"text": text, **extra}
    )


def status_of(question):
    question.refresh_from_db()
    return question.status


def test_member_asks_with_a_file_and_the_office_is_told(
    tree, group_member, standing_office, category, login
):
    response = login(group_member).post(
        reverse("support:question_ask"),
        {
            "unit": tree.base_a.pk,
            "category": category.pk,
            "subject": "Đăng ký bổ sung",
            "text": "Có được đăng ký bổ sung mô hình sau tháng 3?",
            "file": pdf("cong-van.pdf"),
        },
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.status == QuestionStatus.OPEN
    assert question.messages.get().file
    assert EmailOutbox.objects.filter(recipient=standing_office).count() == 1
    assert Notification.objects.filter(recipient=standing_office, kind="support_question_asked")


def test_bad_question_saves_nothing(tree, group_member, category, login):
    response = login(group_member).post(
        reverse("support:question_ask"),
        {
            "unit": tree.base_a.pk,
            "category": category.pk,
            "subject": "",
            "text": "x",
            "file": fake_pdf(),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Trường này là bắt buộc" in page
    assert "Loại tệp này không được chấp nhận" in page
    assert not Question.objects.exists()


def test_full_conversation(tree, group_member, standing_office, login):
    question = ask(tree.base_a, group_member)
    office, unit = login(standing_office), None
    # A message is required: the page again, the reason on the message box.
    assert step(office, question, "ask_back").status_code == 400
    assert step(office, question, "ask_back", "Đề nghị gửi kế hoạch của đơn vị").status_code == 302
    assert status_of(question) == QuestionStatus.WAITING_UNIT
    assert Notification.objects.filter(
        recipient=group_member, kind="support_question_ask_back"
    ).exists()
    unit = login(group_member)
    assert step(unit, question, "reply", "Đã gửi kèm kế hoạch", file=pdf()).status_code == 302
    assert status_of(question) == QuestionStatus.OPEN
    office = login(standing_office)
    assert step(office, question, "answer", "Được, trước 30/4/2013").status_code == 302
    assert status_of(question) == QuestionStatus.ANSWERED
    assert question.first_answered_at is not None
    unit = login(group_member)
    assert step(unit, question, "reopen", "Chưa rõ hạn cuối").status_code == 302
    assert status_of(question) == QuestionStatus.REOPENED
    office = login(standing_office)
    step(office, question, "answer", "Hạn cuối là 30/4/2013")
    unit = login(group_member)
    page = unit.get(question.get_absolute_url()).content.decode()
    assert "Chưa hài lòng: mở lại" not in page  # reopening is offered once only
    refused = step(unit, question, "reopen", "Vẫn chưa rõ")
    assert refused.status_code == 403
    assert "chỉ được mở lại một lần" in refused.content.decode()
    assert step(unit, question, "accept").status_code == 302
    assert status_of(question) == QuestionStatus.CLOSED
    assert [e.transition for e in question.events.all()] == [
        "ask",
        "ask_back",
        "reply",
        "answer",
        "reopen",
        "answer",
        "accept",
    ]
    assert question.messages.count() == 6


def test_roles_are_refused(tree, group_member, reviewer, standing_office, login):
    question = ask(tree.base_a, group_member)
    # The unit cannot answer its own question; a reviewer is not the standing office.
    assert step(login(group_member), question, "answer", "Tự trả lời").status_code == 403
    assert step(login(reviewer), question, "answer", "Trả lời").status_code == 403
    # The office cannot reply or accept on the unit's behalf.
    step(login(standing_office), question, "answer", "Trả lời")
    assert step(login(standing_office), question, "accept").status_code == 403
    assert status_of(question) == QuestionStatus.ANSWERED
    assert step(login(group_member), question, "nonsense").status_code == 404


def test_office_board_oldest_first_and_median(tree, group_member, standing_office, login):
    now = timezone.now()
    old = ask(tree.base_a, group_member, subject="Câu hỏi cũ")
    new = ask(tree.base_a, group_member, subject="Câu hỏi mới")
    Question.objects.filter(pk=old.pk).update(
        waiting_since=now - datetime.timedelta(days=9), created_at=now - datetime.timedelta(days=9)
    )
    answered = ask(tree.base_a, group_member, subject="Đã trả lời")
    Question.objects.filter(pk=answered.pk).update(created_at=now - datetime.timedelta(days=4))
    step(login(standing_office), answered, "answer", "Trả lời")
    response = login(standing_office).get(reverse("support:question_board"))
    subjects = [q.subject for q in response.context["page"].object_list]
    assert subjects == [old.subject, new.subject]
    page = response.content.decode()
    assert "2 câu hỏi đang chờ Thường trực Ban Chỉ đạo." in page
    assert "4.0 ngày" in page or "4,0 ngày" in page


def test_office_closes_a_question_the_unit_left_unanswered(
    tree, group_member, reviewer, standing_office, login
):
    question = ask(tree.base_a, group_member)
    office = login(standing_office)
    assert step(office, question, "close").status_code == 403  # not before an answer
    step(office, question, "ask_back", "Đề nghị gửi kế hoạch")
    assert step(login(reviewer), question, "close").status_code == 403
    assert step(login(standing_office), question, "reply", "Thay đơn vị").status_code == 403
    assert (
        step(login(standing_office), question, "close", "Đơn vị không phản hồi").status_code == 302
    )
    assert status_of(question) == QuestionStatus.CLOSED
    assert Notification.objects.filter(
        recipient=group_member, kind="support_question_close"
    ).exists()


def test_the_question_list_is_searched_without_accents(login, tree, group_member, standing_office):
    ask(tree.base_a, group_member, subject="Đăng ký bổ sung mô hình Dân vận khéo")
    ask(tree.base_a, group_member, subject="Báo cáo sáu tháng")
    page = login(standing_office).get(reverse("support:questions"), {"q": "dang ky bo sung"})
    body = page.content.decode()
    assert "Đăng ký bổ sung mô hình" in body
    assert "Báo cáo sáu tháng" not in body

"""Follow-up actions: the unit answers, reviewers close or reopen; every step leaves an event."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import Notification
from support.models import FollowUpStatus
from tests.support.factories import fake_pdf, follow_up, held_visit, pdf, plan_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(tree, reviewer, group_member):
    return follow_up(held_visit(tree.base_a, reviewer), reviewer)


def test_unit_answers_with_evidence_and_reviewer_closes(action, group_member, reviewer, login):
    assert Notification.objects.filter(recipient=group_member, kind="support_follow_up").exists()
    client = login(group_member)
    response = client.post(
        reverse("support:follow_up_answer", args=[action.pk]),
        {"response": "Đã ban hành Quy chế số 02-QC/TCĐ.", "evidence": pdf("quy-che.pdf")},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == FollowUpStatus.ANSWERED
    assert action.answered_by == group_member
    evidence = login(reviewer).get(reverse("support:follow_up_evidence", args=[action.pk]))
    assert evidence.status_code == 200
    closed = login(reviewer).post(reverse("support:follow_up_step", args=[action.pk, "close"]))
    assert closed.status_code == 302
    action.refresh_from_db()
    assert action.status == FollowUpStatus.CLOSED
    assert [e.transition for e in action.events.all()] == ["create", "answer", "close"]
    assert [e.actor for e in action.events.all()] == [reviewer, group_member, reviewer]


def test_reviewer_reopens_with_a_reason(action, group_member, reviewer, login):
    login(group_member).post(
        reverse("support:follow_up_answer", args=[action.pk]), {"response": "Đã làm"}
    )
    client = login(reviewer)
    refused = client.post(reverse("support:follow_up_step", args=[action.pk, "reopen"]))
    assert refused.status_code == 400  # the page again, the reason asked for on the box
    client.post(
        reverse("support:follow_up_step", args=[action.pk, "reopen"]),
        {"comment": "Chưa có văn bản kèm theo"},
    )
    action.refresh_from_db()
    assert action.status == FollowUpStatus.OPEN
    assert Notification.objects.filter(recipient=group_member, title__contains="mở lại").exists()


def test_roles_are_refused(action, group_member, reviewer, login):
    # A member cannot close; a reviewer cannot answer for the unit.
    assert (
        login(group_member)
        .post(reverse("support:follow_up_step", args=[action.pk, "close"]))
        .status_code
        == 403
    )
    assert (
        login(reviewer)
        .post(reverse("support:follow_up_answer", args=[action.pk]), {"response": "x"})
        .status_code
        == 403
    )
    action.refresh_from_db()
    assert action.status == FollowUpStatus.OPEN


def test_bad_answer_saves_nothing(action, group_member, login):
    client = login(group_member)
    empty = client.post(reverse("support:follow_up_answer", args=[action.pk]), {"response": " "})
    assert empty.status_code == 400
    assert "Trường này là bắt buộc" in empty.content.decode()
    fake = client.post(
        reverse("support:follow_up_answer", args=[action.pk]),
        {"response": "Đã làm", "evidence": fake_pdf()},
    )
    assert fake.status_code == 400
    assert "Loại tệp này không được chấp nhận" in fake.content.decode()
    action.refresh_from_db()
    assert action.status == FollowUpStatus.OPEN
    assert not action.evidence


def test_follow_up_needs_a_held_visit_and_a_due_date_after_it(tree, reviewer, login):
    planned = plan_visit(tree.base_a, reviewer)
    client = login(reviewer)
    early = client.post(
        reverse("support:follow_up_add", args=[planned.pk]),
        {"action": "Ban hành quy chế", "due_on": "2013-06-30"},
    )
    assert early.status_code == 400
    assert "sau khi chuyến làm việc được ghi nhận" in early.content.decode()
    held = held_visit(tree.base_b, reviewer, held_on=datetime.date(2013, 5, 12))
    before = client.post(
        reverse("support:follow_up_add", args=[held.pk]),
        {"action": "Ban hành quy chế", "due_on": "2013-05-01"},
    )
    assert before.status_code == 400
    assert "Hạn hoàn thành không thể trước ngày làm việc." in before.content.decode()
    assert not held.follow_ups.exists()


def test_overdue_shows_on_the_units_list(action, group_member, login):
    page = login(group_member).get(reverse("support:visits")).content.decode()
    assert "quá hạn" in page

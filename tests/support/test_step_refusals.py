"""A refused step of a visit, a follow-up action or a question shows its page again, the reason
on the comment (or message) box and the typed text kept; nothing is saved."""

import pytest
from django.urls import reverse

from support.models import FollowUpStatus, QuestionStatus, VisitStatus
from tests.danvan.steps import LONG, NUL, NUL_VI, TOO_LONG_VI, assert_refused_and_kept
from tests.support.factories import ask, follow_up, held_visit, plan_visit

pytestmark = pytest.mark.django_db
REFUSED = [(LONG, TOO_LONG_VI), (NUL, NUL_VI)]


@pytest.mark.parametrize(("typed", "reason"), REFUSED)
def test_cancelling_a_visit(tree, reviewer, login, typed, reason):
    visit = plan_visit(tree.base_a, reviewer)
    url = reverse("support:visit_cancel", args=[visit.pk])
    assert_refused_and_kept(login(reviewer).post(url, {"comment": typed}), typed, reason)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED
    assert not visit.events.filter(transition="cancel").exists()


@pytest.mark.parametrize(("typed", "reason"), REFUSED)
def test_reopening_a_follow_up(tree, reviewer, login, typed, reason):
    action = follow_up(held_visit(tree.base_a, reviewer), reviewer)
    url = reverse("support:follow_up_step", args=[action.pk, "close"])
    assert_refused_and_kept(login(reviewer).post(url, {"comment": typed}), typed, reason)
    action.refresh_from_db()
    assert action.status == FollowUpStatus.OPEN


@pytest.mark.parametrize(("typed", "reason"), REFUSED)
def test_answering_a_question(tree, group_member, standing_office, login, typed, reason):
    question = ask(tree.base_a, group_member)
    url = reverse("support:question_step", args=[question.pk, "answer"])
    assert_refused_and_kept(login(standing_office).post(url, {"text": typed}), typed, reason)
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN
    assert question.messages.count() == 1


def test_a_missing_reason_is_asked_for_on_the_same_page(tree, reviewer, login):
    visit = plan_visit(tree.base_a, reviewer)
    url = reverse("support:visit_cancel", args=[visit.pk])
    response = login(reviewer).post(url, {"comment": ""})
    assert_refused_and_kept(response, "", "lý do")

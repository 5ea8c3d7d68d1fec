"""Visits, questions and award decisions in the Django admin: listed, scoped, read-only."""

import pytest
from django.urls import reverse

from tests.support.factories import ask, plan_visit

pytestmark = pytest.mark.django_db


def test_the_admin_lists_visits_and_questions_read_only(
    login, admin_user, tree, group_member, reviewer
):
    visit = plan_visit(tree.base_a, reviewer)
    question = ask(tree.base_a, group_member, subject="Hạn nộp báo cáo năm")
    client = login(admin_user)
    for name, obj in [("visit", visit), ("question", question)]:
        changelist = client.get(reverse(f"admin:support_{name}_changelist"))
        assert changelist.status_code == 200
        assert tree.base_a.name in changelist.content.decode()
        change = client.get(reverse(f"admin:support_{name}_change", args=[obj.pk]))
        assert change.status_code == 200
        assert 'name="_save"' not in change.content.decode()  # nothing to save: read-only
    assert client.get(reverse("admin:support_question_add")).status_code == 403
    found = client.get(reverse("admin:support_question_changelist"), {"q": "han nop"})
    assert "Hạn nộp báo cáo năm" in found.content.decode()
    assert client.get(reverse("admin:awards_decision_changelist")).status_code == 200

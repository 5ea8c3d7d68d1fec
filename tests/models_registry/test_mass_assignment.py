"""Mass assignment: a field a role may not set cannot be set by adding it to a POST.

The registration form, its autosave, a question and a register entry are posted with extra
fields that only the workflow or the server sets (status, unit, score, decision, who recorded
it, version, the register it belongs to): each is ignored.
"""

import pytest
from django.urls import reverse

from campaigns.models import DirectiveDocument
from models_registry.models import Registration, Status
from support.models import Question, QuestionCategory, QuestionStatus
from tests.campaigns.factories import DocumentFactory

from .test_editing import form_data

pytestmark = pytest.mark.django_db

SERVER_SET = {
    "status": Status.RECOGNISED,
    "decision_number": "99-QĐ/ĐUK",
    "decision_date": "2025-12-31",
    "created_by": "1",
    "updated_by": "1",
    "submitted_at": "2025-01-01T00:00",
    "search_text": "x",
}


@pytest.mark.parametrize("view", ["edit", "autosave"])
def test_the_registration_form_ignores_server_set_fields(
    tree, draft, group_member, other_leader, login, view
):
    data = form_data(draft, name="Tên mới", unit=tree.base_c.pk, campaign="", **SERVER_SET)
    data["created_by"] = data["updated_by"] = other_leader.pk
    response = login(group_member).post(reverse(f"models_registry:{view}", args=[draft.pk]), data)
    assert response.status_code in (200, 302)
    saved = Registration.objects.get(pk=draft.pk)
    assert saved.name == "Tên mới"  # the edit itself went through
    assert saved.status == Status.DRAFT
    assert saved.unit == tree.base_a
    assert saved.campaign == draft.campaign
    assert saved.decision_number == ""
    assert saved.created_by_id == draft.created_by_id
    assert saved.updated_by == group_member


def test_a_question_cannot_be_asked_as_someone_else_or_already_closed(
    tree, group_member, other_leader, login
):
    response = login(group_member).post(
        reverse("support:question_ask"),
        {
            "unit": tree.base_a.pk,
            "category": QuestionCategory.objects.get(code="registration").pk,
            "subject": "Hỏi về hồ sơ",
            "text": "Nội dung",
            "status": QuestionStatus.CLOSED,
            "asked_by": other_leader.pk,
        },
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.asked_by == group_member
    assert question.status == QuestionStatus.OPEN


def test_a_register_entry_keeps_its_register_and_recorder(
    tree, standing_office, other_leader, login
):
    document = DocumentFactory(owner_unit=tree.bloc, created_by=standing_office)
    response = login(standing_office).post(
        reverse("campaigns:document_edit", args=[document.pk]),
        {
            "number": document.number,
            "doc_type": document.doc_type,
            "issuer": document.issuer,
            "owner_unit": tree.bloc2.pk,
            "created_by": other_leader.pk,
        },
    )
    assert response.status_code == 302
    document = DirectiveDocument.objects.get(pk=document.pk)
    assert document.owner_unit == tree.bloc
    assert document.created_by == standing_office

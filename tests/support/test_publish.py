"""Publishing an answer: the Q&A page hides the asking unit and is searchable without accents."""

import pytest
from django.urls import reverse

from danvan.text import fold
from support.models import PublishedAnswer
from support.workflow import QUESTION_WORKFLOW
from tests.support.factories import ask
from tests.units.factories import person_with_role
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(tree, group_member, standing_office):
    question = ask(
        tree.base_a, group_member, subject="Khen thưởng tập thể", text="Đảng bộ Sở Tài chính hỏi"
    )
    return QUESTION_WORKFLOW.take(
        question, "answer", by=standing_office, comment="Theo Hướng dẫn liên tịch số 52."
    )


def publish(client, question, **data):
    return client.post(
        reverse("support:question_publish", args=[question.pk]),
        {
            "subject": "Khen thưởng tập thể",
            "question_text": "Một cơ sở hỏi về khen thưởng tập thể.",
            "answer_text": "Theo Hướng dẫn liên tịch số 52.",
            **data,
        },
    )


def test_publish_hides_the_unit(answered, tree, standing_office, login):
    client = login(standing_office)
    form = client.get(reverse("support:question_publish", args=[answered.pk]))
    assert form.status_code == 200
    assert publish(client, answered).status_code == 302
    published = PublishedAnswer.objects.get()
    reader = person_with_role(Role.GROUP_MEMBER, tree.group_c, username="docgia")
    reader_client = login(reader)
    listing = reader_client.get(reverse("support:qa")).content.decode()
    detail = reader_client.get(published.get_absolute_url()).content.decode()
    for page in (listing, detail):
        assert "Khen thưởng tập thể" in page
        assert tree.base_a.name not in page
        assert answered.asked_by.get_full_name() not in page
    # The original question stays private to the unit's subtree.
    assert reader_client.get(answered.get_absolute_url()).status_code == 404


def test_text_naming_the_unit_is_refused(answered, tree, standing_office, login):
    response = publish(
        login(standing_office), answered, question_text=f"{tree.base_a.name} hỏi về khen thưởng"
    )
    assert response.status_code == 400
    assert "vẫn nêu tên cơ sở đặt câu hỏi" in response.content.decode()
    assert not PublishedAnswer.objects.exists()


def test_search_is_accent_insensitive(answered, standing_office, group_leader, login):
    publish(login(standing_office), answered)
    client = login(group_leader)
    found = client.get(reverse("support:qa"), {"q": "huong dan lien tich"})
    assert len(found.context["page"].object_list) == 1
    none = client.get(reverse("support:qa"), {"q": "bao cao dinh ky"})
    assert len(none.context["page"].object_list) == 0


def test_only_the_standing_office_publishes_answered_questions(
    tree, group_member, reviewer, standing_office, answered, login
):
    assert publish(login(reviewer), answered).status_code == 403
    assert publish(login(group_member), answered).status_code == 403
    open_question = ask(tree.base_a, group_member, subject="Chưa trả lời")
    refused = publish(login(standing_office), open_question)
    assert refused.status_code == 400
    assert "Chỉ công bố được câu hỏi đã được trả lời." in refused.content.decode()


def test_unpublish(answered, standing_office, login):
    client = login(standing_office)
    publish(client, answered)
    client.post(reverse("support:question_publish", args=[answered.pk]), {"unpublish": "1"})
    assert not PublishedAnswer.objects.exists()
    assert [e.transition for e in answered.events.all()][-2:] == ["publish", "unpublish"]


def test_text_naming_the_asker_is_refused_accents_or_not(answered, standing_office, login):
    unaccented = fold(answered.asked_by.get_full_name()).title()  # "Nguyen Van Nguoi 5"
    response = publish(
        login(standing_office), answered, answer_text=f"Trả lời đồng chí {unaccented}"
    )
    assert response.status_code == 400
    assert not PublishedAnswer.objects.exists()

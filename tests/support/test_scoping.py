"""The unit sees its own visits, follow-ups and questions; another unit's are 404; reviewers and
the standing office see their subtree only."""

import pytest
from django.urls import reverse

from support import services
from support.models import QuestionCategory
from tests.support.factories import follow_up, held_visit, pdf
from tests.units.factories import person_with_role
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_b(tree):
    return person_with_role(Role.GROUP_MEMBER, tree.group_b, username="thanhvienb")


@pytest.fixture
def objects(tree, reviewer, member_b):
    visit_b = held_visit(tree.base_b, reviewer)
    question_b = services.question_ask(
        unit=tree.base_b,
        by=member_b,
        category=QuestionCategory.objects.get(code="other"),
        subject="Câu hỏi của Sở Tư pháp",
        text="Nội dung",
        file=pdf(),
    )
    return {
        "visit_b": visit_b,
        "action_b": follow_up(visit_b, reviewer),
        "visit_a": held_visit(tree.base_a, reviewer),
        "question_b": question_b,
    }


def urls_of(objects):
    message = objects["question_b"].messages.first()
    return [
        reverse("support:visit", args=[objects["visit_b"].pk]),
        reverse("support:follow_up", args=[objects["action_b"].pk]),
        reverse("support:question", args=[objects["question_b"].pk]),
        reverse("support:question_file", args=[message.pk]),
    ]


def test_another_units_objects_are_not_found(objects, group_member, login):
    client = login(group_member)
    for url in urls_of(objects):
        assert client.get(url).status_code == 404, url
    own = client.get(reverse("support:visit", args=[objects["visit_a"].pk]))
    assert own.status_code == 200


def test_posting_to_another_units_objects_is_not_found(objects, group_leader, login):
    client = login(group_leader)
    answer = client.post(
        reverse("support:follow_up_answer", args=[objects["action_b"].pk]), {"response": "Đã làm"}
    )
    assert answer.status_code == 404
    accept = client.post(
        reverse("support:question_step", args=[objects["question_b"].pk, "reply"]),
        {"text": "Trả lời"},
    )
    assert accept.status_code == 404


def test_lists_show_only_own_unit(objects, group_member, login):
    client = login(group_member)
    page = client.get(reverse("support:visits")).content.decode()
    assert "Chi bộ Sở Tư pháp" not in page
    assert "Đảng bộ Sở Tài chính" in page
    questions = client.get(reverse("support:questions")).content.decode()
    assert "Câu hỏi của Sở Tư pháp" not in questions


def test_staff_of_another_bloc_sees_nothing_of_this_one(objects, tree, login):
    outsider = person_with_role(Role.STANDING_OFFICE, tree.bloc2, username="thuongtruc2")
    client = login(outsider)
    for url in urls_of(objects):
        assert client.get(url).status_code == 404, url
    board = client.get(reverse("support:board")).content.decode()
    assert "Chi bộ Sở Tư pháp" not in board
    assert tree.base_c.name in board


def test_reviewers_and_standing_office_see_their_subtree(objects, reviewer, standing_office, login):
    for user in (reviewer, standing_office):
        client = login(user)
        for url in urls_of(objects):
            assert client.get(url).status_code == 200, url


def test_unit_people_cannot_open_the_boards(group_leader, login):
    client = login(group_leader)
    assert client.get(reverse("support:board")).status_code == 403
    assert client.get(reverse("support:question_board")).status_code == 403
    assert client.get(reverse("support:visit_plan")).status_code == 403

"""Side marks on the page: carried over to next year (reviewers), withdrawn (the unit)."""

import pytest
from django.urls import reverse

from models_registry.models import Status

from .conftest import at_status
from .factories import make_registration

pytestmark = pytest.mark.django_db


def test_reviewer_marks_and_unmarks_carried_over(submitted, reviewer, login):
    client = login(reviewer)
    html = client.get(submitted.get_absolute_url()).content.decode()
    assert 'data-mark="carried_over"' in html
    url = reverse("models_registry:carry_over", args=[submitted.pk])
    response = client.post(url, {"carried_over": "1"}, follow=True)
    assert "Đã đánh dấu chuyển tiếp sang năm sau." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.carried_over
    client.post(url, {"carried_over": "0"})
    submitted.refresh_from_db()
    assert not submitted.carried_over
    assert list(submitted.events.values_list("transition", flat=True)) == [
        "carried_over",
        "not_carried_over",
    ]


def test_the_unit_sees_the_mark_but_cannot_set_it(submitted, group_leader, login):
    client = login(group_leader)
    assert (
        'data-mark="carried_over"' not in client.get(submitted.get_absolute_url()).content.decode()
    )
    response = client.post(
        reverse("models_registry:carry_over", args=[submitted.pk]), {"carried_over": "1"}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert not submitted.carried_over


def test_another_blocs_registration_is_404(tree, campaign, reviewer, login):
    other = at_status(make_registration(tree.base_c, campaign), Status.SUBMITTED)
    response = login(reviewer).post(
        reverse("models_registry:carry_over", args=[other.pk]), {"carried_over": "1"}
    )
    assert response.status_code == 404


def test_a_draft_cannot_be_carried_over(draft, reviewer, login):
    html = login(reviewer).get(draft.get_absolute_url()).content.decode()
    assert 'data-mark="carried_over"' not in html
    response = login(reviewer).post(
        reverse("models_registry:carry_over", args=[draft.pk]), {"carried_over": "1"}
    )
    assert response.status_code == 403


def test_leader_withdraws_with_a_reason_from_the_page(submitted, group_leader, group_member, login):
    assert (
        'data-step="withdraw"'
        not in login(group_member).get(submitted.get_absolute_url()).content.decode()
    )
    client = login(group_leader)
    html = client.get(submitted.get_absolute_url()).content.decode()
    assert "Rút đăng ký này" in html
    assert 'data-step="withdraw"' in html
    url = reverse("models_registry:transition", args=[submitted.pk, "withdraw"])
    client.post(url, {"comment": ""})
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    client.post(url, {"comment": "Đơn vị sáp nhập, không tiếp tục"})
    submitted.refresh_from_db()
    assert submitted.status == Status.WITHDRAWN
    assert submitted.events.get(transition="withdraw").comment == "Đơn vị sáp nhập, không tiếp tục"

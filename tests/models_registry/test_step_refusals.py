"""A refused step of a registration shows the page again, the reason on the comment box and
the typed text kept; nothing is saved."""

import pytest
from django.urls import reverse

from models_registry.models import Status
from tests.danvan.steps import LONG, NUL, NUL_VI, TOO_LONG_VI, assert_refused_and_kept

pytestmark = pytest.mark.django_db


def post(client, registration, name, comment):
    url = reverse("models_registry:transition", args=[registration.pk, name])
    return client.post(url, {"comment": comment, "version": registration.version})


@pytest.mark.parametrize(("typed", "reason"), [(LONG, TOO_LONG_VI), (NUL, NUL_VI)])
def test_a_comment_too_long_or_with_a_nul_byte_is_refused_and_kept(
    submitted, reviewer, login, typed, reason
):
    response = post(login(reviewer), submitted, "return", typed)
    assert_refused_and_kept(response, typed, reason)
    assert 'aria-invalid="true"' in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not submitted.events.exists()


def test_a_missing_reason_is_asked_for_on_the_same_page(submitted, reviewer, login):
    response = post(login(reviewer), submitted, "return", "   ")
    assert_refused_and_kept(response, "", "Đồng chí hãy ghi rõ lý do khi “Trả lại để bổ sung”.")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_step_not_possible_any_more_keeps_the_text(submitted, reviewer, login):
    client = login(reviewer)
    page_version = submitted.version
    post(client, submitted, "accept", "")
    submitted.version = page_version  # the page the reviewer still has open
    response = post(client, submitted, "return", "Thiếu biên bản họp chi bộ")
    assert_refused_and_kept(response, "Thiếu biên bản họp chi bộ", "Không thể", status=403)
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED

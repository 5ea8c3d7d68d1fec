"""CSRF on every state change: no view is exempt, and a POST without the token is refused
(ASVS V3). GET never changes data: tests/smoke/test_get_is_safe.py."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from support.models import Question
from tests.accounts.helpers import VerifiedClient
from tests.support.factories import ask


def _callbacks(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _callbacks(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            yield str(entry.pattern), entry.callback


def test_no_view_is_exempt_from_csrf():
    exempt = [
        route
        for route, callback in _callbacks(get_resolver().url_patterns)
        if getattr(callback, "csrf_exempt", False)
    ]
    assert exempt == []


@pytest.mark.django_db
def test_a_forged_post_is_refused_and_changes_nothing(tree, group_member, standing_office):
    question = ask(tree.base_a, group_member)
    status = question.status
    url = reverse("support:question_step", args=[question.pk, "answer"])
    forger = VerifiedClient(enforce_csrf_checks=True)  # second factor passed, as staff need
    forger.force_login(standing_office)
    assert forger.post(url, {"text": "Được."}).status_code == 403
    assert Question.objects.get(pk=question.pk).status == status
    assert question.messages.count() == 1
    # The same request with the page's token goes through: the refusal was the missing token.
    page = forger.get(reverse("support:question", args=[question.pk]))
    token = page.context["csrf_token"]
    assert forger.post(url, {"text": "Được.", "csrfmiddlewaretoken": token}).status_code == 302
    assert question.messages.count() == 2

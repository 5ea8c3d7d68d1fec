"""Every page without URL arguments, asked with hostile filter parameters, answers below 500.

A year of 10000, a negative or 40-digit id, a word where a number goes, a date that does not
exist: each is ignored (the page falls back to its default) or refused with a message, never a
server error. The parameter names are every one a view or filter form reads from ``GET``.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.units.factories import UserFactory
from units.models import Role

from .test_url_access_rules import EXEMPT_NAMESPACES, _walk

pytestmark = pytest.mark.django_db

NAMES = [
    "year", "page", "unit", "campaign", "period", "deadline", "field", "form", "lead", "kind",
    "status", "show", "missing", "sort", "category", "since", "until", "continue", "exclude",
    "name", "q", "format", "export", "level", "late", "escalation",
]  # fmt: skip
HOSTILE = {
    "out of range": "10000",
    "negative": "-1",
    "zero": "0",
    "huge": "9" * 40,
    "a word": "abc",
    "bad date": "2013-02-30",
    "nul byte": "a\x00b",
    "long": "x" * 5000,
}


def plain_pages():
    for route, namespace, pattern in _walk(get_resolver().url_patterns):
        if namespace in EXEMPT_NAMESPACES or pattern.pattern.converters:
            continue
        if not isinstance(pattern, URLPattern | URLResolver) or "logout" in route:
            continue
        yield "/" + route.replace("^", "").replace("$", "")


@pytest.fixture
def people(tree, admin_user, standing_office, reviewer, group_leader):
    staff = UserFactory(username="thuongtruc_staff", is_staff=True)
    from tests.units.factories import MembershipFactory

    MembershipFactory(user=staff, unit=tree.bloc, role=Role.STANDING_OFFICE)
    return [admin_user, staff, reviewer, group_leader]


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_parameters_never_make_a_server_error(client, people, kind):
    value = HOSTILE[kind]
    query = dict.fromkeys(NAMES, value)
    client.raise_request_exception = False
    errors = []
    for user in people:
        client.force_login(user)
        for url in plain_pages():
            for params in (query, {"year": value}, {"page": value}, {"unit": value}):
                response = client.get(url, params)
                if response.status_code >= 500:
                    errors.append(
                        (user.username, url, next(iter(params)) if len(params) == 1 else "all")
                    )
    assert errors == [], "\n".join(map(str, sorted(set(errors))))

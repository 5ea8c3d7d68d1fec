"""Shared by every app's ``test_query_counts.py``: a page costs the same SQL queries with 10 and
with 300 grassroots organisations, and at most ``PAGE_LIMIT`` for an HTML page.

``measured(pages)`` seeds the demo data (``seed_demo``) twice — once with 10 organisations, once
with 300, each inside a transaction rolled back afterwards — and fetches every page as its demo
login, twice, counting the queries of the second request (the first fills per-process caches
such as content types). A page is ``Page(id, login, url)`` where ``url`` is a path or a function
of nothing returning one, looked up in the seeded data (the first registration, report…), so the
same page is measured in both worlds.

The counts are those of the uncached path: the page cache (``danvan.page_cache``) is off in the
test settings and bypassed inside a transaction anyway; ``tests/danvan/test_page_cache.py``
asserts that a page served from it costs no query at all.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from danvan.reference_data import load_reference_data
from tests.accounts.helpers import VerifiedClient

SIZES = (10, 300)
PAGE_LIMIT = 15


@dataclass(frozen=True)
class Page:
    id: str
    login: str
    url: str | Callable[[], str]
    html: bool = True  # False for exports (Excel, PDF, zip, iCalendar): no page limit
    limit: int = PAGE_LIMIT  # a page above the limit says so here, with the reason


def _count(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries.captured_queries)


def measured(pages: list[Page], media_root) -> dict[str, dict[int, int]]:
    """{page id: {organisations: queries}} for every page, in both worlds."""
    from units import demo as units_demo
    from units.models import UnitType, User

    counts: dict[str, dict[int, int]] = {page.id: {} for page in pages}
    for size in SIZES:
        scale = f"queries-{size}"
        units_demo.SCALES[scale] = (1, 1, size)
        try:
            with override_settings(MEDIA_ROOT=media_root), transaction.atomic():
                if not UnitType.objects.exists():  # a transactional test flushed them
                    load_reference_data()
                call_command("seed_demo", "--scale", scale, stdout=io.StringIO())
                clients: dict[str, Client] = {}
                for page in pages:
                    if page.login not in clients:
                        clients[page.login] = VerifiedClient()  # staff: second factor passed
                        clients[page.login].force_login(User.objects.get(username=page.login))
                    url = page.url() if callable(page.url) else page.url
                    counts[page.id][size] = _count(clients[page.login], url)
                transaction.set_rollback(True)
        finally:
            del units_demo.SCALES[scale]
    return counts


def check(counts: dict[str, dict[int, int]], page: Page) -> None:
    small, large = (counts[page.id][size] for size in SIZES)
    assert small == large, f"{page.id}: {small} queries with 10 organisations, {large} with 300"
    if page.html:
        assert large <= page.limit, f"{page.id}: {large} queries (at most {page.limit})"


def first_url(pattern: str, model: str, login: str | None = None, **filters) -> Callable[[], str]:
    """``pattern`` formatted with the pk of the first ``app_label.Model`` (visible to ``login``
    when given, filtered by ``filters``) in the seeded data, looked up when the page is fetched."""

    def url() -> str:
        from django.apps import apps

        from units.models import User

        queryset = apps.get_model(model).objects.all()
        if login:
            queryset = queryset.visible_to(User.objects.get(username=login))
        pks = queryset.filter(**filters).order_by("pk").values_list("pk", flat=True)
        return pattern.format(pks[0])

    return url


def module_fixture(pages: list[Page]):
    """The ``counts`` fixture of a test module: both worlds measured once for the module."""
    import pytest

    @pytest.fixture(scope="module")
    def counts(django_db_setup, django_db_blocker, tmp_path_factory):
        with django_db_blocker.unblock():
            return measured(pages, tmp_path_factory.mktemp("media"))

    return counts

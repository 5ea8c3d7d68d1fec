"""Steering-group setup pages and the setup board (page and Excel) cost the same queries for
10 or 300 organisations (at most 15 a page): see tests/query_counts.py."""

import pytest

from tests.query_counts import Page, check, first_url, module_fixture

pytestmark = pytest.mark.django_db

PAGES = [
    Page(
        "unit setup",
        "totruong",
        first_url("/steering/units/{}/", "units.Unit", "totruong", unit_type__code="base"),
    ),
    Page("board", "bancd", "/steering/board/"),
    Page("board filtered", "bancd", "/steering/board/?missing=decision&sort=-regulations"),
    Page("board export", "bancd", "/steering/board/?format=xlsx", html=False),
]

counts = module_fixture(PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_queries_do_not_grow_with_organisations(counts, page):
    check(counts, page)

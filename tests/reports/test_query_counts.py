"""Periodic reports: lists, details, the completeness board and the summary (pages and Excel)
cost the same queries for 10 or 300 organisations (at most 15 a page): see tests/query_counts.py."""

import pytest

from tests.query_counts import Page, check, first_url, module_fixture

pytestmark = pytest.mark.django_db

PAGES = [
    Page("index member", "totruong", "/reports/"),
    Page("index reviewer", "bancd", "/reports/"),
    Page("detail", "bancd", first_url("/reports/{}/", "reports.PeriodicReport", "bancd")),
    Page("board", "bancd", "/reports/board/"),
    Page("board late", "bancd", "/reports/board/?state=late"),
    Page("board export", "bancd", "/reports/board/?format=xlsx", html=False),
    Page("summary", "bancd", "/reports/summary/"),
    Page("summary export", "bancd", "/reports/summary/?format=xlsx", html=False),
]

counts = module_fixture(PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_queries_do_not_grow_with_organisations(counts, page):
    check(counts, page)

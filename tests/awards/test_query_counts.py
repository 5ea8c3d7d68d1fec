"""Award proposals, the queue, quotas and decisions (pages and Excel) cost the same queries
for 10 or 300 organisations (at most 15 a page): see tests/query_counts.py."""

import pytest

from tests.query_counts import Page, check, first_url, module_fixture

pytestmark = pytest.mark.django_db

PAGES = [
    Page("mine", "totruong", "/awards/"),
    Page("detail", "bancd", first_url("/awards/{}/", "awards.Proposal", "bancd")),
    Page("short list", "bancd", first_url("/awards/{}/short-list/", "awards.Proposal", "bancd")),
    Page("queue", "bancd", "/awards/review/"),
    Page("queue export", "bancd", "/awards/review/?export=xlsx", html=False),
    Page("quotas", "thuongtruc", "/awards/quotas/"),
    Page("decisions", "bancd", "/awards/decisions/"),
]

counts = module_fixture(PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_queries_do_not_grow_with_organisations(counts, page):
    check(counts, page)

"""Campaigns, deadlines, documents, sessions and propaganda lists and details cost the same
queries for 10 or 300 organisations (at most 15 a page): see tests/query_counts.py."""

import pytest

from tests.query_counts import Page, check, first_url, module_fixture

pytestmark = pytest.mark.django_db

PAGES = [
    Page("campaigns", "bancd", "/campaigns/"),
    Page("campaign detail", "bancd", first_url("/campaigns/{}/", "campaigns.Campaign")),
    Page("unit deadlines", "totruong", "/campaigns/deadlines/"),
    Page(
        "deadline detail", "thuongtruc", first_url("/campaigns/deadlines/{}/", "campaigns.Deadline")
    ),
    Page("documents", "totruong", "/campaigns/documents/"),
    Page("sessions member", "totruong", "/campaigns/sessions/"),
    Page("sessions reviewer", "bancd", "/campaigns/sessions/"),
    Page("propaganda", "bancd", "/campaigns/propaganda/"),
]

counts = module_fixture(PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_queries_do_not_grow_with_organisations(counts, page):
    check(counts, page)

"""Visits, follow-ups, questions and the Q&A (lists, boards, details, Excel) cost the same
queries for 10 or 300 organisations (at most 15 a page): see tests/query_counts.py."""

import pytest

from tests.query_counts import Page, check, first_url, module_fixture

pytestmark = pytest.mark.django_db

PAGES = [
    Page("visits", "bancd", "/support/visits/"),
    Page("visit detail", "bancd", first_url("/support/visits/{}/", "support.Visit", "bancd")),
    Page(
        "follow-up detail",
        "bancd",
        first_url("/support/follow-ups/{}/", "support.FollowUp", "bancd"),
    ),
    Page("board", "bancd", "/support/board/"),
    Page("board export", "bancd", "/support/board/?format=xlsx", html=False),
    Page("questions", "totruong", "/support/questions/"),
    Page("question board", "thuongtruc", "/support/questions/board/"),
    Page(
        "question detail",
        "thuongtruc",
        first_url("/support/questions/{}/", "support.Question", "thuongtruc"),
    ),
    Page("qa", "thanhvien", "/support/qa/"),
    Page("qa detail", "thanhvien", first_url("/support/qa/{}/", "support.PublishedAnswer")),
]

counts = module_fixture(PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_queries_do_not_grow_with_organisations(counts, page):
    check(counts, page)

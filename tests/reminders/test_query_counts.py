"""The reminder log, deadline boards, policies and the calendar (page and feed) cost the
same queries for 10 or 300 organisations (at most 15 a page): see tests/query_counts.py."""

import pytest

from tests.query_counts import Page, check, first_url, module_fixture

pytestmark = pytest.mark.django_db


def _feed() -> str:
    from reminders.models import CalendarFeed
    from units.models import User

    feed = CalendarFeed.objects.filter(user=User.objects.get(username="totruong")).first()
    if feed is None:
        feed = CalendarFeed.objects.create(
            user=User.objects.get(username="totruong"), token=CalendarFeed.new_token()
        )
    return f"/reminders/calendar/{feed.token}.ics"


PAGES = [
    Page("log", "thuongtruc", "/reminders/"),
    Page(
        "deadline board",
        "thuongtruc",
        first_url("/reminders/deadlines/{}/", "campaigns.Deadline"),
    ),
    Page("policies", "thuongtruc", "/reminders/policies/"),
    Page("calendar settings", "totruong", "/reminders/calendar/"),
    Page("calendar feed", "totruong", _feed, html=False),
]

counts = module_fixture(PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_queries_do_not_grow_with_organisations(counts, page):
    check(counts, page)

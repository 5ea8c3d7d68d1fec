"""Home pages, unit pages, notifications and the admin changelists cost the same queries for
10 or 300 organisations (at most 15 a page): see tests/query_counts.py."""

import pytest

from tests.query_counts import Page, check, first_url, module_fixture

pytestmark = pytest.mark.django_db

PAGES = [
    Page("member home", "thanhvien", "/"),
    Page("leader home", "totruong", "/"),
    Page("reviewer home", "bancd", "/"),
    Page("reviewer home page 2", "bancd", "/?page=2"),
    Page("reviewer home search", "bancd", "/?q=chi+bo&missing=1"),
    Page("unit detail", "bancd", first_url("/units/{}/", "units.Unit", unit_type__code="bloc")),
    Page("notifications", "totruong", "/notifications/"),
    Page("admin units", "admin", "/admin/units/unit/"),
    Page("admin people", "admin", "/admin/units/user/"),
    Page("admin registrations", "admin", "/admin/models_registry/registration/"),
    Page("admin registrations search", "admin", "/admin/models_registry/registration/?q=dan"),
]

counts = module_fixture(PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_queries_do_not_grow_with_organisations(counts, page):
    check(counts, page)

"""Accent-insensitive search and the near-duplicates hint."""

import pytest
from django.urls import reverse

from models_registry.models import Status
from models_registry.selectors import near_duplicates

from .conftest import at_status
from .factories import make_registration

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["dan van kheo", "DÂN VẬN KHÉO", "dân van khéo", "Dan Van"])
def test_queue_search_ignores_accents(tree, campaign, reviewer, login, query):
    hit = at_status(
        make_registration(tree.base_a, campaign, name="Dân vận khéo trong thu thuế"),
        Status.SUBMITTED,
    )
    at_status(make_registration(tree.base_b, campaign, name="Đổi mới tiếp dân"), Status.SUBMITTED)
    page = login(reviewer).get(reverse("models_registry:queue"), {"q": query}).context["page"]
    assert [r.pk for r in page.object_list] == [hit.pk]


def test_d_with_stroke_matches_d(tree, campaign, reviewer, login):
    hit = at_status(
        make_registration(tree.base_a, campaign, name="Đảng viên đi đầu"), Status.SUBMITTED
    )
    page = login(reviewer).get(reverse("models_registry:queue"), {"q": "dang vien"}).context["page"]
    assert [r.pk for r in page.object_list] == [hit.pk]


def test_library_search_ignores_accents(tree, campaign, group_member, login):
    hit = at_status(
        make_registration(tree.base_b, campaign, name="Mô hình “Ngày thứ Bảy tình nguyện”"),
        Status.RECOGNISED,
    )
    page = login(group_member).get(reverse("models_registry:library"), {"q": "thu bay tinh nguyen"})
    assert [r.pk for r in page.context["page"].object_list] == [hit.pk]


# Both backends of the duplicate finder run here on PostgreSQL: "trigram" is what PostgreSQL
# uses, "words" is the SQLite fallback (the demo), called directly.
BACKENDS = pytest.mark.parametrize("backend", ["trigram", "words"])


@BACKENDS
def test_near_duplicates_same_unit_earlier_years_and_any_unit_this_year(tree, campaign, backend):
    old_own = make_registration(
        tree.base_a, campaign, name="Dân vận khéo trong cải cách hành chính", year=2024
    )
    this_year_other = at_status(
        make_registration(
            tree.base_b, campaign, name="Dân vận khéo trong cải cách thủ tục hành chính", year=2025
        ),
        Status.SUBMITTED,
    )
    make_registration(
        tree.base_b, campaign, name="Dân vận khéo trong cải cách hành chính", year=2023
    )
    make_registration(tree.base_a, campaign, name="Nuôi heo đất giúp hộ nghèo", year=2025)
    withdrawn = at_status(
        make_registration(tree.base_b, campaign, name="Dân vận khéo cải cách hành chính"),
        Status.WITHDRAWN,
    )
    found = near_duplicates(
        name="dan van kheo cai cach hanh chinh", unit=tree.base_a, year=2025, backend=backend
    )
    assert {r.pk for r in found} == {old_own.pk, this_year_other.pk}
    assert withdrawn.pk not in {r.pk for r in found}
    assert all(0.5 <= r.similarity <= 1 for r in found)


@BACKENDS
def test_near_duplicates_rank_the_closest_first_and_ignore_accents(tree, campaign, backend):
    sent = Status.SUBMITTED
    at_status(make_registration(tree.base_b, campaign, name="Tiếp công dân thân thiện"), sent)
    exact = at_status(make_registration(tree.base_b, campaign, name="Tiếp dân thân thiện"), sent)
    found = near_duplicates(name="TIEP DAN THAN THIEN", unit=None, year=2025, backend=backend)
    assert found[0].pk == exact.pk
    assert (
        near_duplicates(
            name="Tiếp dân thân thiện", unit=None, year=2025, exclude_pk=exact.pk, backend=backend
        )
        == found[1:]
    )


@BACKENDS
def test_near_duplicates_limit(tree, campaign, backend):
    for _ in range(7):
        at_status(
            make_registration(tree.base_b, campaign, name="Mô hình “Ngày thứ Bảy tình nguyện”"),
            Status.ACCEPTED,
        )
    found = near_duplicates(
        name="mo hinh ngay thu bay tinh nguyen", unit=None, year=2025, limit=3, backend=backend
    )
    assert len(found) == 3


def test_duplicates_fragment_offers_to_continue_own_ones(tree, campaign, group_member, login):
    own = make_registration(tree.base_a, campaign, name="Tiếp dân thân thiện", year=2024)
    page = (
        login(group_member)
        .get(
            reverse("models_registry:duplicates"),
            {"name": "tiep dan than thien", "unit": tree.base_a.pk, "year": 2025},
        )
        .content.decode()
    )
    assert "Tiếp dân thân thiện" in page
    assert f"?continue={own.pk}" in page


@BACKENDS
def test_no_hint_for_short_or_unrelated_names(tree, campaign, backend):
    make_registration(tree.base_a, campaign, name="Tiếp dân thân thiện", year=2025)
    assert near_duplicates(name="ab", unit=tree.base_a, year=2025, backend=backend) == []
    assert (
        near_duplicates(name="Trồng cây xanh", unit=tree.base_a, year=2025, backend=backend) == []
    )
    # one shared word out of four is not "near"
    assert (
        near_duplicates(name="Tiếp nhận ý kiến", unit=tree.base_a, year=2025, backend=backend) == []
    )

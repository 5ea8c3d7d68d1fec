"""Admin search ignores Vietnamese accents: "so tai chinh" finds "Sở Tài chính"."""

import pytest
from django.urls import reverse

from tests.units.factories import make_grassroots

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("term", ["so tai chinh", "Sở Tài chính", "SO TAI CHINH", "sở tài"])
def test_unit_search_ignores_accents_and_case(tree, admin_user, login, term):
    page = login(admin_user).get(reverse("admin:units_unit_changelist"), {"q": term})
    assert page.status_code == 200
    found = {u.pk for u in page.context["cl"].result_list}
    assert found == {tree.base_a.pk, tree.group_a.pk}  # "Tổ chỉ đạo – Đảng bộ Sở Tài chính" too


def test_search_finds_units_at_any_depth_and_shows_where_they_sit(tree, admin_user, login):
    page = login(admin_user).get(reverse("admin:units_unit_changelist"), {"q": "to chi dao"})
    found = {u.pk for u in page.context["cl"].result_list}
    assert found == {tree.group_a.pk, tree.group_b.pk, tree.group_c.pk}
    # a flat result list names each unit's parent, so equal names can be told apart
    assert "Đảng bộ Công ty Gang Thép" in page.content.decode()


def test_d_with_stroke_matches_plain_d(tree, admin_user, login):
    page = login(admin_user).get(reverse("admin:units_unit_changelist"), {"q": "dang uy khoi"})
    names = {str(u) for u in page.context["cl"].result_list}
    assert names == {"Đảng ủy Khối các cơ quan tỉnh", "Đảng ủy Khối doanh nghiệp"}


def test_people_and_memberships_search_ignores_accents(tree, group_leader, admin_user, login):
    group_leader.full_name = "Nguyễn Thị Hồng Nhung"
    group_leader.save()
    client = login(admin_user)
    people = client.get(reverse("admin:units_user_changelist"), {"q": "hong nhung"})
    assert [u.pk for u in people.context["cl"].result_list] == [group_leader.pk]
    roles = client.get(reverse("admin:units_membership_changelist"), {"q": "nguyen thi hong"})
    assert [m.user_id for m in roles.context["cl"].result_list] == [group_leader.pk]


def test_search_result_page_costs_the_same_queries_for_few_or_many_units(
    tree, admin_user, login, django_assert_max_num_queries
):
    client = login(admin_user)
    url = reverse("admin:units_unit_changelist")

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"q": "chi bo"}).status_code == 200
        return len(ctx)

    for n in range(5):
        make_grassroots(f"Chi bộ Sở số {n}", bloc=tree.bloc, with_group=False)
    few = count_queries()
    for n in range(5, 60):
        make_grassroots(f"Chi bộ Sở số {n}", bloc=tree.bloc, with_group=False)
    assert count_queries() == few

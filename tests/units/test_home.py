"""The home page per role: a member sees their own unit, a reviewer the bloc's table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.units.factories import UserFactory, make_unit, person_with_role, unit_type
from units.bulk import bulk_add_children
from units.models import MassOrganisation, Membership, Role, Unit, User

pytestmark = pytest.mark.django_db


def add_organisations(bloc: Unit, count: int, *, start: int = 0) -> list[Unit]:
    """``count`` grassroots organisations under ``bloc``, each with a group and its leader."""
    bases = bulk_add_children(
        bloc,
        [
            Unit(
                name=f"Chi bộ Trường THPT số {start + i}",
                short_code=f"TH{start + i:04d}",
                unit_type=unit_type("base"),
            )
            for i in range(count)
        ],
    )
    groups = []
    for base in bases:
        (group,) = bulk_add_children(
            base,
            [
                Unit(
                    name=f"Tổ chỉ đạo – {base.name}",
                    short_code=f"{base.short_code}-TCD",
                    unit_type=unit_type("steering_group"),
                )
            ],
        )
        groups.append(group)
    leaders = User.objects.bulk_create(
        [User(username=f"leader{start + i}", full_name=f"Đỗ Văn {i}") for i in range(count)]
    )
    union = MassOrganisation.objects.get(code="trade_union")
    Membership.objects.bulk_create(
        [
            Membership(user=u, unit=g, role=Role.GROUP_LEADER, mass_organisation=union)
            for u, g in zip(leaders, groups, strict=True)
        ]
    )
    return bases


def count_queries(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(queries)


def test_reviewer_home_costs_the_same_queries_for_10_and_300_organisations(client):
    bloc = make_unit("Đảng ủy Khối các cơ quan tỉnh", type_code="bloc")
    client.force_login(person_with_role(Role.REVIEWER, bloc, username="bancd"))
    add_organisations(bloc, 10)
    home = reverse("home")
    small = count_queries(client, home)
    small_search = count_queries(client, f"{home}?q=truong&page=1", **{"HX-Target": "bloc-table"})

    add_organisations(bloc, 290, start=10)
    assert count_queries(client, home) == small
    assert count_queries(client, f"{home}?q=truong&page=6") == small
    search = count_queries(client, f"{home}?q=truong&page=1", **{"HX-Target": "bloc-table"})
    assert search == small_search
    assert small <= 15, "the home page should stay a handful of queries"


def test_reviewer_sees_counts_and_a_paginated_table_with_leader_contact(client):
    bloc = make_unit("Đảng ủy Khối các cơ quan tỉnh", type_code="bloc")
    client.force_login(person_with_role(Role.REVIEWER, bloc, username="bancd"))
    add_organisations(bloc, 60)
    User.objects.filter(username="leader0").update(phone="0912.345.678")
    bulk_add_children(
        bloc, [Unit(name="Chi bộ Sở Nội vụ", short_code="SNV", unit_type=unit_type("base"))]
    )

    page = client.get(reverse("home")).content.decode()

    assert "Chi bộ Trường THPT số 0" in page
    assert 'href="tel:0912345678"' in page
    assert "page=2" in page
    assert "Chi bộ Sở Nội vụ" not in page  # last in tree order: on page 2
    second = client.get(reverse("home"), {"page": 2}).content.decode()
    assert "Chi bộ Sở Nội vụ" in second
    assert "chưa có Tổ chỉ đạo" in second


def test_search_ignores_accents_and_answers_htmx_with_the_table_alone(client, tree, reviewer):
    client.force_login(reviewer)

    response = client.get(
        reverse("home"), {"q": "so tai chinh"}, headers={"HX-Target": "bloc-table"}
    )
    html = response.content.decode()

    assert "<html" not in html
    assert tree.base_a.name in html
    assert tree.base_b.name not in html
    full = client.get(reverse("home"), {"q": "SỞ TƯ PHÁP"}).content.decode()
    assert "<html" in full
    assert tree.base_b.name in full
    assert tree.base_a.name not in full


def test_reviewer_can_list_only_organisations_without_a_steering_group(client, tree, reviewer):
    lonely = make_unit("Chi bộ Sở Y tế", type_code="base", parent=tree.bloc)
    client.force_login(reviewer)

    html = client.get(reverse("home"), {"missing": "1"}).content.decode()

    assert lonely.name in html
    assert tree.base_a.name not in html


def test_reviewer_sees_only_their_own_bloc(client, tree, reviewer):
    client.force_login(reviewer)

    html = client.get(reverse("home")).content.decode()

    assert tree.base_a.name in html
    assert tree.base_b.name in html
    assert tree.base_c.name not in html  # another bloc


@pytest.mark.parametrize("query", ["", "cong ty", "Gang Thép"])
def test_member_home_never_shows_another_unit(client, tree, group_member, other_leader, query):
    person_with_role(Role.GROUP_MEMBER, tree.group_c, username="someone-else")
    client.force_login(group_member)

    html = client.get(reverse("home"), {"q": query, "missing": "1"}).content.decode()

    assert tree.base_a.name in html
    assert tree.group_a.name in html
    for other in (tree.base_b, tree.group_b, tree.base_c, tree.group_c):
        assert other.name not in html
    assert other_leader.get_full_name() not in html
    assert 'id="bloc-table"' not in html


def test_member_sees_the_people_of_their_steering_group(client, tree, group_member, group_leader):
    client.force_login(group_member)

    html = client.get(reverse("home")).content.decode()

    assert group_leader.get_full_name() in html
    assert "Tổ trưởng" in html


def test_someone_without_a_role_is_told_whom_to_contact(client, db):
    client.force_login(UserFactory(username="moi"))

    html = client.get(reverse("home")).content.decode()

    assert "Thường trực" in html

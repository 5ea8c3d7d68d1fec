"""Admin changelists are scoped like every other page: a standing office on bloc 1 never sees
bloc 2's units, roles or people, and another bloc's object answers like a missing one."""

import pytest
from django.urls import reverse

from tests.units.factories import person_with_role
from units.models import Membership, Role, Unit

pytestmark = pytest.mark.django_db

OTHER_BLOC_NAMES = ["Đảng ủy Khối doanh nghiệp", "Đảng bộ Công ty Gang Thép"]


@pytest.fixture
def office(standing_office):
    standing_office.is_staff = True
    standing_office.save()
    return standing_office


@pytest.fixture
def bloc2_person(tree):
    return person_with_role(
        Role.GROUP_LEADER, tree.group_c, username="gangthep", full_name="Trịnh Văn Thép"
    )


def _listed(client, name, **params):
    page = client.get(reverse(f"admin:units_{name}_changelist"), params)
    assert page.status_code == 200
    return page, {obj.pk for obj in page.context["cl"].result_list}


def test_unit_tree_starts_at_the_offices_bloc(tree, office, login):
    page, listed = _listed(login(office), "unit")
    assert listed == {tree.bloc.pk}
    for name in OTHER_BLOC_NAMES:
        assert name not in page.content.decode()


def test_flat_unit_list_holds_only_the_offices_subtree(tree, office, login):
    page, listed = _listed(login(office), "unit", is_active__exact="1")
    assert listed == {
        tree.bloc.pk,
        tree.base_a.pk,
        tree.group_a.pk,
        tree.base_b.pk,
        tree.group_b.pk,
    }
    for name in OTHER_BLOC_NAMES:
        assert name not in page.content.decode()


def test_search_never_reaches_another_bloc(tree, office, login):
    _, listed = _listed(login(office), "unit", q="gang thep")
    assert listed == set()


def test_memberships_and_people_of_another_bloc_are_not_listed(
    tree, office, group_leader, bloc2_person, login
):
    client = login(office)
    page, memberships = _listed(client, "membership")
    assert bloc2_person.memberships.get().pk not in memberships
    assert group_leader.memberships.get().pk in memberships
    assert "Trịnh Văn Thép" not in page.content.decode()
    page, people = _listed(client, "user")
    assert group_leader.pk in people
    assert bloc2_person.pk not in people
    assert "Trịnh Văn Thép" not in page.content.decode()


@pytest.mark.parametrize("which", ["unit", "membership", "user"])
def test_another_blocs_object_answers_like_a_missing_one(tree, office, bloc2_person, login, which):
    client = login(office)
    target = {
        "unit": tree.base_c,
        "membership": bloc2_person.memberships.get(),
        "user": bloc2_person,
    }[which]
    for view in ("change", "delete", "history"):
        response = client.get(reverse(f"admin:units_{which}_{view}", args=[target.pk]), follow=True)
        body = response.content.decode()
        assert response.redirect_chain, (
            view
        )  # Django admin: "… doesn't exist. Perhaps it was deleted?"
        assert "Trịnh Văn Thép" not in body
        assert "Gang Thép" not in body


def test_children_of_another_bloc_are_404(tree, office, login):
    client = login(office)
    assert client.get(f"/admin/units/unit/children/{tree.bloc.pk}/").status_code == 200
    assert client.get(f"/admin/units/unit/children/{tree.bloc2.pk}/").status_code == 404
    assert client.get("/admin/units/unit/children/nonsense/").status_code == 404


def test_office_changes_its_own_units(tree, office, login):
    client = login(office)
    url = reverse("admin:units_unit_change", args=[tree.base_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"]
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(
        name="Đảng bộ Sở Tài chính tỉnh",
        short_code=tree.base_a.short_code,
        unit_type=tree.base_a.unit_type_id,
        is_active="on",
        treebeard_ref_node=tree.bloc.pk,
        treebeard_position="last-child",
        **_empty_inline("memberships"),
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    tree.base_a.refresh_from_db()
    assert tree.base_a.name == "Đảng bộ Sở Tài chính tỉnh"


def test_office_cannot_move_a_unit_out_of_its_bloc(tree, office, login):
    client = login(office)
    url = reverse("admin:units_unit_change", args=[tree.base_a.pk])
    response = client.post(
        url,
        {
            "name": tree.base_a.name,
            "short_code": tree.base_a.short_code,
            "unit_type": tree.base_a.unit_type_id,
            "is_active": "on",
            "treebeard_ref_node": tree.bloc2.pk,
            "treebeard_position": "last-child",
            **_empty_inline("memberships"),
        },
    )
    assert response.status_code == 200
    assert "treebeard_ref_node" in response.context["adminform"].form.errors
    assert Unit.objects.get(pk=tree.base_a.pk).path.startswith(tree.bloc.path)


def test_a_reviewer_sees_but_cannot_change(tree, reviewer, login):
    reviewer.is_staff = True
    reviewer.save()
    client = login(reviewer)
    _, listed = _listed(client, "unit", is_active__exact="1")
    assert tree.base_a.pk in listed
    assert tree.base_c.pk not in listed
    page = client.get(reverse("admin:units_unit_change", args=[tree.base_a.pk]))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert client.get(reverse("admin:units_unit_import")).status_code == 403


def test_office_cannot_hand_out_admin_powers(tree, office, group_leader, login):
    client = login(office)
    page = client.get(reverse("admin:units_user_change", args=[group_leader.pk]))
    assert page.status_code == 200
    fields = page.context["adminform"].form.fields
    assert "is_superuser" not in fields
    assert "is_staff" not in fields
    assert "user_permissions" not in fields
    assert "groups" not in fields


def test_person_with_a_role_elsewhere_is_read_only_for_the_office(
    tree, office, group_leader, login
):
    Membership.objects.create(user=group_leader, unit=tree.group_c, role=Role.GROUP_MEMBER)
    page = login(office).get(reverse("admin:units_user_change", args=[group_leader.pk]))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    # the role held in the other bloc is not shown either
    assert "Gang Thép" not in page.content.decode()


def test_role_must_fit_the_unit_type(tree, admin_user, group_member, login):
    response = login(admin_user).post(
        reverse("admin:units_membership_add"),
        {
            "user": group_member.pk,
            "unit": tree.base_a.pk,
            "role": Role.GROUP_LEADER,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors


def test_staff_without_a_role_and_non_staff_get_nothing(tree, group_member, login):
    client = login(group_member)  # a member, not staff
    response = client.get(reverse("admin:units_unit_changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    group_member.is_staff = True
    group_member.save()
    # Staff now: the admin asks for the second factor, as for any staff account.
    assert client.get(reverse("admin:units_unit_changelist")).status_code == 302
    client = login(group_member)
    # staff with only a member role: may view their own organisation, nothing else
    _, listed = _listed(client, "unit", is_active__exact="1")
    assert listed == {tree.base_a.pk, tree.group_a.pk}


def _empty_inline(prefix):
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_office_cannot_drag_a_unit_into_another_bloc(tree, office, login):
    client = login(office)
    move = "/admin/units/unit/move/"
    refused = client.post(
        move, {"node": tree.base_a.pk, "target": tree.bloc2.pk, "relation": "child"}
    )
    assert refused.status_code == 403
    refused = client.post(
        move, {"node": tree.base_c.pk, "target": tree.bloc.pk, "relation": "child"}
    )
    assert refused.status_code == 403
    assert Unit.objects.get(pk=tree.base_a.pk).path.startswith(tree.bloc.path)
    allowed = client.post(
        move, {"node": tree.group_a.pk, "target": tree.base_b.pk, "relation": "child"}
    )
    assert allowed.status_code == 200
    assert Unit.objects.get(pk=tree.group_a.pk).path.startswith(tree.base_b.path)

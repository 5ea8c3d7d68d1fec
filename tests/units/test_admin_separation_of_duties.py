"""Separation of duties in the admin: staff never grant themselves roles, and never change the
credentials or powers of other staff (standing offices, reviewers) unless they are superusers.
A field a role may not set cannot be set by adding it to the POST either."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.units.factories import person_with_role
from units.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(standing_office):
    standing_office.is_staff = True
    standing_office.save()
    return standing_office


def test_the_office_cannot_make_itself_leader_of_a_group_it_reviews(tree, office, login):
    response = login(office).post(
        reverse("admin:units_membership_add"),
        {"user": office.pk, "unit": tree.group_a.pk, "role": Role.GROUP_LEADER, "is_active": "on"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert not Membership.objects.filter(user=office, unit=tree.group_a).exists()


def test_the_office_cannot_change_its_own_role(tree, office, login):
    own = office.memberships.get()
    client = login(office)
    response = client.post(
        reverse("admin:units_membership_change", args=[own.pk]),
        {"user": office.pk, "unit": tree.province.pk, "role": Role.STANDING_OFFICE},
    )
    assert response.status_code in (302, 403)
    own.refresh_from_db()
    assert own.unit == tree.bloc


def test_a_superuser_still_gives_roles(tree, admin_user, office, login):
    response = login(admin_user).post(
        reverse("admin:units_membership_add"),
        {"user": office.pk, "unit": tree.group_a.pk, "role": Role.GROUP_LEADER, "is_active": "on"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("peer_role", [Role.REVIEWER, Role.STANDING_OFFICE])
def test_the_office_cannot_set_a_peers_password(tree, office, login, peer_role):
    peer = person_with_role(peer_role, tree.bloc, username="dongnghiep")
    before = peer.password
    client = login(office)
    url = reverse("admin:auth_user_password_change", args=[peer.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url, {"password1": "Mat-khau-moi-2026!", "password2": "Mat-khau-moi-2026!"}
    )
    assert response.status_code == 403
    peer.refresh_from_db()
    assert peer.password == before


def test_the_office_still_sets_a_group_members_password(tree, office, group_member, login):
    url = reverse("admin:auth_user_password_change", args=[group_member.pk])
    response = login(office).post(
        url, {"password1": "Mat-khau-moi-2026!", "password2": "Mat-khau-moi-2026!"}
    )
    assert response.status_code == 302
    group_member.refresh_from_db()
    assert group_member.check_password("Mat-khau-moi-2026!")


def test_admin_powers_cannot_be_posted_into_a_persons_page(tree, office, group_member, login):
    group = Group.objects.create(name="Quản trị")
    client = login(office)
    page = client.get(reverse("admin:units_user_change", args=[group_member.pk]))
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "password"}
    data.update(
        {
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [group.pk],
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    client.post(reverse("admin:units_user_change", args=[group_member.pk]), data)
    group_member.refresh_from_db()
    assert not group_member.is_staff
    assert not group_member.is_superuser
    assert not group_member.groups.exists()

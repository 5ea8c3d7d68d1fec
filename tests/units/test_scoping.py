"""The scoping rule on a three-level tree: a role held on a unit covers its subtree."""

import pytest
from django.urls import reverse

from tests.units.factories import person_with_role
from units.models import Membership, Role, Unit
from units.scoping import Action, get_scope

pytestmark = pytest.mark.django_db


def visible(user):
    return set(Unit.objects.visible_to(user).values_list("pk", flat=True))


def test_member_sees_own_organisation_and_its_group_not_another(tree, group_member):
    seen = visible(group_member)
    assert {tree.base_a.pk, tree.group_a.pk} <= seen
    assert tree.group_b.pk not in seen
    assert tree.base_b.pk not in seen
    assert tree.bloc.pk not in seen


def test_member_may_edit_but_not_submit_or_review(tree, group_member, group_leader):
    scope = get_scope(group_member)
    assert scope.allows(Action.EDIT, tree.base_a)
    assert not scope.allows(Action.SUBMIT, tree.base_a)
    assert not scope.is_reviewer
    assert get_scope(group_leader).allows(Action.SUBMIT, tree.base_a)
    assert not get_scope(group_leader).allows(Action.SUBMIT, tree.base_b)


def test_reviewer_on_the_bloc_sees_all_of_it_and_nothing_beside_it(tree, reviewer):
    seen = visible(reviewer)
    assert {tree.bloc.pk, tree.base_a.pk, tree.group_a.pk, tree.base_b.pk, tree.group_b.pk} <= seen
    assert not {tree.bloc2.pk, tree.base_c.pk, tree.group_c.pk} & seen
    assert tree.province.pk not in seen


def test_reviewer_on_a_subtree_sees_only_that_subtree(tree):
    subtree_reviewer = person_with_role(Role.REVIEWER, tree.base_b)
    assert visible(subtree_reviewer) == {tree.base_b.pk, tree.group_b.pk}


def test_reviewer_on_the_province_sees_every_bloc(tree):
    province_reviewer = person_with_role(Role.REVIEWER, tree.province)
    assert visible(province_reviewer) == set(Unit.objects.values_list("pk", flat=True))


def test_inactive_membership_grants_nothing(tree, group_member):
    Membership.objects.filter(user=group_member).update(is_active=False)
    group_member.refresh_from_db()
    assert visible(group_member) == set()


def test_related_models_scope_through_their_unit(tree, group_member, other_leader):
    # Membership declares scope_unit_lookup = "unit": the member sees their own group's rows.
    seen_users = set(Membership.objects.visible_to(group_member).values_list("user", flat=True))
    assert group_member.pk in seen_users
    assert other_leader.pk not in seen_users


def test_another_units_page_is_404_like_a_missing_one(tree, group_member, login):
    client = login(group_member)
    assert client.get(reverse("units:detail", args=[tree.base_a.pk])).status_code == 200
    other = client.get(reverse("units:detail", args=[tree.base_b.pk]))
    missing = client.get(reverse("units:detail", args=[999999]))
    assert other.status_code == missing.status_code == 404


def test_scope_costs_one_query_per_request(tree, group_member, django_assert_num_queries):
    with django_assert_num_queries(1):
        get_scope(group_member)
        get_scope(group_member)

"""The scope answered both ways (issue 13.3): what a user may act on, including what is set
above them, and who may act on a unit — from the same roles and covering rule."""

import pytest

from campaigns.models import Campaign
from tests.units.factories import person_with_role
from units.models import Membership, Role, Unit
from units.scoping import Action, get_scope, path_prefixes, users_for_action

pytestmark = pytest.mark.django_db


def test_path_prefixes_are_the_unit_and_its_ancestors(tree):
    assert path_prefixes(tree.group_a.path) == [
        tree.province.path,
        tree.bloc.path,
        tree.base_a.path,
        tree.group_a.path,
    ]


def test_reaching_adds_the_units_above_the_scope_and_nothing_beside_it(tree, group_member):
    reached = set(Unit.objects.reaching(group_member, Action.VIEW).values_list("pk", flat=True))
    assert {tree.province.pk, tree.bloc.pk, tree.base_a.pk, tree.group_a.pk} <= reached
    assert not {tree.base_b.pk, tree.bloc2.pk, tree.base_c.pk} & reached
    scope = get_scope(group_member)
    assert scope.reaches(Action.VIEW, tree.bloc)
    assert not scope.reaches(Action.VIEW, tree.base_b)
    assert not scope.reaches(Action.MANAGE, tree.bloc)


def _campaign(code: str, root: Unit) -> Campaign:
    return Campaign.objects.create(
        name=code, code=code, root_unit=root, start_date="2026-01-01", end_date="2026-12-31"
    )


def test_reaching_on_a_related_model(tree, standing_office, standing_office2):
    province_wide = _campaign("tinh", tree.province)
    second_blocs = _campaign("khoi-dn", tree.bloc2)
    mine = set(Campaign.objects.reaching(standing_office, Action.MANAGE))
    assert province_wide in mine
    assert second_blocs not in mine
    assert second_blocs in set(Campaign.objects.reaching(standing_office2, Action.MANAGE))


def test_the_top_of_a_scope(tree, standing_office, admin_user):
    assert list(Unit.objects.filter(get_scope(standing_office).q_roots(Action.MANAGE))) == [
        tree.bloc
    ]
    tops = set(Unit.objects.filter(get_scope(admin_user).q_roots(Action.MANAGE)))
    assert tops == {tree.province, tree.bloc, tree.bloc2}


def test_who_may_act_on_a_unit(
    tree,
    group_member,
    group_leader,
    other_leader,
    standing_office,
    standing_office2,
    reviewer,
    admin_user,
):
    assert set(users_for_action(Action.EDIT, tree.base_a)) == {group_member, group_leader}
    assert set(users_for_action(Action.SUBMIT, tree.base_a)) == {group_leader}
    assert set(users_for_action(Action.MANAGE, tree.base_a)) == {standing_office}
    assert set(users_for_action(Action.REVIEW, tree.base_a)) == {reviewer, standing_office}
    assert set(users_for_action(Action.MANAGE, tree.base_c)) == {standing_office2}
    assert set(users_for_action(Action.MANAGE)) == {standing_office, standing_office2}
    assert admin_user not in set(users_for_action(Action.MANAGE))
    assert other_leader not in set(users_for_action(Action.EDIT, tree.base_a))


def test_who_may_act_agrees_with_each_persons_scope(tree, group_member, standing_office):
    """The reverse answer equals asking every person's own scope, ended roles left out."""
    gone = person_with_role(Role.GROUP_MEMBER, tree.group_a, username="daroi")
    Membership.objects.filter(user=gone).update(is_active=False)
    units = Unit.objects.all()
    people = [group_member, standing_office, gone]
    for unit in units:
        for action in Action:
            expected = {p for p in people if get_scope(p).allows(action, unit)}
            assert set(users_for_action(action, unit)) & set(people) == expected, (unit, action)

"""Read-side queries about units and people, shared by views, exports and reports."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Length, Substr

from .models import Membership, Role, Unit
from .scoping import get_scope

GROUP_ROLE_ORDER = [Role.GROUP_LEADER, Role.GROUP_DEPUTY, Role.GROUP_SECRETARY, Role.GROUP_MEMBER]


def home_units_for(user: Any) -> QuerySet[Unit]:
    """Grassroots organisations the user works for (as a steering-group member or leader)."""
    scope = get_scope(user)
    return Unit.objects.grassroots().active().filter(scope.q("edit")).select_related("unit_type")


def grassroots_units_visible_to(user: Any) -> QuerySet[Unit]:
    return Unit.objects.visible_to(user).grassroots().active().select_related("unit_type")


def steering_groups_by_parent(units: Iterable[Unit]) -> dict[str, Unit]:
    """Map each grassroots unit's path to its steering group, members prefetched: two queries."""
    parents = {u.path for u in units}
    if not parents:
        return {}
    memberships = Membership.objects.active().select_related("user", "mass_organisation")
    groups = (
        Unit.objects.filter(unit_type__acts_for_parent=True, is_active=True)
        .annotate(parent=Substr("path", 1, Length("path") - Unit.steplen))
        .filter(parent__in=parents)
        .order_by("path")
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="active_members"))
    )
    result: dict[str, Unit] = {}
    for group in groups:
        group.active_members.sort(key=_member_sort_key)
        result.setdefault(group.parent, group)
    return result


def _member_sort_key(membership: Membership) -> tuple[int, str]:
    rank = GROUP_ROLE_ORDER.index(membership.role) if membership.role in GROUP_ROLE_ORDER else 99
    return rank, membership.user.full_name


def leader_of(group: Unit | None) -> Membership | None:
    if group is None:
        return None
    for membership in getattr(group, "active_members", []):
        if membership.role == Role.GROUP_LEADER:
            return membership
    return None


def count_without_steering_group(user: Any) -> int:
    """Visible grassroots organisations that have no active steering group yet."""
    groups = (
        Unit.objects.filter(unit_type__acts_for_parent=True, is_active=True)
        .annotate(parent=Substr("path", 1, Length("path") - Unit.steplen))
        .values("parent")
    )
    return grassroots_units_visible_to(user).exclude(path__in=groups).count()

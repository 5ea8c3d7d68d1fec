"""Read-side queries about units and people, shared by views, exports and reports."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from .models import Membership, Role, Unit, parent_path
from .scoping import Action, get_scope

GROUP_ROLE_ORDER = [Role.GROUP_LEADER, Role.GROUP_DEPUTY, Role.GROUP_SECRETARY, Role.GROUP_MEMBER]


def home_units_for(user: Any) -> QuerySet[Unit]:
    """Grassroots organisations the user works for (as a steering-group member or leader)."""
    scope = get_scope(user)
    return Unit.objects.grassroots().active().filter(scope.q("edit")).select_related("unit_type")


def grassroots_units_visible_to(user: Any) -> QuerySet[Unit]:
    return Unit.objects.visible_to(user).grassroots().active().select_related("unit_type")


# What the member lists and the leader columns show; the rest of a person (password, search
# text, dates) is never read there and would only cost conversion time per row.
MEMBER_USER_FIELDS = ("user__username", "user__full_name", "user__email", "user__phone")
MEMBER_USER_FIELDS += ("user__position", "user__is_active")


def steering_groups_by_parent(units: Iterable[Unit]) -> dict[str, Unit]:
    """Map each grassroots unit's path to its steering group, members prefetched: two queries.

    A steering group is a child of the unit it serves: its parent's path is its own minus one
    step, which the ``units_unit_parent_path`` expression index serves at any size of tree.
    Only the columns the member lists show are loaded.
    """
    parents = {u.path for u in units}
    if not parents:
        return {}
    memberships = (
        Membership.objects.active()
        .select_related("user", "mass_organisation")
        .only(
            "role",
            "title",
            "unit",
            "user",
            "mass_organisation__code",
            "mass_organisation__name",
            *MEMBER_USER_FIELDS,
        )
    )
    groups = (
        Unit.objects.filter(unit_type__acts_for_parent=True, is_active=True)
        .annotate(parent=parent_path())
        .filter(parent__in=parents)
        .only("path", "depth", "name", "short_code", "unit_type_id", "is_active")
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
    return grassroots_units_visible_to(user).exclude(_has_steering_group()).count()


def grassroots_units_reviewed_by(user: Any) -> QuerySet[Unit]:
    """Active grassroots organisations inside the subtrees the user reviews."""
    return (
        Unit.objects.for_action(user, Action.REVIEW)
        .grassroots()
        .active()
        .select_related("unit_type")
    )


def _has_steering_group() -> Exists:
    """Whether the outer unit has an active steering group: one probe of the parent-path index
    per unit (``NOT IN`` over every group's parent path scanned 30,000 groups per query)."""
    return Exists(
        Unit.objects.annotate(parent=parent_path()).filter(
            parent=OuterRef("path"), unit_type__acts_for_parent=True, is_active=True
        )
    )


def bloc_organisations(
    user: Any, *, query: str = "", missing_group: bool = False
) -> QuerySet[Unit]:
    """The reviewer's table: organisations in tree order, filtered by accent-free text."""
    units = grassroots_units_reviewed_by(user).search(query)
    if missing_group:
        units = units.exclude(_has_steering_group())
    return units.order_by("path")


def review_roots_for(user: Any) -> list[Unit]:
    """The units (blocs, usually one) at the top of what the user reviews; empty for superusers."""
    roots = get_scope(user).roots(Action.REVIEW)
    if not roots:
        return []
    return list(Unit.objects.filter(path__in=roots).select_related("unit_type").order_by("path"))


def bloc_counts(user: Any) -> dict[str, int]:
    """Figures for the reviewer's home page, in two queries whatever the size of the bloc."""
    figures = grassroots_units_reviewed_by(user).aggregate(
        organisations=Count("pk"),
        without_group=Count("pk", filter=~_has_steering_group()),
    )
    figures["people"] = (
        Membership.objects.for_action(user, Action.REVIEW)
        .active()
        .filter(unit__unit_type__acts_for_parent=True, unit__is_active=True)
        .values("user")
        .distinct()
        .count()
    )
    figures["with_group"] = figures["organisations"] - figures["without_group"]
    return figures

"""Read-side queries for steering-group setup, above all the reviewers' setup board.

The board's rows come from ONE queryset of grassroots organisations annotated with correlated
subqueries (Exists/Subquery), so a page costs the same number of SQL queries for 10 or 30,000
organisations, and the Excel export iterates the very same queryset with the same filters and
order: what is exported is what is on screen.
"""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from campaigns.models import DisseminationSession
from units.models import Membership, Role, Unit, parent_path
from units.scoping import Action

from .models import FoundingDecision, WorkingRegulation

# ---------------------------------------------------------------- one organisation


def founding_decision_of(unit: Unit) -> FoundingDecision | None:
    return FoundingDecision.objects.filter(unit=unit).select_related("recorded_by").first()


def regulations_of(unit: Unit) -> QuerySet[WorkingRegulation]:
    return WorkingRegulation.objects.filter(unit=unit).select_related("recorded_by")


# ---------------------------------------------------------------- the setup board


def _steering_groups_of(outer_path: OuterRef) -> QuerySet[Unit]:
    """Active steering groups directly under the grassroots unit whose path is ``outer_path``.

    Matched on the parent's path (``units.models.parent_path``), which the
    ``units_unit_parent_path`` index serves: one index probe per row. ``path LIKE outer.path ||
    '%'`` had no index to use and rescanned the 30,000 groups for every organisation at
    national scale (1.9 s per page).
    """
    return (
        Unit.objects.annotate(parent=parent_path())
        .filter(parent=outer_path, unit_type__acts_for_parent=True, is_active=True)
        .order_by()
    )


def board_queryset(user: Any, *, year: int) -> QuerySet[Unit]:
    """Every grassroots organisation the user reviews, annotated with its setup status."""
    decisions = FoundingDecision.objects.filter(unit=OuterRef("pk"))
    latest_regulation = WorkingRegulation.objects.filter(unit=OuterRef("pk")).order_by("-version")
    sessions = (
        DisseminationSession.objects.filter(unit=OuterRef("pk"), held_on__year=year)
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    leader = Membership.objects.filter(
        role=Role.GROUP_LEADER,
        is_active=True,
        unit__in=_steering_groups_of(OuterRef(OuterRef("path"))).values("pk"),
    ).order_by("pk")
    return (
        Unit.objects.for_action(user, Action.REVIEW)
        .grassroots()
        .active()
        .annotate(
            has_group=Exists(_steering_groups_of(OuterRef("path"))),
            leader_name=Subquery(leader.values("user__full_name")[:1]),
            decision_number=Subquery(decisions.values("number")[:1]),
            decision_date=Subquery(decisions.values("decided_on")[:1]),
            decision_on_file=Exists(decisions.exclude(file="")),
            regulations_version=Subquery(latest_regulation.values("version")[:1]),
            regulations_adopted_on=Subquery(latest_regulation.values("adopted_on")[:1]),
            sessions_count=Coalesce(Subquery(sessions, output_field=IntegerField()), Value(0)),
        )
    )

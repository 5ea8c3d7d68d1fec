"""Read-side queries for steering-group setup, above all the reviewers' setup board.

The board's rows come from ONE queryset of grassroots organisations annotated with correlated
subqueries (Exists/Subquery), so a page costs the same number of SQL queries for 10 or 30,000
organisations, and the Excel export iterates the very same queryset with the same filters and
order: what is exported is what is on screen.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import DisseminationSession
from danvan.excel import Column
from units.models import Membership, Role, Unit, parent_path
from units.scoping import Action, get_scope

from .models import FoundingDecision, WorkingRegulation, regulation_version_label

# ---------------------------------------------------------------- one organisation


def founding_decision_of(unit: Unit) -> FoundingDecision | None:
    return FoundingDecision.objects.filter(unit=unit).select_related("recorded_by").first()


def regulations_of(unit: Unit) -> QuerySet[WorkingRegulation]:
    return WorkingRegulation.objects.filter(unit=unit).select_related("recorded_by")


def setup_units_for(user: Any) -> QuerySet[Unit]:
    """Grassroots organisations whose paperwork this person keeps (EDIT)."""
    return (
        Unit.objects.grassroots()
        .active()
        .filter(get_scope(user).q(Action.EDIT))
        .select_related("unit_type")
        .order_by("path")
    )


# ---------------------------------------------------------------- the setup board

MISSING_FILTERS = {
    "group": gettext_lazy("no steering group"),
    "decision": gettext_lazy("no founding decision"),
    "decision_file": gettext_lazy("founding decision not on file"),
    "regulations": gettext_lazy("no working regulations"),
    "sessions": gettext_lazy("no session this year"),
}
SORTS = {
    "name": ("name", "path"),
    "code": ("short_code",),
    "decision": ("decision_date", "path"),
    "regulations": ("regulations_adopted_on", "path"),
    "sessions": ("sessions_count", "path"),
}


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


def board_filter(
    queryset: QuerySet[Unit], *, q: str = "", missing: str = "", sort: str = "name"
) -> QuerySet[Unit]:
    queryset = queryset.search(q)
    conditions = {
        "group": Q(has_group=False),
        "decision": Q(decision_number__isnull=True),
        "decision_file": Q(decision_on_file=False),
        "regulations": Q(regulations_version__isnull=True),
        "sessions": Q(sessions_count=0),
    }
    if missing in conditions:
        queryset = queryset.filter(conditions[missing])
    descending = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"), SORTS["name"])
    order = [
        F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True) for f in fields
    ]
    return queryset.order_by(*order)


@dataclass(frozen=True)
class BoardCounts:
    total: int
    without_group: int
    without_decision: int
    decision_not_on_file: int
    without_regulations: int
    without_sessions: int

    def bars(self) -> list[tuple[str, int, int]]:
        """(label, done, total) for the chart: how many organisations have each item."""
        return [
            (_("Steering group established"), self.total - self.without_group, self.total),
            (_("Founding decision recorded"), self.total - self.without_decision, self.total),
            (_("Founding decision on file"), self.total - self.decision_not_on_file, self.total),
            (_("Working regulations adopted"), self.total - self.without_regulations, self.total),
            (_("Sessions recorded this year"), self.total - self.without_sessions, self.total),
        ]


def board_counts(queryset: QuerySet[Unit]) -> BoardCounts:
    """The numbers at the top of the board, in one aggregate query."""
    totals = queryset.order_by().aggregate(
        total=Count("pk"),
        without_group=Count("pk", filter=Q(has_group=False)),
        without_decision=Count("pk", filter=Q(decision_number__isnull=True)),
        decision_not_on_file=Count("pk", filter=Q(decision_on_file=False)),
        without_regulations=Count("pk", filter=Q(regulations_version__isnull=True)),
        without_sessions=Count("pk", filter=Q(sessions_count=0)),
    )
    return BoardCounts(**totals)


def board_headers(year: int) -> list[str]:
    return [
        _("Code"),
        _("Organisation"),
        _("Steering group"),
        _("Group leader"),
        _("Founding decision"),
        _("Decision dated"),
        _("Decision on file"),
        _("Regulations (latest version)"),
        _("Regulations adopted on"),
        _("Sessions in %(year)s") % {"year": year},
    ]


def board_columns(year: int) -> list[Column]:
    """The board's headers as the Excel file's column declarations."""
    kinds = [
        ("text", 12),
        ("text", 40),
        ("text", 14),
        ("text", 28),
        ("text", 20),
        ("date", 14),
        ("text", 14),
        ("text", 16),
        ("date", 16),
        ("int", 14),
    ]
    return [Column(h, k, w) for h, (k, w) in zip(board_headers(year), kinds, strict=True)]


@dataclass(frozen=True)
class Cell:
    """One board cell: ``value`` goes to Excel, ``text`` to the screen, ``ok`` picks a badge
    (True/False) or none (None). The text equals what Excel shows."""

    value: Any
    text: str
    ok: bool | None = None


def _yes_no(flag: bool) -> Cell:
    text = _("Yes") if flag else _("Not yet")
    return Cell(text, text, bool(flag))


def _date(value: datetime.date | None) -> Cell:
    # Excel gets the date itself (or an empty cell), the screen its text.
    text = date_format(value, "SHORT_DATE_FORMAT") if value else "—"
    return Cell(value, text)


def board_cells(unit: Unit) -> list[Cell]:
    """The row for one annotated organisation, used by the page AND the Excel file."""
    version = unit.regulations_version
    version_text = regulation_version_label(version) if version else "—"
    return [
        Cell(unit.short_code, unit.short_code),
        Cell(unit.name, unit.name),
        _yes_no(unit.has_group),
        Cell(unit.leader_name or "—", unit.leader_name or "—"),
        Cell(unit.decision_number or "—", unit.decision_number or "—"),
        _date(unit.decision_date),
        _yes_no(unit.decision_on_file),
        Cell(version_text, version_text, bool(version)),
        _date(unit.regulations_adopted_on),
        Cell(unit.sessions_count, str(unit.sessions_count), unit.sessions_count > 0),
    ]

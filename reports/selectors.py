"""Read-side queries of periodic reports: periods, prefilled figures, the completeness board."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from campaigns.models import Campaign, Deadline, DeadlineExtension, DeadlineKind
from units.models import Unit
from units.scoping import Action

from .models import (
    CUMULATIVE_KINDS,
    JUDGED_FIGURES,
    REPORT_KINDS,
    SENT_STATES,
    PeriodicReport,
)
from .stats import TABLE01_KEYS, StatsScope, Table01, Table01Row, activity_totals, table01


def report_periods(campaign: Campaign | None = None):
    """Deadlines that are report periods (6-month, annual, mid-term, final), oldest first."""
    deadlines = (
        Deadline.objects.current()
        .filter(kind__in=REPORT_KINDS)
        .select_related("campaign", "applies_to")
    )
    if campaign is not None:
        deadlines = deadlines.filter(campaign=campaign)
    return deadlines.order_by("due_date", "pk")


def stats_scope_for(deadline: Deadline, root: Unit) -> StatsScope:
    """What a period covers: the first half of its year (6-month report), its year (annual
    report), or the campaign from its start to the end of the period's year (reviews)."""
    if deadline.kind in CUMULATIVE_KINDS:
        return StatsScope.whole_campaign(root=root, campaign=deadline.campaign, until=deadline.year)
    scope = StatsScope.for_year(root=root, campaign=deadline.campaign, year=deadline.year)
    if deadline.kind == DeadlineKind.SIX_MONTH_REPORT:
        return replace(scope, date_to=datetime.date(deadline.year, 6, 30))
    return scope


@dataclass
class Figure:
    """A figure a person must judge: the computed value, what the unit reported, and whether
    they contradict each other."""

    name: str
    label: Any
    computed: int
    reported: int | None
    # For a sent report: what the records show today, when it differs from the frozen value.
    now: int | None = None

    @property
    def value(self) -> int:
        return self.computed if self.reported is None else self.reported

    @property
    def contradicts(self) -> bool:
        return self.reported is not None and self.reported != self.computed


@dataclass
class Prefill:
    table01: Any
    figures: list[Figure] = field(default_factory=list)
    by_form: dict[str, int] = field(default_factory=dict)
    # Set when the figures are the ones frozen when the report was sent.
    frozen_at: datetime.datetime | None = None

    @property
    def has_changed(self) -> bool:
        """Today's records differ somewhere from the frozen figures."""
        return any(f.now is not None for f in self.figures) or any(
            now is not None
            for row in self.table01.all_rows()
            for _value, now in row.flagged_cells()
        )

    @property
    def contradictions(self) -> list[Figure]:
        return [f for f in self.figures if f.contradicts]


def report_prefill(report: PeriodicReport) -> Prefill:
    """The unit's Table 01 and activity figures computed from its records (5 queries)."""
    scope = stats_scope_for(report.deadline, report.unit)
    activities = activity_totals(scope)
    figures = [
        Figure(name, label, getattr(activities, computed), getattr(report, name))
        for name, computed, label in JUDGED_FIGURES
    ]
    return Prefill(table01=table01(scope), figures=figures, by_form=activities.by_form)


def _thawed(values: dict[str, Any]) -> dict[str, Any]:
    values = {key: values.get(key, 0) for key in [*TABLE01_KEYS, "budget_vnd"]}
    values["resources"] = Decimal(str(values["resources"]))
    return values


def report_figures(report: PeriodicReport) -> Prefill:
    """The figures a report shows: frozen at sending for a sent or accepted report (what the
    unit signed and the reviewer judged), with today's values only where they differ; live
    for a draft or a returned report (and for a sent one without a snapshot)."""
    live = report_prefill(report)
    snapshot = report.stats_snapshot or {}
    if report.status not in SENT_STATES or not snapshot.get("table01"):
        return live
    live_rows = live.table01.all_rows()
    by_field = {row.field_id: row for row in live_rows if row.field_id and not row.is_total}
    by_label = {str(row.label): row for row in live_rows}
    frozen_rows = snapshot["table01"]
    rows: list[Table01Row] = []
    total: Table01Row | None = None
    for number, item in enumerate(frozen_rows, start=1):
        # Older snapshots lack field_id/is_total: their last row is the total.
        is_total = item.get("is_total", number == len(frozen_rows))
        if is_total:
            match = live.table01.total
        else:
            match = by_field.get(item.get("field_id")) or by_label.get(item["label"])
        current = match.values if match else _thawed({})
        row = Table01Row(
            label=match.label if match else item["label"],
            values=_thawed(item),
            field_id=item.get("field_id"),
            is_total=is_total,
            current=current,
        )
        if is_total:
            total = row
        else:
            rows.append(row)
    frozen_figures = snapshot.get("figures", {})
    figures = []
    for figure in live.figures:
        frozen = frozen_figures.get(figure.name)
        if frozen is None:
            figures.append(figure)
            continue
        computed = frozen["computed"]
        figures.append(
            Figure(
                figure.name,
                figure.label,
                computed,
                frozen["reported"],
                now=figure.computed if figure.computed != computed else None,
            )
        )
    taken_at = snapshot.get("taken_at")
    return Prefill(
        table01=Table01(rows=rows, total=total or live.table01.total),
        figures=figures,
        by_form=live.by_form,
        frozen_at=datetime.datetime.fromisoformat(taken_at) if taken_at else report.submitted_at,
    )


def reports_for_user(user: Any):
    return PeriodicReport.objects.visible_to(user).select_related(
        "unit", "deadline", "deadline__campaign"
    )


def units_to_report_by_period(user: Any, periods: list[Deadline]) -> dict[int, list[Unit]]:
    """Per period, the grassroots organisations this user may edit for that the period applies
    to: {deadline id: units}, in one query for all periods."""
    units = list(
        Unit.objects.for_action(user, Action.EDIT)
        .filter(unit_type__is_grassroots=True, is_active=True)
        .order_by("path")
    )
    return {
        deadline.pk: [u for u in units if u.path.startswith(deadline.applies_to.path)]
        for deadline in periods
    }


# --- Completeness board ------------------------------------------------------------------------


class Completeness:
    EXPECTED = "expected"
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"


@dataclass
class BoardRow:
    unit_id: int
    code: str
    name: str
    due: datetime.date
    report_id: int | None
    status: str | None
    is_late: bool
    submitted_at: datetime.datetime | None
    extended: bool

    @property
    def submitted(self) -> bool:
        return self.status in SENT_STATES

    @property
    def state(self) -> str:
        if not self.submitted:
            return Completeness.MISSING
        return Completeness.LATE if self.is_late else Completeness.ON_TIME

    # The board shows hundreds of rows; strftime is a fraction of the cost of the |date filter
    # (which looks up format and translations per call). Same output as "d/m/Y" and "d/m/Y H:i".
    @property
    def due_text(self) -> str:
        return self.due.strftime("%d/%m/%Y")

    @property
    def submitted_text(self) -> str:
        if self.submitted_at is None:
            return ""
        return timezone.localtime(self.submitted_at).strftime("%d/%m/%Y %H:%M")


@dataclass
class BoardTotals:
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0

    def pct(self, value: int) -> float:
        return round(100 * value / self.expected, 1) if self.expected else 0.0

    @property
    def submitted_pct(self) -> float:
        return self.pct(self.submitted)

    @property
    def on_time_pct(self) -> float:
        return self.pct(self.on_time)

    @property
    def late_pct(self) -> float:
        return self.pct(self.late)

    @property
    def missing_pct(self) -> float:
        return self.pct(self.missing)


@dataclass
class Board:
    deadline: Deadline
    root: Unit
    rows: list[BoardRow]
    totals: BoardTotals


BOARD_FILTERS = ("all", Completeness.ON_TIME, Completeness.LATE, Completeness.MISSING)


def completeness_board(
    *, deadline: Deadline, root: Unit, state: str = "all", search: str = ""
) -> Board:
    """Expected / submitted / on time / late / missing for every grassroots organisation under
    ``root`` that the period applies to. One query whatever the number of units."""
    reports = PeriodicReport.objects.filter(deadline=deadline, unit=OuterRef("pk"))
    extension = DeadlineExtension.objects.filter(deadline=deadline, unit=OuterRef("pk"))
    units = (
        Unit.objects.filter(
            path__startswith=root.path, unit_type__is_grassroots=True, is_active=True
        )
        .filter(path__startswith=deadline.applies_to.path)
        .search(search)
        .order_by("path")
        .annotate(
            report_id=Subquery(reports.values("pk")[:1]),
            report_status=Subquery(reports.values("status")[:1]),
            report_late=Subquery(reports.values("is_late")[:1]),
            report_submitted_at=Subquery(reports.values("submitted_at")[:1]),
            due=Coalesce(Subquery(extension.values("due_date")[:1]), Value(deadline.due_date)),
            extended=Exists(extension),
        )
        .values_list(
            "pk",
            "short_code",
            "name",
            "due",
            "report_id",
            "report_status",
            "report_late",
            "report_submitted_at",
            "extended",
        )
    )
    rows = [
        BoardRow(pk, code, name, due, rid, status, bool(late), sub, extended)
        for pk, code, name, due, rid, status, late, sub, extended in units
    ]
    totals = BoardTotals(expected=len(rows))
    for row in rows:
        state_of = row.state
        if state_of == Completeness.MISSING:
            totals.missing += 1
        else:
            totals.submitted += 1
            if state_of == Completeness.LATE:
                totals.late += 1
            else:
                totals.on_time += 1
    if state in (Completeness.ON_TIME, Completeness.LATE, Completeness.MISSING):
        rows = [row for row in rows if row.state == state]
    return Board(deadline=deadline, root=root, rows=rows, totals=totals)


def _bloc_roots(user: Any, action: Action):
    return (
        Unit.objects.for_action(user, action)
        .filter(unit_type__is_grassroots=False, unit_type__acts_for_parent=False)
        .order_by("path")
    )


def reviewable_roots(user: Any):
    """Units a reviewer may aggregate over: blocs (and above) within their review scope."""
    return _bloc_roots(user, Action.REVIEW)


def managed_roots(user: Any):
    """Blocs (and above) whose documents the user's standing office sets."""
    return _bloc_roots(user, Action.MANAGE)


def overdue_today(deadline: Deadline) -> bool:
    return timezone.localdate() > deadline.due_date

"""The reviewers' inspection and support coverage board, declared (``danvan.boards``): its
rows come from ``selectors.board_queryset``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from danvan.boards import Board, BoardColumn, Cell, Show, date_cell
from units.models import Unit

from . import selectors
from .models import Assessment, Visit

KIND_LABELS = dict(Visit._meta.get_field("kind").flatchoices)
ASSESSMENT_LABELS = dict(Assessment.choices)
ASSESSMENT_TONES = {"good": "success", "fair": "info", "needs_improvement": "warning"}


class CoverageBoard(Board):
    title = gettext_lazy("Inspection and support coverage")
    sheet_title = gettext_lazy("Coverage")
    filename = "kiem-tra-ho-tro-%(year)s.xlsx"
    template = "support/board.html"
    unit_cell = "support/includes/_board_unit.html"
    table_id = "coverage-board"
    export_kind = "support.board"
    filter_param = "show"
    year_label = gettext_lazy("Visits in year")
    show = {
        "not_visited": Show(gettext_lazy("not yet visited this year"), Q(visits_count=0)),
        "needs_improvement": Show(
            gettext_lazy("last assessment: needs improvement"),
            Q(last_assessment=Assessment.NEEDS_IMPROVEMENT),
        ),
        "open": Show(gettext_lazy("with open follow-up actions"), Q(open_count__gt=0)),
        "overdue": Show(gettext_lazy("with overdue follow-up actions"), Q(overdue_count__gt=0)),
    }
    sorts = {
        "name": ("name", "path"),
        "code": ("short_code",),
        "last_visit": ("last_visit_on", "path"),
        "overdue": ("overdue_count", "path"),
    }
    sort_choices = (
        ("name", gettext_lazy("Name (A–Z)")),
        ("-name", gettext_lazy("Name (Z–A)")),
        ("code", gettext_lazy("Code")),
        ("last_visit", gettext_lazy("Last visit, oldest first")),
        ("-last_visit", gettext_lazy("Last visit, newest first")),
        ("-overdue", gettext_lazy("Most overdue actions first")),
    )
    columns = (
        BoardColumn(gettext_lazy("Code"), "text", 12),
        BoardColumn(gettext_lazy("Organisation"), "text", 40),
        BoardColumn(gettext_lazy("Visits in %(year)s"), "int", 14),
        BoardColumn(gettext_lazy("Last visit"), "date", 14),
        BoardColumn(gettext_lazy("Kind"), "text", 20),
        BoardColumn(gettext_lazy("Assessment"), "text", 18),
        BoardColumn(gettext_lazy("Next planned visit"), "date", 16),
        BoardColumn(gettext_lazy("Open follow-up actions"), "int", 14),
        BoardColumn(gettext_lazy("Overdue follow-up actions"), "int", 14),
    )
    counts = {
        "total": Count("pk"),
        "not_visited": Count("pk", filter=Q(visits_count=0)),
        "needs_improvement": Count("pk", filter=Q(last_assessment=Assessment.NEEDS_IMPROVEMENT)),
        "with_open": Count("pk", filter=Q(open_count__gt=0)),
        "with_overdue": Count("pk", filter=Q(overdue_count__gt=0)),
        "open_actions": Coalesce(Sum("open_count"), 0),
        "overdue_actions": Coalesce(Sum("overdue_count"), 0),
    }

    def queryset(self, user: Any, *, year: int):
        return selectors.board_queryset(user, year=year)

    def year_choices(self, user: Any, year: int | None) -> tuple[int, list[int]]:
        year = year or selectors.default_year(user)
        return year, list(range(year - 3, year + 2))

    def cells(self, unit: Unit) -> list[Cell]:
        kind = str(KIND_LABELS.get(unit.last_kind, "—")) if unit.last_kind else "—"
        assessment = (
            str(ASSESSMENT_LABELS.get(unit.last_assessment, unit.last_assessment))
            if unit.last_assessment
            else "—"
        )
        return [
            Cell(unit.short_code, unit.short_code),
            Cell(unit.name, unit.name),
            Cell(unit.visits_count, str(unit.visits_count), "" if unit.visits_count else "warning"),
            date_cell(unit.last_visit_on),
            Cell(kind, kind),
            Cell(assessment, assessment, ASSESSMENT_TONES.get(unit.last_assessment or "", "")),
            date_cell(unit.next_planned_on),
            Cell(unit.open_count, str(unit.open_count)),
            Cell(
                unit.overdue_count, str(unit.overdue_count), "danger" if unit.overdue_count else ""
            ),
        ]


COVERAGE_BOARD = CoverageBoard()

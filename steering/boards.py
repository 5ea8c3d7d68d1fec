"""The reviewers' setup board, declared (``danvan.boards``): its rows come from
``selectors.board_queryset``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.selectors import current_campaign, default_board_year
from danvan.boards import Board, BoardColumn, Cell, Show, date_cell
from units.models import Unit

from . import selectors
from .models import regulation_version_label


def yes_no_cell(flag: bool) -> Cell:
    text = _("Yes") if flag else _("Not yet")
    return Cell(text, text, "success" if flag else "warning")


class SetupBoard(Board):
    title = gettext_lazy("Steering-group setup board")
    sheet_title = gettext_lazy("Setup board")
    filename = "thiet-lap-to-chi-dao-%(year)s.xlsx"
    template = "steering/board.html"
    unit_cell = "steering/includes/_board_unit.html"
    table_id = "setup-board"
    export_kind = "steering.setup_board"
    filter_param = "missing"
    year_label = gettext_lazy("Sessions in year")
    show = {
        "group": Show(gettext_lazy("no steering group"), Q(has_group=False)),
        "decision": Show(gettext_lazy("no founding decision"), Q(decision_number__isnull=True)),
        "decision_file": Show(
            gettext_lazy("founding decision not on file"), Q(decision_on_file=False)
        ),
        "regulations": Show(
            gettext_lazy("no working regulations"), Q(regulations_version__isnull=True)
        ),
        "sessions": Show(gettext_lazy("no session this year"), Q(sessions_count=0)),
    }
    sorts = {
        "name": ("name", "path"),
        "code": ("short_code",),
        "decision": ("decision_date", "path"),
        "regulations": ("regulations_adopted_on", "path"),
        "sessions": ("sessions_count", "path"),
    }
    sort_choices = (
        ("name", gettext_lazy("Name (A–Z)")),
        ("-name", gettext_lazy("Name (Z–A)")),
        ("code", gettext_lazy("Code")),
        ("decision", gettext_lazy("Founding decision date, oldest first")),
        ("-decision", gettext_lazy("Founding decision date, newest first")),
        ("regulations", gettext_lazy("Regulations date, oldest first")),
        ("-regulations", gettext_lazy("Regulations date, newest first")),
        ("sessions", gettext_lazy("Sessions, fewest first")),
        ("-sessions", gettext_lazy("Sessions, most first")),
    )
    columns = (
        BoardColumn(gettext_lazy("Code"), "text", 12),
        BoardColumn(gettext_lazy("Organisation"), "text", 40),
        BoardColumn(gettext_lazy("Steering group"), "text", 14),
        BoardColumn(gettext_lazy("Group leader"), "text", 28),
        BoardColumn(gettext_lazy("Founding decision"), "text", 20),
        BoardColumn(gettext_lazy("Decision dated"), "date", 14),
        BoardColumn(gettext_lazy("Decision on file"), "text", 14),
        BoardColumn(gettext_lazy("Regulations (latest version)"), "text", 16),
        BoardColumn(gettext_lazy("Regulations adopted on"), "date", 16),
        BoardColumn(gettext_lazy("Sessions in %(year)s"), "int", 14),
    )
    counts = {
        "total": Count("pk"),
        "without_group": Count("pk", filter=Q(has_group=False)),
        "without_decision": Count("pk", filter=Q(decision_number__isnull=True)),
        "decision_not_on_file": Count("pk", filter=Q(decision_on_file=False)),
        "without_regulations": Count("pk", filter=Q(regulations_version__isnull=True)),
        "without_sessions": Count("pk", filter=Q(sessions_count=0)),
    }

    def queryset(self, user: Any, *, year: int):
        return selectors.board_queryset(user, year=year)

    def year_choices(self, user: Any, year: int | None) -> tuple[int, list[int]]:
        campaign = current_campaign()
        year = year or default_board_year(campaign)
        years = list(campaign.years) if campaign else [year]
        return year, years if year in years else sorted({*years, year})

    def cells(self, unit: Unit) -> list[Cell]:
        version = unit.regulations_version
        regulations = regulation_version_label(version) if version else "—"
        return [
            Cell(unit.short_code, unit.short_code),
            Cell(unit.name, unit.name),
            yes_no_cell(unit.has_group),
            Cell(unit.leader_name or "—", unit.leader_name or "—"),
            Cell(unit.decision_number or "—", unit.decision_number or "—"),
            date_cell(unit.decision_date),
            yes_no_cell(unit.decision_on_file),
            Cell(regulations, regulations, "success" if version else "warning"),
            date_cell(unit.regulations_adopted_on),
            Cell(
                unit.sessions_count,
                str(unit.sessions_count),
                "success" if unit.sessions_count > 0 else "warning",
            ),
        ]

    def extra_context(self, counts: dict[str, Any]) -> dict[str, Any]:
        """(label, done, total) for the chart: how many organisations have each item."""
        total = counts["total"]
        bars = [
            (_("Steering group established"), counts["without_group"]),
            (_("Founding decision recorded"), counts["without_decision"]),
            (_("Founding decision on file"), counts["decision_not_on_file"]),
            (_("Working regulations adopted"), counts["without_regulations"]),
            (_("Sessions recorded this year"), counts["without_sessions"]),
        ]
        return {"bars": [(label, total - missing, total) for label, missing in bars]}


SETUP_BOARD = SetupBoard()

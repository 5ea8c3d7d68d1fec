"""Excel files of the board and of Tables 01–03, written with ``danvan.excel`` (write-only,
constant memory) from the same selector results the pages and the PDF show."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danvan.excel import Column, xlsx_response

from .models import ReportStatus
from .selectors import Board, completeness_board


def _state_label(row) -> str:
    return {"on_time": _("on time"), "late": _("late"), "missing": _("not reported")}[row.state]


def _status_label(status: str | None) -> str:
    return str(ReportStatus(status).label) if status in ReportStatus.values else ""


def board_response(board: Board):
    totals = board.totals
    headers = [
        Column(pgettext("table row number", "No."), "int", 6),
        Column(_("Code"), width=12),
        Column(_("Organisation"), width=40),
        Column(_("Due date"), "date", 12),
        Column(_("Extended"), width=10),
        Column(_("Status"), width=22),
        # Aware: written in Asia/Ho_Chi_Minh, the time the board shows.
        Column(_("Submitted at"), "datetime", 17),
        Column(_("Completeness"), width=16),
    ]
    rows = (
        [
            n,
            row.code,
            row.name,
            row.due,
            _("yes") if row.extended else "",
            _status_label(row.status),
            row.submitted_at,
            _state_label(row),
        ]
        for n, row in enumerate(board.rows, start=1)
    )
    summary_headers = [
        Column(h, "decimal", 14)
        for h in (_("Expected"), _("Submitted"), _("On time"), _("Late"), _("Missing"))
    ]
    summary = [
        [totals.expected, totals.submitted, totals.on_time, totals.late, totals.missing],
        [100.0, totals.submitted_pct, totals.on_time_pct, totals.late_pct, totals.missing_pct],
    ]
    title = f"{board.deadline.title} – {board.root.name}"
    return xlsx_response(
        f"bang-theo-doi-{board.deadline.pk}.xlsx",
        sheets=[
            (_("Completeness"), headers, rows),
            (_("Rates"), summary_headers, summary),
        ],
        title_rows=[title],
    )


def table_sheets(context: dict[str, Any]) -> list:
    """The summary's tables with the PDF's columns (bloc_summary.html), numbers as numbers."""
    t01 = context["table01"]
    number = pgettext("table row number", "No.")
    sheet01 = (
        _("Table 01"),
        [
            Column(_("Field"), width=30),
            *(Column(str(label), "int", 12) for _key, label, _group in context["table01_columns"]),
        ],
        ([str(row.label), *row.cells()] for row in t01.all_rows()),
    )
    sheet02 = (
        _("Table 02"),
        [
            Column(number, "int", 6),
            Column(_("Name"), width=40),
            Column(_("Type"), width=14),
            Column(_("Field"), width=20),
            Column(_("Unit or person"), width=30),
            Column(_("Period"), width=14),
            Column(_("Main quantified results"), width=40),
            Column(_("Score"), "decimal", 10),
            Column(_("Recognition or award"), width=30),
        ],
        (
            [n, r.name, r.kind, r.field, r.owner, r.period, r.results, r.score, r.recognition]
            for n, r in enumerate(context["table02"], start=1)
        ),
    )
    sheet03 = (
        _("Table 03"),
        [
            Column(_("Form of award"), width=30),
            Column(_("Collectives"), "int", 12),
            Column(_("Individuals"), "int", 12),
            Column(_("Decisions"), width=40),
        ],
        ([r.label, r.collective, r.individual, r.decisions] for r in context["table03"]),
    )
    board = completeness_board(deadline=context["deadline"], root=context["root"])
    board_by_unit = {row.unit_id: row for row in board.rows}
    units = (
        _("By organisation"),
        [
            Column(number, "int", 6),
            Column(_("Organisation"), width=40),
            Column(_("Models"), "int", 10),
            Column(_("Collective exemplars"), "int", 12),
            Column(_("Individual exemplars"), "int", 12),
            Column(pgettext("statistics", "Total"), "int", 10),
            Column(_("Recognised"), "int", 12),
            Column(_("Report"), width=16),
        ],
        (
            [
                n,
                u.name,
                u.models,
                u.collective,
                u.individual,
                u.total,
                u.recognised,
                _report_label(board_by_unit.get(u.unit_id)),
            ]
            for n, u in enumerate(context["units"], start=1)
        ),
    )
    return [sheet01, sheet02, sheet03, units]


def _report_label(row) -> str:
    # As the PDF's "Report" column: no board row (the period does not apply) is not reported.
    return _state_label(row) if row is not None else _("not reported")


def tables_response(context: dict[str, Any]):
    title = f"{context['deadline'].title} – {context['root'].name}"
    return xlsx_response(
        f"bieu-tong-hop-{context['deadline'].pk}.xlsx",
        sheets=table_sheets(context),
        title_rows=[title],
    )

"""Excel files of the board and of Tables 01–03, written with ``danvan.excel`` (write-only,
constant memory) from the same selector results the pages and the PDF show."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danvan.excel import xlsx_response

from .selectors import Board


def _state_label(row) -> str:
    return {"on_time": _("on time"), "late": _("late"), "missing": _("not reported")}[row.state]


def board_response(board: Board):
    totals = board.totals
    headers = [
        _("Code"),
        _("Organisation"),
        _("Due date"),
        _("Extended"),
        _("Status"),
        _("Submitted at"),
        _("Completeness"),
    ]
    rows = (
        [
            row.code,
            row.name,
            row.due,
            _("yes") if row.extended else "",
            row.status or "",
            row.submitted_at.replace(tzinfo=None) if row.submitted_at else None,
            _state_label(row),
        ]
        for row in board.rows
    )
    summary_headers = [_("Expected"), _("Submitted"), _("On time"), _("Late"), _("Missing")]
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
    t01 = context["table01"]
    sheet01 = (
        _("Table 01"),
        [_("Field"), *(str(label) for _key, label, _group in context["table01_columns"])],
        ([str(row.label), *row.cells()] for row in t01.all_rows()),
    )
    sheet02 = (
        _("Table 02"),
        [
            _("Name"),
            _("Type"),
            _("Field"),
            _("Unit or person"),
            _("Period"),
            _("Main quantified results"),
            _("Score"),
            _("Recognition or award"),
        ],
        (
            [r.name, r.kind, r.field, r.owner, r.period, r.results, r.score, r.recognition]
            for r in context["table02"]
        ),
    )
    sheet03 = (
        _("Table 03"),
        [_("Form of award"), _("Collectives"), _("Individuals"), _("Decisions")],
        ([r.label, r.collective, r.individual, r.decisions] for r in context["table03"]),
    )
    units = (
        _("By organisation"),
        [
            _("Code"),
            _("Organisation"),
            _("Models"),
            _("Collective exemplars"),
            _("Individual exemplars"),
            pgettext("statistics", "Total"),
            _("Recognised"),
            _("Outstanding"),
        ],
        (
            [
                u.code,
                u.name,
                u.models,
                u.collective,
                u.individual,
                u.total,
                u.recognised,
                u.outstanding,
            ]
            for u in context["units"]
        ),
    )
    return [sheet01, sheet02, sheet03, units]


def tables_response(context: dict[str, Any]):
    title = f"{context['deadline'].title} – {context['root'].name}"
    return xlsx_response(
        f"bieu-tong-hop-{context['deadline'].pk}.xlsx",
        sheets=table_sheets(context),
        title_rows=[title],
    )

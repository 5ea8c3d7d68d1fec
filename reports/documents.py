"""The documents the app prints, each as (template, context) built from the statistics
selectors, so a PDF shows exactly the numbers of the board and the Excel file.

* :func:`bloc_summary` — the bloc's summary report for a period (rendered by a Celery task or
  ``manage.py render_summary``);
* :func:`unit_report` — one organisation's periodic report (inline);
* :func:`registration_sheet` — one registration (inline).

Header texts come from the unit tree (names are data): the issuing body is the unit's name in
capitals, the parent body its parent's; the place is the province's name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Deadline, DeadlineKind
from units.models import Unit

from .charts import table01_chart
from .models import SECTIONS, PeriodicReport
from .pdf import PartyDocument, Signature, html_to_pdf, render_html
from .selectors import completeness_board, report_prefill, stats_scope_for
from .stats import (
    TABLE01_COLUMNS,
    activity_totals,
    table01,
    table01_column_groups,
    table02,
    table03,
    unit_rows,
)

BLOC_RECIPIENTS = [
    "Ban Thường vụ Tỉnh ủy (b/c),",
    "Ban Dân vận Tỉnh ủy (b/c),",
    "Ban Thường vụ Đảng ủy Khối (b/c),",
    "Các cơ sở đảng trực thuộc,",
    "Lưu Văn phòng.",
]


def _place(unit: Unit) -> str:
    """The province's name: the topmost ancestor's name without its "Tỉnh"/"Thành phố"."""
    top = Unit.objects.filter(path=unit.path[: Unit.steplen]).first() or unit
    name = top.name
    for prefix in ("Tỉnh ", "tỉnh ", "Thành phố ", "TP. "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _parent(unit: Unit) -> Unit | None:
    return Unit.objects.filter(path=unit.parent_path).first() if unit.depth > 1 else None


def _party_body(unit: Unit | None) -> str:
    """ "Tỉnh Thái Nguyên" prints as "ĐẢNG BỘ TỈNH THÁI NGUYÊN"; party bodies print as named."""
    if unit is None:
        return ""
    name = unit.name
    if name.lower().startswith(("đảng", "chi bộ", "ban", "tổ")):
        return name
    return f"Đảng bộ {name[:1].lower()}{name[1:]}"


def period_phrase(deadline: Deadline, years_label: str) -> str:
    """How a title names the period: "6 tháng đầu năm 2013", "năm 2013", "sơ kết 2011–2013"."""
    if deadline.kind == DeadlineKind.SIX_MONTH_REPORT:
        return _("in the first six months of %(year)s") % {"year": deadline.year}
    if deadline.kind == DeadlineKind.ANNUAL_REPORT:
        return _("in %(year)s") % {"year": deadline.year}
    if deadline.kind == DeadlineKind.MID_TERM_REVIEW:
        return _("mid-term review %(years)s") % {"years": years_label}
    if deadline.kind == DeadlineKind.FINAL_REVIEW:
        return _("final review %(years)s") % {"years": years_label}
    return deadline.title


def _table_context(scope) -> dict[str, Any]:
    t01 = table01(scope)
    t03_rows, t03_filled = table03(scope)
    return {
        "table01": t01,
        "table01_columns": TABLE01_COLUMNS,
        "table01_groups": table01_column_groups(),
        "table02": table02(scope),
        "table03": t03_rows,
        "table03_filled": t03_filled,
    }


def bloc_summary_context(*, root: Unit, deadline: Deadline) -> dict[str, Any]:
    """Everything the bloc summary prints (a fixed number of queries)."""
    from django.utils import translation

    with translation.override("vi"):
        scope = stats_scope_for(deadline, root)
        context = _table_context(scope)
        board = completeness_board(deadline=deadline, root=root)
        board_by_unit = {row.unit_id: row for row in board.rows}
        units = unit_rows(scope)
        registered = sum(1 for u in units if u.has_registered)
        phrase = period_phrase(deadline, scope.years_label)
        parent = _parent(root)
        doc = PartyDocument(
            parent_body=_party_body(parent),
            issuing_body=root.name,
            doc_type="BÁO CÁO",
            type_code="BC",
            issuer_code="ĐUK",
            summary=_(
                "on the results of the “Skilful Mass Mobilisation” emulation movement %(period)s"
            )
            % {"period": phrase},
            place=_place(root),
            date=timezone.localdate(),
            signature=Signature(on_behalf="T/M BAN THƯỜNG VỤ", title="PHÓ BÍ THƯ"),
            recipients=BLOC_RECIPIENTS,
        )
        context.update(
            {
                "doc": doc,
                "root": root,
                "deadline": deadline,
                "scope": scope,
                "activities": activity_totals(scope),
                "board": board,
                "units": [(u, board_by_unit.get(u.unit_id)) for u in units],
                "unit_count": len(units),
                "registered_count": registered,
                "not_registered_count": len(units) - registered,
                "chart": table01_chart(context["table01"], title=_("Registrations by field")),
            }
        )
    return context


def bloc_summary_html(*, root: Unit, deadline: Deadline) -> str:
    return render_html(
        "reports/pdf/bloc_summary.html", bloc_summary_context(root=root, deadline=deadline)
    )


def render_bloc_summary(*, root: Unit, deadline: Deadline, target: Path | Any) -> None:
    html_to_pdf(bloc_summary_html(root=root, deadline=deadline), target=target)


def unit_report_context(report: PeriodicReport) -> dict[str, Any]:
    from django.utils import translation

    with translation.override("vi"):
        unit = report.unit
        scope = stats_scope_for(report.deadline, unit)
        prefill = report_prefill(report)
        parent = _parent(unit)
        doc = PartyDocument(
            parent_body=_party_body(parent),
            issuing_body=_party_body(unit),
            doc_type="BÁO CÁO",
            type_code="BC",
            issuer_code="TCĐ",
            summary=_(
                "on the results of the “Skilful Mass Mobilisation” emulation movement %(period)s"
            )
            % {"period": period_phrase(report.deadline, scope.years_label)},
            place=_place(unit),
            date=timezone.localdate(report.submitted_at)
            if report.submitted_at
            else timezone.localdate(),
            signature=Signature(on_behalf="T/M TỔ CHỈ ĐẠO", title="TỔ TRƯỞNG"),
            recipients=["Ban Chỉ đạo Đảng ủy Khối (b/c),", "Cấp ủy cơ sở (b/c),", "Lưu."],
        )
        return {
            "doc": doc,
            "report": report,
            "sections": [(label, getattr(report, name)) for name, label in SECTIONS],
            "prefill": prefill,
            "table01": prefill.table01,
            "table01_columns": TABLE01_COLUMNS,
            "table01_groups": table01_column_groups(),
        }


def unit_report_pdf(report: PeriodicReport) -> bytes:
    return html_to_pdf(render_html("reports/pdf/unit_report.html", unit_report_context(report)))


def registration_sheet_pdf(registration) -> bytes:
    from django.utils import translation

    with translation.override("vi"):
        unit = registration.unit
        parent = _parent(unit)
        doc = PartyDocument(
            parent_body=_party_body(parent),
            issuing_body=_party_body(unit),
            doc_type="PHIẾU ĐĂNG KÝ",
            type_code="ĐK",
            issuer_code="TCĐ",
            summary=_("“Skilful Mass Mobilisation” model or exemplar, %(year)s")
            % {"year": registration.year},
            place=_place(unit),
            date=timezone.localdate(registration.submitted_at)
            if registration.submitted_at
            else timezone.localdate(),
            signature=Signature(on_behalf="T/M TỔ CHỈ ĐẠO", title="TỔ TRƯỞNG"),
            recipients=["Ban Chỉ đạo Đảng ủy Khối,", "Lưu."],
        )
        context = {
            "doc": doc,
            "registration": registration,
            "targets": list(registration.targets.all()),
        }
    return html_to_pdf(render_html("reports/pdf/registration_sheet.html", context))

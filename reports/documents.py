"""The documents the app prints, each as (template, context) built from the statistics
selectors, so a PDF shows exactly the numbers of the board and the Excel file.

* :func:`bloc_summary` — the bloc's summary report for a period (rendered by a Celery task or
  ``manage.py render_summary``);
* :func:`unit_report` — one organisation's periodic report (inline).

A registration's sheet is the registry's (``models_registry.documents``); it and the award
papers (``awards.documents``) use the header helpers below.

Header texts are data. The bloc summary prints the bloc's letterhead, signer and recipients and
the sections IV–VI its standing office wrote (``reports.letterheads``); other documents take the
names from the unit tree (the issuing body is the unit's name in capitals, the parent body its
parent's). The place is the province's name.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.models import Deadline, DeadlineKind
from danvan.text import nfc
from units.models import Unit, UnitType

from .charts import table01_chart
from .letterheads import (
    issuer_code_for,
    issuer_lines,
    kind_of_body,
    letterhead_for,
    summary_text_for,
)
from .models import SECTIONS, PeriodicReport
from .pdf import (
    NBSP,
    PartyDocument,
    Signature,
    anchors_on,
    html_to_document,
    html_to_pdf,
    merge_pdfs,
    render_html,
)
from .selectors import completeness_board, report_figures, stats_scope_for
from .stats import (
    TABLE01_COLUMNS,
    activity_totals,
    table01,
    table01_column_groups,
    table02,
    table03,
    unit_rows,
)

# A steering group's documents: the grassroots organisation above it in the header, the group
# as the issuing body, its leader signing directly (domain.md §6). The group's name and its
# abbreviation come from the unit tree (``steering_group_header``); this is only what an
# organisation without a group, in a tree without a steering-group type, prints.
STEERING_GROUP = "Tổ chỉ đạo phong trào “Dân vận khéo”"
MOVEMENT_PHRASE = "phong trào “Dân vận khéo”"


# A steering group's leader signs directly (domain.md §6), titled by the kind of group.
LEADER_TITLES = {"TỔ CHỈ ĐẠO": "TỔ TRƯỞNG", "BAN CHỈ ĐẠO": "TRƯỞNG BAN"}


@dataclass(frozen=True)
class IssuingBody:
    """Who issues a document: the name in the header, its abbreviation in "Số 05-BC/TCĐ" and
    the title its leader signs with ("TỔ TRƯỞNG"; a "Ban Chỉ đạo"'s "TRƯỞNG BAN")."""

    name: str
    code: str
    leader_title: str = "TỔ TRƯỞNG"


def _without_organisation(name: str, organisation: str) -> str:
    """ "Tổ chỉ đạo “Dân vận khéo” – Đảng bộ Sở Tài chính" under "Đảng bộ Sở Tài chính" prints
    as "Tổ chỉ đạo “Dân vận khéo”": the organisation is the header's line above."""
    name, organisation = nfc(name).strip(), nfc(organisation).strip()
    if organisation and name.casefold().endswith(organisation.casefold()):
        head = name[: len(name) - len(organisation)].rstrip(" \t–—-,:;(")
        if head:
            return head
    return name


def steering_group_header(unit: Unit) -> IssuingBody:
    """The issuing body of the documents a grassroots organisation's steering group signs
    (registration sheet, periodic report, award proposal), from the tree: the group's own name
    and its abbreviation from its name or its unit type ("Tổ chỉ đạo" → TCĐ; a province whose
    type is "Ban Chỉ đạo" prints BCĐ, signed "TRƯỞNG BAN"). ``unit`` is the organisation, or
    the group itself."""
    if unit.unit_type.acts_for_parent:
        group, organisation = unit, parent_of(unit)
    else:
        group, organisation = unit.steering_group(), unit
    if group is not None:
        name = _without_organisation(group.name, organisation.name if organisation else "")
        kind = name if kind_of_body(name) else group.unit_type.name
    else:
        group_type = UnitType.objects.filter(acts_for_parent=True).order_by("order", "pk").first()
        name = f"{group_type.name} {MOVEMENT_PHRASE}" if group_type else STEERING_GROUP
        kind = name
    title = LEADER_TITLES.get(kind_of_body(kind) or "", IssuingBody.leader_title)
    return IssuingBody(name=name, code=issuer_code_for(kind), leader_title=title)


def place_of(unit: Unit) -> str:
    """The province's name: the topmost ancestor's name without its "Tỉnh"/"Thành phố"."""
    top = Unit.objects.filter(path=unit.path[: Unit.steplen]).first() or unit
    name = top.name
    for prefix in ("Tỉnh ", "tỉnh ", "Thành phố ", "TP. "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def parent_of(unit: Unit) -> Unit | None:
    return Unit.objects.filter(path=unit.parent_path).first() if unit.depth > 1 else None


def party_body_of(unit: Unit | None) -> str:
    """ "Tỉnh Thái Nguyên" prints as "ĐẢNG BỘ TỈNH THÁI NGUYÊN"; party bodies print as named."""
    if unit is None:
        return ""
    name = unit.name
    if name.lower().startswith(("đảng", "chi bộ", "ban", "tổ")):
        return name
    return f"Đảng bộ {name[:1].lower()}{name[1:]}"


def period_phrase(deadline: Deadline, years_label: str) -> str:
    """How a periodic report's title names its period: "6 tháng đầu năm 2013", "năm 2013"."""
    if deadline.kind == DeadlineKind.SIX_MONTH_REPORT:
        return _("in the first six months of %(year)s") % {"year": deadline.year}
    if deadline.kind == DeadlineKind.ANNUAL_REPORT:
        return _("in %(year)s") % {"year": deadline.year}
    return deadline.title


def summary_line(deadline: Deadline, scope) -> str:
    """The title's summary line as the office words it: a review names its span first ("sơ kết
    2 năm (2011–2012) thực hiện phong trào…"), a periodic report ends with its period
    ("kết quả thực hiện phong trào … 6 tháng đầu năm 2013")."""
    count = scope.year_to - scope.year_from + 1
    values = {"count": count, "years": scope.years_label}
    if deadline.kind == DeadlineKind.MID_TERM_REVIEW:
        return (
            ngettext(
                "mid-term review of %(count)s year (%(years)s) of the “Skilful Mass Mobilisation” "
                "emulation movement",
                "mid-term review of %(count)s years (%(years)s) of the “Skilful Mass Mobilisation” "
                "emulation movement",
                count,
            )
            % values
        )
    if deadline.kind == DeadlineKind.FINAL_REVIEW:
        return (
            ngettext(
                "final review of %(count)s year (%(years)s) of the “Skilful Mass Mobilisation” "
                "emulation movement",
                "final review of %(count)s years (%(years)s) of the “Skilful Mass Mobilisation” "
                "emulation movement",
                count,
            )
            % values
        )
    # The period wraps as a whole ("… “Dân vận khéo” / 6 tháng đầu năm 2013"), never "năm / 2013".
    period = period_phrase(deadline, scope.years_label).replace(" ", NBSP)
    return _("on the results of the “Skilful Mass Mobilisation” emulation movement %(period)s") % {
        "period": period
    }


def _table_context(scope) -> dict[str, Any]:
    t01 = table01(scope)
    return {
        "table01": t01,
        "table01_columns": TABLE01_COLUMNS,
        "table01_groups": table01_column_groups(),
        "table02": table02(scope),
        "table03": table03(scope),
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
        letterhead = letterhead_for(root)
        texts = summary_text_for(root=root, deadline=deadline)
        # Lines saved before the letterhead changed: the issuer never receives its own report.
        own = set(
            issuer_lines(
                texts.recipient_lines,
                issuing_body=letterhead.issuing_body,
                on_behalf=texts.on_behalf,
            )
        )
        doc = PartyDocument(
            parent_body=letterhead.parent_body,
            issuing_body=letterhead.issuing_body,
            doc_type="BÁO CÁO",
            type_code="BC",
            issuer_code=letterhead.issuer_code,
            summary=summary_line(deadline, scope),
            place=place_of(root),
            date=timezone.localdate(),
            number=texts.number or None,
            signature=Signature(
                on_behalf=texts.on_behalf, title=texts.signer_position, name=texts.signer_name
            ),
            recipients=[line for line in texts.recipient_lines if line not in own],
        )
        context.update(
            {
                "doc": doc,
                "texts": texts,
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


# Items laid out by one WeasyPrint render: memory grows with a part, not with the bloc. An item
# is a table row (about 20–40 fit a page) or a run of sections between the long tables.
SUMMARY_ITEMS_PER_PART = 240
ITEM_ANCHOR = "item-"


@dataclass
class SummaryPart:
    """Which items of the bloc summary one render prints.

    The document is a stream of numbered items: 1 = front matter (header, sections I to III.2
    with Table 01 and the chart); then one item per Table 02 row; then the middle (III.3 with
    Table 03, the III.4 heading); then one item per organisation row; last, the closing
    (sections IV to VI, recipients, signature). A part prints the items ``start`` to ``end - 1``;
    the attributes hold item numbers (or None) and the rows, for the template's ``id``s.
    """

    start: int
    end: int
    front: int | None = None
    middle: int | None = None
    tail: int | None = None
    t02_rows: list = field(default_factory=list)
    t02_table: bool = False
    t02_caption: bool = False
    unit_rows: list = field(default_factory=list)
    units_table: bool = False
    units_caption: bool = False


@dataclass
class SummaryItems:
    """Item numbering of one bloc summary (see :class:`SummaryPart`)."""

    t02_count: int
    unit_count: int

    @property
    def middle(self) -> int:
        return self.t02_count + 2

    @property
    def tail(self) -> int:
        return self.middle + self.unit_count + 1

    @property
    def count(self) -> int:
        return self.tail

    def is_row(self, item: int) -> bool:
        return item not in (1, self.middle, self.tail)

    def part(self, context: dict[str, Any], start: int, end: int) -> SummaryPart:
        """The part printing items ``start`` to ``end - 1`` (numbers 1-based)."""
        inside = range(start, end)
        part = SummaryPart(start=start, end=end)
        part.front = 1 if 1 in inside else None
        part.middle = self.middle if self.middle in inside else None
        part.tail = self.tail if self.tail in inside else None
        first_t02, first_unit = 2, self.middle + 1
        t02 = context["table02"]
        part.t02_rows = [
            (item, item - first_t02 + 1, t02[item - first_t02])
            for item in range(max(start, first_t02), min(end, self.middle))
        ]
        part.t02_table = bool(part.t02_rows) or (self.t02_count == 0 and part.front is not None)
        part.t02_caption = part.front is not None or first_t02 in inside
        units = context["units"]
        part.unit_rows = [
            (item, item - first_unit + 1, *units[item - first_unit])
            for item in range(max(start, first_unit), min(end, self.tail))
        ]
        part.units_table = bool(part.unit_rows) or (
            self.unit_count == 0 and part.middle is not None
        )
        part.units_caption = part.middle is not None or first_unit in inside
        return part

    def part_end(self, start: int, size: int) -> int:
        """Where a part starting at ``start`` should end: ``size`` items on, but not within the
        first rows after a run of sections (the part's last page must begin with a row that
        follows another row, so that page can be dropped and re-laid out in the next part)."""
        end = min(start + size, self.count + 1)
        if end > self.count:
            return end
        if start < self.middle - 1 and self.middle <= end - 1 < self.middle + 40:
            return self.middle  # end with the Table 02 rows before the middle sections
        return end


def bloc_summary_part_html(context: dict[str, Any], part: SummaryPart, *, page_offset: int) -> str:
    return render_html(
        "reports/pdf/bloc_summary.html", {**context, "part": part, "page_offset": page_offset}
    )


def render_bloc_summary(
    *,
    root: Unit,
    deadline: Deadline,
    target: Path | Any,
    items_per_part: int = SUMMARY_ITEMS_PER_PART,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Render the bloc summary into ``target`` (path or binary file); returns its page count.

    Each part is a separate WeasyPrint render written to a temporary file, then the parts are
    merged. A part that is not the last ends on a full page: the items that begin on its last
    page are dropped with that page and start the next part (when the item before them is a
    table row, which cannot run over a page), so the tables run on without a gap; page numbers
    continue (each part's first page is numbered after the pages so far).
    ``on_progress(items_done, items_total)`` is called after each part.
    """
    context = bloc_summary_context(root=root, deadline=deadline)
    items = SummaryItems(t02_count=len(context["table02"]), unit_count=len(context["units"]))
    parts: list[Path] = []
    pages_so_far, start = 0, 1
    with tempfile.TemporaryDirectory(prefix="danvan-summary-") as tmp:
        while start <= items.count:
            end = items.part_end(start, items_per_part)
            part = items.part(context, start, end)
            document = html_to_document(
                bloc_summary_part_html(context, part, page_offset=pages_so_far)
            )
            pages = document.pages
            next_start = end
            if end <= items.count and len(pages) > 1:
                on_last = [int(a[len(ITEM_ANCHOR) :]) for a in anchors_on(pages[-1], ITEM_ANCHOR)]
                first = min(on_last, default=start)
                if first > start and items.is_row(first - 1):
                    next_start, pages = first, pages[:-1]
            path = Path(tmp) / f"part-{len(parts):04d}.pdf"
            document.copy(pages).write_pdf(path)
            parts.append(path)
            pages_so_far += len(pages)
            del document, pages
            start = next_start
            if on_progress:
                on_progress(start - 1, items.count)
        return merge_pdfs(parts, target)


def unit_report_context(report: PeriodicReport) -> dict[str, Any]:
    from django.utils import translation

    with translation.override("vi"):
        unit = report.unit
        scope = stats_scope_for(report.deadline, unit)
        prefill = report_figures(report)
        issuer = steering_group_header(unit)
        doc = PartyDocument(
            parent_body=party_body_of(unit),
            issuing_body=issuer.name,
            doc_type="BÁO CÁO",
            type_code="BC",
            issuer_code=issuer.code,
            summary=summary_line(report.deadline, scope),
            place=place_of(unit),
            date=timezone.localdate(report.submitted_at)
            if report.submitted_at
            else timezone.localdate(),
            signature=Signature(title=issuer.leader_title),
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

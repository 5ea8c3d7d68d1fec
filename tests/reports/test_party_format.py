"""What a clerk checks on a Party-format PDF (36-HD/VPTW, issue 12 items 3 and 6): the header
names wrap only between words, the title reads as one phrase, numbers are grouped the Vietnamese
way, tables print at 11 pt or more and a table's caption never stays alone at a page's end."""

import datetime
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.template import engines
from weasyprint.formatting_structure import boxes

from campaigns.models import DeadlineKind
from reports.documents import render_bloc_summary, unit_report_pdf
from reports.models import PeriodicReport
from reports.pdf import (
    LEFT_HEADER_MM,
    font_urls,
    header_lines,
    html_to_document,
    html_to_pdf,
    text_width_mm,
)

from .factories import make_campaign, make_deadline, make_registration
from .test_pdf import party_doc

BODY = '{% extends "reports/pdf/base_party.html" %}{% block body %}{{ trusted|safe }}{% endblock %}'  # noqa: E501


def render(tmp_path: Path, *, doc=None, trusted="") -> Path:
    html = (
        engines["django"]
        .from_string(BODY)
        .render({"doc": doc or party_doc(), "fonts": font_urls(), "trusted": trusted})
    )
    target = tmp_path / "doc.pdf"
    html_to_pdf(unicodedata.normalize("NFC", html), target=target)
    return target


def text_lines(path: Path) -> list[str]:
    """The PDF's lines as pdftotext reads them (reading order, one printed line a line)."""
    out = subprocess.run(  # noqa: S603 - fixed command on our own file
        ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    return [" ".join(line.replace("\u00a0", " ").split()) for line in out.splitlines()]


# --- Item 3: the left header --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "style", "lines"),
    [
        ("ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH", "bold", ["ĐẢNG ỦY KHỐI", "CÁC CƠ QUAN TỈNH"]),
        ("ĐẢNG ỦY KHỐI DOANH NGHIỆP TỈNH", "bold", ["ĐẢNG ỦY KHỐI", "DOANH NGHIỆP TỈNH"]),
        ("ĐẢNG BỘ TỈNH THÁI NGUYÊN", "regular", ["ĐẢNG BỘ TỈNH THÁI NGUYÊN"]),  # the parent body
        ("ĐẢNG ỦY KHỐI\nCÁC CƠ QUAN\nTỈNH", "bold", ["ĐẢNG ỦY KHỐI", "CÁC CƠ QUAN", "TỈNH"]),
    ],
)
def test_header_names_wrap_after_the_kind_of_body(name, style, lines):
    """A name that fits stays on one line; lines the office typed are kept as typed."""
    assert header_lines(name, style=style) == lines


def test_a_long_name_wraps_at_spaces_into_lines_that_fit_the_column():
    name = "CHI BỘ TRUNG TÂM KIỂM SOÁT BỆNH TẬT VÀ Y TẾ DỰ PHÒNG TỈNH THÁI NGUYÊN"
    lines = header_lines(name, style="bold")
    assert len(lines) > 1
    assert " ".join(lines) == name  # nothing cut, nothing lost
    assert all(text_width_mm(line, style="bold") <= LEFT_HEADER_MM for line in lines)


def test_the_printed_header_never_splits_cơ_quan(tmp_path):
    lines = text_lines(render(tmp_path))
    assert "ĐẢNG ỦY KHỐI" in lines
    assert "CÁC CƠ QUAN TỈNH" in lines
    assert not any(line.endswith("CƠ") for line in lines)


# --- Item 6: the title line --------------------------------------------------------------------


def test_a_wrapped_title_keeps_its_period_and_quoted_name_whole(tmp_path):
    summary = (
        "kết quả thực hiện phong trào thi đua “Dân vận khéo” của các cơ sở đảng trực thuộc "
        "trong 6 tháng đầu năm 2013"
    )
    lines = text_lines(render(tmp_path, doc=party_doc(summary=summary)))
    assert "2013" not in lines
    assert not any(line.endswith(("“Dân", "vận", "năm")) for line in lines)


def test_a_review_title_names_its_span_first(tree, tmp_path):
    campaign = make_campaign(tree.province)
    review = make_deadline(
        campaign,
        kind=DeadlineKind.MID_TERM_REVIEW,
        year=2012,
        due=datetime.date(2012, 12, 15),
        applies_to=tree.bloc,
    )
    target = tmp_path / "review.pdf"
    render_bloc_summary(root=tree.bloc, deadline=review, target=target)
    text = " ".join(text_lines(target))
    assert "BÁO CÁO sơ kết 2 năm (2011–2012) thực hiện phong trào thi đua “Dân vận khéo”" in text


# --- Item 6: numbers ---------------------------------------------------------------------------


def test_the_summary_groups_thousands_and_uses_a_decimal_comma(tree, tmp_path):
    campaign = make_campaign(tree.province)
    period = make_deadline(campaign, applies_to=tree.bloc)
    make_registration(tree.base_a, campaign, budget_vnd=1_240_500_000, workdays=3643)
    target = tmp_path / "summary.pdf"
    render_bloc_summary(root=tree.bloc, deadline=period, target=target)
    text = " ".join(text_lines(target))
    assert "1.240,5" in text
    assert "3.643" in text
    assert "3643" not in text
    assert "2013" in text  # years are not numbers to group


def test_a_unit_report_groups_its_figures(tree, group_leader, tmp_path):
    campaign = make_campaign(tree.province)
    period = make_deadline(campaign, applies_to=tree.bloc)
    report = PeriodicReport.objects.create(
        unit=tree.base_a, deadline=period, participants_reported=3643
    )
    path = tmp_path / "report.pdf"
    path.write_bytes(unit_report_pdf(report))
    assert "3.643" in " ".join(text_lines(path))


# --- Item 6: tables and captions ----------------------------------------------------------------


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def test_table_text_is_at_least_11_pt(tree, stats_fixture, tmp_path):
    from reports.documents import SummaryItems, bloc_summary_context, bloc_summary_part_html

    period = make_deadline(stats_fixture.campaign, applies_to=tree.bloc)
    context = bloc_summary_context(root=tree.bloc, deadline=period)
    items = SummaryItems(t02_count=len(context["table02"]), unit_count=len(context["units"]))
    part = items.part(context, 1, items.count + 1)
    document = html_to_document(bloc_summary_part_html(context, part, page_offset=0))
    sizes = set()
    for page in document.pages:
        for box in _descendants(page._page_box):
            if isinstance(box, boxes.TableBox):
                sizes |= {
                    round(text.style["font_size"] * 0.75, 2)  # px -> pt
                    for text in _descendants(box)
                    if isinstance(text, boxes.TextBox) and text.text.strip()
                }
    assert sizes, "the summary has tables"
    assert min(sizes) >= 11


def _tags(box, *names):
    return [b for b in _descendants(box) if getattr(b, "element_tag", "") in names]


def test_a_caption_never_stays_alone_at_the_bottom_of_a_page():
    """Push a heading, a caption and their table down line by line: the heading and the caption
    always share a page with the table's first rows (without ``break-after: avoid`` on the
    caption they stayed alone after 18 and 19 lines)."""
    table = (
        "<h3>2. Mô hình, điển hình tiêu biểu</h3>"
        '<table class="data"><caption>Biểu 02. Mô hình, điển hình tiêu biểu</caption>'
        "<thead><tr><th>Lĩnh vực</th><th>Số</th></tr></thead>"
        "<tbody>" + "<tr><td>Kinh tế</td><td class='num'>1</td></tr>" * 3 + "</tbody></table>"
    )
    for lines in range(12, 24):
        filler = "<p class='plain'>dòng</p>" * lines
        html = (
            engines["django"]
            .from_string(BODY)
            .render({"doc": party_doc(), "fonts": font_urls(), "trusted": filler + table})
        )
        for page in html_to_document(html).pages:
            data_tables = [
                t for t in _tags(page._page_box, "table") if "data" in t.element.get("class", "")
            ]
            rows = [cell for t in data_tables for cell in _tags(t, "td")]
            if _tags(page._page_box, "h3", "caption"):
                assert rows, f"heading or caption alone at the end of a page after {lines} lines"

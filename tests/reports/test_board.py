"""Completeness board: expected / submitted / on time / late / missing, and the same numbers in
the page, the Excel file and the bloc summary PDF; constant queries for 10 and 300 units."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports.models import PeriodicReport, ReportStatus
from reports.selectors import completeness_board
from tests.units.factories import make_grassroots
from units.bulk import bulk_add_children
from units.models import Unit, UnitType

from .factories import make_deadline


@pytest.fixture
def period(stats_fixture, tree):
    return make_deadline(stats_fixture.campaign, applies_to=tree.bloc)


@pytest.fixture
def reports(period, tree):
    now = timezone.now()
    on_time = PeriodicReport.objects.create(
        unit=tree.base_a, deadline=period, status=ReportStatus.ACCEPTED, submitted_at=now
    )
    base_d, _ = make_grassroots("Chi bộ Sở Y tế", bloc=tree.bloc)
    late = PeriodicReport.objects.create(
        unit=base_d,
        deadline=period,
        status=ReportStatus.SUBMITTED,
        is_late=True,
        submitted_at=now,
    )
    make_grassroots("Chi bộ Sở Nội vụ", bloc=tree.bloc)  # reports nothing
    return on_time, late


def test_board_counts(period, tree, reports):
    board = completeness_board(deadline=period, root=tree.bloc)
    t = board.totals
    # base A on time, Y tế late; base B (draft-less) and Nội vụ missing; other bloc not expected
    assert (t.expected, t.submitted, t.on_time, t.late, t.missing) == (4, 2, 1, 1, 2)
    assert (t.submitted_pct, t.on_time_pct, t.late_pct, t.missing_pct) == (50.0, 25.0, 25.0, 50.0)
    missing = completeness_board(deadline=period, root=tree.bloc, state="missing")
    assert {row.name for row in missing.rows} == {tree.base_b.name, "Chi bộ Sở Nội vụ"}


def test_a_draft_counts_as_missing(period, tree, reports):
    PeriodicReport.objects.create(unit=tree.base_b, deadline=period)
    assert completeness_board(deadline=period, root=tree.bloc).totals.missing == 2


def test_board_page_excel_and_pdf_agree(period, tree, reports, reviewer, login, tmp_path):
    client = login(reviewer)
    page = client.get(reverse("reports:board"), {"period": period.pk, "unit": tree.bloc.pk})
    assert page.status_code == 200
    html = page.content.decode()
    # the period's title already says "Báo cáo …": the caption does not say it twice
    assert f"{period.title} – {tree.bloc.name}: tình hình gửi báo cáo" in html
    assert "Báo cáo Báo cáo" not in html
    for key, value in [
        ("expected", 4),
        ("submitted", 2),
        ("on_time", 1),
        ("late", 1),
        ("missing", 2),
    ]:
        assert f'data-stat="{key}">{value}<' in html

    xlsx = client.get(
        reverse("reports:board"), {"period": period.pk, "unit": tree.bloc.pk, "format": "xlsx"}
    )
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    rates = list(book.worksheets[1].iter_rows(values_only=True))
    assert list(rates[2]) == [4, 2, 1, 1, 2]
    rows = list(book.worksheets[0].iter_rows(values_only=True))[2:]
    assert len(rows) == 4

    from reports.documents import render_bloc_summary

    target = tmp_path / "s.pdf"
    render_bloc_summary(root=tree.bloc, deadline=period, target=target)
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", str(target), "-"], capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    # one term for a report sent after its due date: "trễ hạn", as on the board and in Excel
    assert "2/4 cơ sở đã gửi báo cáo (50,0%), 1 đúng hạn và 1 trễ hạn; 2 cơ sở chưa báo cáo" in flat


def test_summary_excel_equals_table01(period, tree, stats_fixture, reviewer, login):
    client = login(reviewer)
    xlsx = client.get(
        reverse("reports:summary"), {"period": period.pk, "unit": tree.bloc.pk, "format": "xlsx"}
    )
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(rows[-1]) == ["Tổng cộng", 4, 1, 1, 6, 5, 1, 5, 1, 2, 2, 1, 1, 18.5, 38]
    units = list(book.worksheets[3].iter_rows(values_only=True))[2:]
    assert {u[1] for u in units} == {tree.base_a.name, tree.base_b.name}


def _grow(bloc: Unit, count: int) -> None:
    base_type = UnitType.objects.get(code="base")
    bulk_add_children(
        bloc,
        [
            Unit(name=f"Chi bộ {i}", short_code=f"B{bloc.pk}-{i}", unit_type=base_type)
            for i in range(count)
        ],
    )


@pytest.mark.parametrize("extra", [8, 298])
def test_board_query_count_is_constant(
    period, tree, reports, reviewer, login, django_assert_num_queries, extra
):
    _grow(tree.bloc, extra)
    client = login(reviewer)
    url = reverse("reports:board")
    client.get(url, {"period": period.pk, "unit": tree.bloc.pk})  # warm the session
    with django_assert_num_queries(BOARD_QUERIES):
        response = client.get(url, {"period": period.pk, "unit": tree.bloc.pk})
    assert response.context["board"].totals.expected == 4 + extra


# The reviewer's verified second-factor device comes from the cache after the first request
# (accounts.middleware.CachedOTPMiddleware), so it costs no query here.
BOARD_QUERIES = 9


def test_board_excel_shows_screen_times_and_vietnamese_states(
    period, tree, reports, reviewer, login
):
    """Submission times are those of the screen (Asia/Ho_Chi_Minh), not 7 hours behind; states
    and statuses read in Vietnamese; the header row is frozen and filtered."""
    on_time, _late = reports
    client = login(reviewer)
    params = {"period": period.pk, "unit": tree.bloc.pk}
    html = client.get(reverse("reports:board"), params).content.decode()
    xlsx = client.get(reverse("reports:board"), {**params, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).worksheets[0]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:H6"
    assert sheet.column_dimensions["C"].width == 40
    rows = {row[2]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    row = rows[tree.base_a.name]
    local = timezone.localtime(on_time.submitted_at).replace(tzinfo=None)
    # Within the minute, not 7 hours off (a time at :59.9 s can come back as the next minute).
    assert abs(row[6] - local) < datetime.timedelta(minutes=1)
    shown = local.replace(second=0, microsecond=0)
    assert shown.strftime("%d/%m/%Y %H:%M") in html  # the same time as on the screen
    assert row[5] == "Đã tiếp nhận"
    assert row[7] == "đúng hạn"
    missing = rows["Chi bộ Sở Nội vụ"]
    assert missing[6] is None  # no "—" placeholder in a datetime column
    states = {r[7] for r in rows.values()}
    assert len(states) == 3
    assert not states & {"on_time", "late", "missing"}  # labels, not codes
    assert all(isinstance(r[0], int) for r in rows.values())


def test_summary_excel_has_the_pdf_columns(period, tree, reports, reviewer, login):
    client = login(reviewer)
    xlsx = client.get(
        reverse("reports:summary"), {"period": period.pk, "unit": tree.bloc.pk, "format": "xlsx"}
    )
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    units = book.worksheets[3]
    header = [c.value for c in units[2]]
    assert header[0] == "STT"
    assert header[-1] == "Báo cáo"
    rows = list(units.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    by_name = {r[1]: r[-1] for r in rows}
    assert by_name[tree.base_a.name] == "đúng hạn"
    assert by_name[tree.base_b.name] == "chưa báo cáo"
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A3"
        assert sheet.auto_filter.ref.startswith("A2:")
    assert book.worksheets[1]["A2"].value == "STT"

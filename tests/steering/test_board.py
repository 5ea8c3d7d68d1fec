"""The reviewers' setup board: counts, filters, sorting, Excel export identical to the screen,
and a constant number of SQL queries however many organisations there are."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.campaigns.factories import SessionFactory, pdf_upload
from tests.steering.factories import FoundingDecisionFactory, WorkingRegulationFactory, grow_bloc
from tests.units.factories import make_grassroots

pytestmark = pytest.mark.django_db

BOARD = reverse("steering:board")


@pytest.fixture
def setup(tree):
    """Base A: everything done. Base B: decision without file, nothing else. Base D: no group."""
    base_d, _ = make_grassroots("Chi bộ Sở Nội vụ", bloc=tree.bloc, with_group=False)
    FoundingDecisionFactory(unit=tree.base_a, number="15-QĐ/ĐU", file=pdf_upload())
    WorkingRegulationFactory(unit=tree.base_a, version=1, adopted_on=datetime.date(2013, 3, 12))
    WorkingRegulationFactory(unit=tree.base_a, version=2, adopted_on=datetime.date(2014, 1, 10))
    FoundingDecisionFactory(unit=tree.base_b, number="07-QĐ/CB")
    SessionFactory(unit=tree.base_a, held_on=datetime.date(2013, 3, 10))
    SessionFactory(unit=tree.base_a, held_on=datetime.date(2013, 9, 2))
    SessionFactory(unit=tree.base_b, held_on=datetime.date(2012, 5, 2))
    return base_d


def screen_rows(response):
    return [[cell.text for cell in cells] for _unit, cells in response.context["rows"]]


def test_counts_at_the_top(setup, reviewer, login):
    page = login(reviewer).get(BOARD, {"year": 2013}).content.decode()
    assert "1 trong số 3 cơ sở chưa thành lập Tổ chỉ đạo." in page
    assert "1 trong số 3 cơ sở chưa có quyết định thành lập Tổ chỉ đạo." in page
    assert "2 trong số 3 cơ sở chưa ban hành quy chế làm việc." in page
    assert "2 trong số 3 cơ sở chưa ghi nhận buổi quán triệt nào trong năm 2013." in page
    assert "<svg" in page  # the bar chart, drawn on the server


def test_rows_show_each_organisations_setup(setup, tree, reviewer, login):
    response = login(reviewer).get(BOARD, {"year": 2013})
    rows = {row[1]: row for row in screen_rows(response)}
    assert rows[tree.base_a.name][2:] == [
        "Có",
        "—",
        "15-QĐ/ĐU",
        "05/03/2013",
        "Có",
        "Bản thứ 2 (sửa đổi lần 1)",
        "10/01/2014",
        "2",
    ]
    assert rows[tree.base_b.name][4:] == ["07-QĐ/CB", "05/03/2013", "Chưa", "—", "—", "0"]
    assert rows[setup.name][2] == "Chưa"
    assert tree.base_c.name not in rows  # another bloc


def test_filter_by_what_is_missing_and_search(setup, tree, reviewer, login):
    client = login(reviewer)
    names = lambda **p: [r[1] for r in screen_rows(client.get(BOARD, {"year": 2013, **p}))]  # noqa: E731
    assert names(missing="regulations") == sorted([tree.base_b.name, setup.name])
    assert names(missing="group") == [setup.name]
    assert names(missing="decision_file") == sorted([tree.base_b.name, setup.name])
    assert names(missing="sessions") == sorted([tree.base_b.name, setup.name])
    assert names(q="so tu phap") == [tree.base_b.name]  # accents optional
    # Counts stay over the whole (searched) set, not the "missing" filter.
    assert (
        "2 trong số 3 cơ sở chưa ban hành"
        in client.get(BOARD, {"missing": "group"}).content.decode()
    )


def test_sorting(setup, tree, reviewer, login):
    client = login(reviewer)

    def names(sort):
        return [r[1] for r in screen_rows(client.get(BOARD, {"year": 2013, "sort": sort}))]  # noqa: E731

    assert names("-sessions")[0] == tree.base_a.name
    assert names("-regulations")[0] == tree.base_a.name
    assert names("regulations")[0] == tree.base_a.name  # organisations without come last
    assert names("-name") == sorted(names("name"), reverse=True)
    assert names("nonsense") == names("name")


def test_excel_export_is_exactly_what_is_on_screen(setup, reviewer, login):
    client = login(reviewer)
    params = {"year": 2013, "missing": "sessions", "sort": "-name"}
    screen = client.get(BOARD, params)
    export = client.get(BOARD, {**params, "format": "xlsx"})
    assert export["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    values = [[_as_screen(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    header_at = values.index([str(h) for h in screen.context["headers"]])
    assert values[header_at + 1 :] == screen_rows(screen)
    # Dates are real dates (the screen's "—" is an empty cell), the header stays on screen.
    assert sheet.freeze_panes == f"A{header_at + 2}"
    assert sheet.auto_filter.ref.startswith(f"A{header_at + 1}:J")
    decided = sheet.cell(row=header_at + 2, column=6)
    assert isinstance(decided.value, datetime.datetime)
    assert decided.number_format == "dd/mm/yyyy"
    assert len(screen_rows(screen)) == 2


def _as_screen(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value)


def test_only_reviewers_open_the_board(setup, group_member, login):
    assert login(group_member).get(BOARD).status_code == 403


def _board_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(BOARD, {"year": 2013, "sort": "-regulations"})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_the_same_for_10_and_300_organisations(
    tree, reviewer, login, django_assert_num_queries
):
    client = login(reviewer)
    bases = grow_bloc(tree.bloc, 10)
    for base in bases[::3]:
        FoundingDecisionFactory(unit=base)
        WorkingRegulationFactory(unit=base)
        SessionFactory(unit=base)
    small = _board_queries(client)
    more = grow_bloc(tree.bloc, 290, start=10)
    for base in more[::7]:
        FoundingDecisionFactory(unit=base, file=pdf_upload())
        WorkingRegulationFactory(unit=base)
    large = _board_queries(client)
    assert small == large
    # session + user + second-factor device + scope, then paginator count, page rows,
    # aggregate counts, current campaign
    with django_assert_num_queries(small):
        client.get(BOARD, {"year": 2013, "page": 3})
    excel_small = client.get(BOARD, {"format": "xlsx"})
    assert excel_small.status_code == 200
    assert small <= 9

"""The reviewers' coverage board: counts, rows, filters, Excel identical to the screen, and the
same number of SQL queries for 10 and 300 organisations."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from support.models import FollowUp, Visit, VisitStatus
from tests.steering.factories import grow_bloc
from tests.support.factories import follow_up, held_visit, plan_visit

pytestmark = pytest.mark.django_db

BOARD = reverse("support:board")
D = datetime.date


@pytest.fixture
def visits(tree, reviewer):
    """Base A: two visits in 2013 (last: needs improvement), one overdue action, one closed.
    Base B: nothing in 2013 (a 2012 visit). Base C: another bloc."""
    held_visit(tree.base_a, reviewer, held_on=D(2013, 3, 20), assessment="good")
    last = held_visit(tree.base_a, reviewer, held_on=D(2013, 9, 5), assessment="needs_improvement")
    follow_up(last, reviewer, due_on=D(2013, 10, 1))
    done = follow_up(last, reviewer, due_on=D(2013, 10, 1))
    FollowUp.objects.filter(pk=done.pk).update(status="closed")
    held_visit(tree.base_b, reviewer, held_on=D(2012, 6, 1))
    plan_visit(tree.base_b, reviewer, planned_on=D(2099, 1, 5))


def screen_rows(response):
    return [[cell.text for cell in cells] for _unit, cells in response.context["rows"]]


def test_counts_and_rows(visits, tree, reviewer, login):
    response = login(reviewer).get(BOARD, {"year": 2013})
    page = response.content.decode()
    assert "1 trong số 2 cơ sở chưa được kiểm tra, hỗ trợ trong năm 2013." in page
    assert "1 việc cần khắc phục quá hạn, tại 1 cơ sở." in page
    rows = {row[1]: row for row in screen_rows(response)}
    assert rows[tree.base_a.name][2:] == [
        "2",
        "05/09/2013",
        "Kiểm tra",
        "Cần cố gắng",
        "—",
        "1",
        "1",
    ]
    assert rows[tree.base_b.name][2:] == ["0", "—", "—", "—", "05/01/2099", "0", "0"]
    assert tree.base_c.name not in rows


def test_filters_and_accent_free_search(visits, tree, reviewer, login):
    client = login(reviewer)

    def names(**params):
        return [r[1] for r in screen_rows(client.get(BOARD, {"year": 2013, **params}))]

    assert names(show="not_visited") == [tree.base_b.name]
    assert names(show="overdue") == [tree.base_a.name]
    assert names(show="needs_improvement") == [tree.base_a.name]
    assert names(q="so tu phap") == [tree.base_b.name]
    assert names(year=2012, show="not_visited") == [tree.base_a.name]


def test_excel_is_what_the_screen_shows(visits, reviewer, login):
    client = login(reviewer)
    params = {"year": 2013, "sort": "-last_visit"}
    screen = screen_rows(client.get(BOARD, params))
    response = client.get(BOARD, {**params, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[_as_screen(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    headers = response and rows[2]
    assert headers[1] == "Cơ sở đảng"
    assert rows[3:] == screen
    # Dates and counts are real dates and numbers; the header row stays on screen.
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == f"A3:I{len(rows)}"
    assert isinstance(sheet["D4"].value, datetime.datetime)
    assert isinstance(sheet["C4"].value, int)


def _as_screen(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(BOARD, {"year": 2013}).status_code == 200
    return len(ctx.captured_queries)


def _grow_with_visits(bloc, count, reviewer, start):
    bases = grow_bloc(bloc, count, start=start)
    Visit.objects.bulk_create(
        Visit(
            unit=b,
            kind="inspection",
            status=VisitStatus.HELD,
            planned_on=D(2013, 4, 1),
            held_on=D(2013, 4, 2),
            assessment="fair",
            lead=reviewer,
            created_by=reviewer,
        )
        for b in bases[::3]
    )


def test_query_count_is_the_same_for_10_and_300_units(tree, reviewer, login):
    client = login(reviewer)
    _grow_with_visits(tree.bloc, 8, reviewer, start=0)
    small = _queries(client)
    _grow_with_visits(tree.bloc, 290, reviewer, start=100)
    assert _queries(client) == small
    assert small <= 12

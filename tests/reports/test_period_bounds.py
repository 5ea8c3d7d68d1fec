"""A report counts what happened within its period: the 6-month 2013 report stops at 30 June,
the annual one at 31 December; the screen and the Excel file show the same numbers."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import DeadlineKind, DisseminationSession, PropagandaActivity
from models_registry.models import Kind, Status
from reports.documents import bloc_summary_context
from reports.selectors import stats_scope_for
from reports.stats import activity_totals, table01, table02, table03, unit_rows
from tests.awards.factories import make_decision
from units.models import MassOrganisation

from .factories import make_deadline, make_registration


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 9, 0))


@dataclass
class Periods:
    six_month: object
    annual: object
    annual_2014: object


@pytest.fixture
def periods(tree, reviewer) -> Periods:
    """Base A of bloc 1, campaign 2011–2015:

    | reg | year | sent | status | decided | budget | days |
    | march | 2013 | 10/02/2013 | recognised | 20/03/2013 | 4,000,000 | 10 |
    | october | 2013 | 15/02/2013 | outstanding | 15/10/2013 | 6,000,000 | 20 |
    | july | 2013 | 05/07/2013 | in progress | – | 1,000,000 | 5 |
    | y2014 | 2014 | 01/02/2014 | recognised | 10/03/2014 | 2,000,000 | 7 |

    Sessions: 12/05/2013 (30 people), 20/09/2013 (50 people). Propaganda: 2 on 15/04/2013,
    3 on 10/08/2013. Award decision 150-QĐ/ĐUK of 20/11/2013: one collective (base A).

    6-month 2013: 2 registered (march, october), 1 recognised, 0 outstanding, 1 in progress,
    10.0 million VND, 30 workdays; 1 session / 30 people; 2 propaganda; no award.
    Annual 2013: 3 registered, 2 recognised, 1 outstanding, 1 in progress (july), 11.0 million,
    35 workdays; 2 sessions / 80 people; 5 propaganda; 1 collective award.
    Annual 2014: 1 registered, 1 recognised.
    """
    from tests.reports.factories import make_campaign

    campaign = make_campaign(tree.province)
    a = tree.base_a
    make_registration(
        a,
        campaign,
        status=Status.RECOGNISED,
        submitted_at=at(2013, 2, 10),
        decision_number="20-QĐ/BCĐ",
        decision_date=datetime.date(2013, 3, 20),
        budget_vnd=4_000_000,
        workdays=10,
    )
    make_registration(
        a,
        campaign,
        kind=Kind.COLLECTIVE_EXEMPLAR,
        status=Status.OUTSTANDING,
        submitted_at=at(2013, 2, 15),
        decision_number="95-QĐ/BCĐ",
        decision_date=datetime.date(2013, 10, 15),
        budget_vnd=6_000_000,
        workdays=20,
    )
    make_registration(
        a,
        campaign,
        status=Status.IN_PROGRESS,
        submitted_at=at(2013, 7, 5),
        budget_vnd=1_000_000,
        workdays=5,
    )
    make_registration(
        a,
        campaign,
        year=2014,
        status=Status.RECOGNISED,
        submitted_at=at(2014, 2, 1),
        decision_number="12-QĐ/BCĐ",
        decision_date=datetime.date(2014, 3, 10),
        budget_vnd=2_000_000,
        workdays=7,
    )
    for held_on, people in ((datetime.date(2013, 5, 12), 30), (datetime.date(2013, 9, 20), 50)):
        DisseminationSession.objects.create(
            unit=a,
            campaign=campaign,
            title="Hội nghị quán triệt",
            held_on=held_on,
            participants=people,
            recorded_by=reviewer,
        )
    union = MassOrganisation.objects.get(code="trade_union")
    for held_on, n in ((datetime.date(2013, 4, 15), 2), (datetime.date(2013, 8, 10), 3)):
        PropagandaActivity.objects.create(
            unit=a,
            campaign=campaign,
            mass_organisation=union,
            form="meeting",
            count=n,
            held_on=held_on,
            recorded_by=reviewer,
        )
    decision = make_decision(
        tree.bloc, campaign, number="150-QĐ/ĐUK", recipients=[(a, "collective")]
    )
    decision.date = datetime.date(2013, 11, 20)
    decision.save(update_fields=["date"])
    return Periods(
        six_month=make_deadline(campaign, applies_to=tree.province),
        annual=make_deadline(
            campaign,
            kind=DeadlineKind.ANNUAL_REPORT,
            due=datetime.date(2013, 11, 15),
            applies_to=tree.province,
        ),
        annual_2014=make_deadline(
            campaign,
            kind=DeadlineKind.ANNUAL_REPORT,
            year=2014,
            due=datetime.date(2014, 11, 15),
            applies_to=tree.province,
        ),
    )


KEYS = ["total", "models", "collective", "recognised", "outstanding", "in_progress"]


def figures(deadline, root):
    scope = stats_scope_for(deadline, root)
    total = table01(scope).total.values
    activities = activity_totals(scope)
    awards = {row.form: (row.collective, row.individual) for row in table03(scope)}
    unit = next(row for row in unit_rows(scope) if row.name.startswith("Đảng bộ Sở Tài chính"))
    return {
        **{key: total[key] for key in KEYS},
        "resources": total["resources"],
        "workdays": total["workdays"],
        "sessions": activities.sessions,
        "participants": activities.session_participants,
        "propaganda": activities.propaganda,
        "awards": awards["bloc_certificate"],
        "table02": len(table02(scope)),
        "unit": (unit.total, unit.recognised, unit.outstanding),
    }


def test_the_six_month_report_stops_at_the_end_of_june(tree, periods):
    assert figures(periods.six_month, tree.bloc) == {
        "total": 2,
        "models": 1,
        "collective": 1,
        "recognised": 1,  # decided in March; October's decision is after the period
        "outstanding": 0,
        "in_progress": 1,  # the one decided in October was still under way on 30 June
        "resources": Decimal("10.0"),
        "workdays": 30,
        "sessions": 1,
        "participants": 30,
        "propaganda": 2,
        "awards": (0, 0),  # the decision of November comes later
        "table02": 0,
        "unit": (2, 1, 0),
    }


def test_the_annual_report_counts_the_whole_year(tree, periods):
    assert figures(periods.annual, tree.bloc) == {
        "total": 3,
        "models": 2,
        "collective": 1,
        "recognised": 2,
        "outstanding": 1,
        "in_progress": 1,  # sent in July
        "resources": Decimal("11.0"),
        "workdays": 35,
        "sessions": 2,
        "participants": 80,
        "propaganda": 5,
        "awards": (1, 0),
        "table02": 1,
        "unit": (3, 2, 1),
    }
    next_year = figures(periods.annual_2014, tree.bloc)
    assert (next_year["total"], next_year["recognised"], next_year["sessions"]) == (1, 1, 0)


def test_a_report_sent_late_on_the_last_evening_still_counts(tree, periods):
    """30 June 23:30 in Hà Nội is 16:30 UTC: still the first half-year."""
    from models_registry.models import Registration

    late = Registration.objects.get(submitted_at=at(2013, 7, 5))
    late.submitted_at = timezone.make_aware(datetime.datetime(2013, 6, 30, 23, 30))
    late.save(update_fields=["submitted_at"])
    assert figures(periods.six_month, tree.bloc)["total"] == 3


def sheet_rows(content, title):
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    sheet = next(ws for ws in book.worksheets if ws.title == title)
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def after(rows, label):
    """The numbers that follow ``label`` on its row (whatever columns come before it)."""
    row = next(row for row in reversed(rows) if label in row)  # the header has "Tổng cộng" too
    return [v for v in row[row.index(label) + 1 :] if isinstance(v, (int, float))]


def test_the_excel_file_and_the_screen_show_the_periods_numbers(tree, periods, reviewer, login):
    client = login(reviewer)
    url = reverse("reports:summary")
    totals = {}
    for name, deadline in (("six_month", periods.six_month), ("annual", periods.annual)):
        params = {"period": deadline.pk, "unit": tree.bloc.pk}
        response = client.get(url, {**params, "format": "xlsx"})
        assert response.status_code == 200
        content = b"".join(response.streaming_content)
        rows = sheet_rows(content, "Biểu 01")
        totals[name] = after(rows, "Tổng cộng")[:14]
        units = sheet_rows(content, "Theo cơ sở đảng")
        totals[name + "_unit"] = after(units, tree.base_a.name)[:5]
        html = client.get(url, params).content.decode()
        assert f">{totals[name][3]}<" in html  # the same total on screen

    # models, collective, individual, total, new, continued, grassroots, bloc, in progress,
    # recognised, outstanding, replicated, resources, workdays
    assert [float(v) for v in totals["six_month"]] == [
        1, 1, 0, 2, 2, 0, 2, 0, 1, 1, 0, 0, 10.0, 30
    ]  # fmt: skip
    assert [float(v) for v in totals["annual"]] == [2, 1, 0, 3, 3, 0, 3, 0, 1, 2, 1, 0, 11.0, 35]
    assert totals["six_month_unit"] == [1, 1, 0, 2, 1]  # models … total, recognised
    assert totals["annual_unit"] == [2, 1, 0, 3, 2]


def test_the_bloc_summary_pdf_context_uses_the_period(tree, periods):
    six = bloc_summary_context(root=tree.bloc, deadline=periods.six_month)
    annual = bloc_summary_context(root=tree.bloc, deadline=periods.annual)
    assert six["table01"].total.values["total"] == 2
    assert annual["table01"].total.values["total"] == 3
    assert (six["activities"].sessions, annual["activities"].sessions) == (1, 2)

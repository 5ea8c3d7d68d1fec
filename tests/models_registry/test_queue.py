"""Review queue, bulk accept, Excel of the filtered list, who has not registered; query counts."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from models_registry.models import Field, Kind, Registration, Status
from tests.units.factories import make_grassroots, person_with_role
from units.models import Role

from .conftest import at_status
from .factories import make_registration

pytestmark = pytest.mark.django_db


def sheet_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


def test_filters_and_excel_list_the_same_registrations(tree, campaign, reviewer, login):
    economy = Field.objects.get(code="economy")
    culture = Field.objects.get(code="culture_society")
    a = at_status(make_registration(tree.base_a, campaign, primary_field=economy), Status.SUBMITTED)
    at_status(make_registration(tree.base_b, campaign, primary_field=culture), Status.SUBMITTED)
    late = make_registration(
        tree.base_b, campaign, kind=Kind.INDIVIDUAL_EXEMPLAR, primary_field=economy
    )
    Registration.objects.filter(pk=late.pk).update(status=Status.ACCEPTED, is_late=True)
    make_registration(tree.base_a, campaign, name="Bản nháp không hiện")  # drafts never listed
    client = login(reviewer)
    url = reverse("models_registry:queue")
    cases = [
        ({"field": economy.pk}, {a.pk, late.pk}),
        ({"late": "1"}, {late.pk}),
        ({"kind": "individual"}, {late.pk}),
        ({"status": "submitted", "field": economy.pk}, {a.pk}),
        (
            {"unit": "so tu phap"},
            {late.pk} | {r.pk for r in Registration.objects.filter(unit=tree.base_b).sent()},
        ),
        ({}, set(Registration.objects.sent().values_list("pk", flat=True))),
    ]
    for params, expected in cases:
        page = client.get(url, params).context["page"]
        assert {r.pk for r in page.object_list} == expected, params
        rows = sheet_rows(client.get(url, {**params, "export": "xlsx"}))
        names = {row[2] for row in rows[2:]}
        assert names == set(
            Registration.objects.filter(pk__in=expected).values_list("name", flat=True)
        )


def test_queue_excel_times_as_on_screen_and_labels_in_vietnamese(tree, campaign, reviewer, login):
    submitted = at_status(make_registration(tree.base_a, campaign), Status.SUBMITTED)
    Registration.objects.filter(pk=submitted.pk).update(
        submitted_at=datetime.datetime(2013, 6, 30, 20, 15, tzinfo=datetime.UTC), final_score=None
    )
    client = login(reviewer)
    url = reverse("models_registry:queue")
    assert "01/07/2013" in client.get(url).content.decode()  # the local day, as in Excel
    response = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:L3"
    number, *_middle, status, at, late, score = next(sheet.iter_rows(min_row=3, values_only=True))
    assert number == 1
    assert status == "Đã gửi"
    assert at == datetime.datetime(2013, 7, 1, 3, 15)  # Asia/Ho_Chi_Minh, as on the screen
    assert sheet["J3"].number_format == "dd/mm/yyyy hh:mm"
    assert (late, score) == (None, None)  # empty cells, no "—"


def test_bulk_accept(tree, campaign, reviewer, group_member, login):
    first = at_status(make_registration(tree.base_a, campaign), Status.SUBMITTED)
    second = at_status(make_registration(tree.base_b, campaign), Status.RESUBMITTED)
    response = login(reviewer).post(
        reverse("models_registry:bulk_accept"), {"ids": [first.pk, second.pk]}
    )
    assert response.status_code == 302
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.ACCEPTED}
    assert first.events.get().transition == "accept"
    assert (
        login(group_member)
        .post(reverse("models_registry:bulk_accept"), {"ids": [first.pk]})
        .status_code
        == 403
    )


def build_bloc(tree, campaign, n: int) -> None:
    """n organisations with steering groups and leaders; every other one has registered."""
    for i in range(n):
        base, group = make_grassroots(f"Chi bộ đơn vị {i}", bloc=tree.bloc)
        person_with_role(Role.GROUP_LEADER, group)
        if i % 2:
            at_status(make_registration(base, campaign), Status.SUBMITTED)


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["queue", "not_registered"])
def test_query_count_does_not_grow_with_units(tree, campaign, reviewer, login, name):
    url = reverse(f"models_registry:{name}")
    client = login(reviewer)
    build_bloc(tree, campaign, 10)
    small = count_queries(client, url, {"year": 2025})
    build_bloc(tree, campaign, 290)
    large = count_queries(client, url, {"year": 2025})
    assert small == large


def test_who_has_not_registered(tree, campaign, reviewer, login):
    at_status(make_registration(tree.base_a, campaign), Status.SUBMITTED)
    make_registration(tree.base_b, campaign)  # a draft is not a registration
    leader_b = person_with_role(Role.GROUP_LEADER, tree.group_b, phone="0988111222")
    client = login(reviewer)
    response = client.get(reverse("models_registry:not_registered"), {"year": 2025})
    board = response.context["board"]
    assert (board.total, board.registered, board.not_registered) == (2, 1, 1)
    assert [u.pk for u, _group, _leader in response.context["rows"]] == [tree.base_b.pk]
    page = response.content.decode()
    assert leader_b.get_full_name() in page
    assert "0988111222" in page
    rows = sheet_rows(
        client.get(reverse("models_registry:not_registered"), {"year": 2025, "export": "xlsx"})
    )
    assert rows[3][1] == tree.base_b.name
    assert rows[3][3] == leader_b.get_full_name()
    # Another year: nobody has registered yet.
    other = client.get(reverse("models_registry:not_registered"), {"year": 2026}).context["board"]
    assert other.not_registered == 2


def test_bulk_accept_bar_only_when_the_page_has_something_to_accept(
    tree, campaign, reviewer, login
):
    accepted = at_status(make_registration(tree.base_a, campaign), Status.ACCEPTED)
    client = login(reviewer)
    html = client.get(reverse("models_registry:queue")).content.decode()
    assert "data-select-all" not in html
    assert f'value="{accepted.pk}"' not in html
    waiting = at_status(make_registration(tree.base_b, campaign), Status.SUBMITTED)
    html = client.get(reverse("models_registry:queue")).content.decode()
    assert "data-select-all" in html
    assert f'name="ids" value="{waiting.pk}"' in html
    assert html.index("Tiếp nhận các đăng ký đã chọn") < html.index("<table")

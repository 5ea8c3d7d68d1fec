"""The effective deadline for unit X: the extension granted to X, else the deadline's date."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import Deadline, effective_due_date, effective_due_dates
from campaigns.selectors import deadlines_for_unit
from campaigns.services import deadline_extension_grant
from tests.campaigns.factories import DeadlineFactory

pytestmark = pytest.mark.django_db

MARCH_31 = datetime.date(2013, 3, 31)
APRIL_15 = datetime.date(2013, 4, 15)


def test_without_extension_the_unit_has_the_deadline_date(tree, deadline):
    assert effective_due_date(deadline=deadline, unit=tree.base_a) == MARCH_31


def test_an_extension_moves_only_that_units_date(tree, deadline, standing_office):
    deadline_extension_grant(
        deadline=deadline,
        unit=tree.base_a,
        due_date=APRIL_15,
        reason="Đơn vị đang kiện toàn Tổ chỉ đạo",
        by=standing_office,
    )
    assert effective_due_date(deadline=deadline, unit=tree.base_a) == APRIL_15
    assert effective_due_date(deadline=deadline, unit=tree.base_b) == MARCH_31
    assert effective_due_dates(deadline=deadline, units=[tree.base_a, tree.base_b]) == {
        tree.base_a.pk: APRIL_15,
        tree.base_b.pk: MARCH_31,
    }


def test_granting_twice_replaces_the_first_extension(tree, deadline, standing_office):
    for due in (APRIL_15, datetime.date(2013, 4, 30)):
        deadline_extension_grant(
            deadline=deadline, unit=tree.base_a, due_date=due, reason="Lý do", by=standing_office
        )
    assert deadline.extensions.count() == 1
    assert effective_due_date(deadline=deadline, unit=tree.base_a) == datetime.date(2013, 4, 30)


def test_a_unit_meets_deadlines_set_on_its_ancestors_not_on_another_bloc(tree, deadline):
    other_bloc = DeadlineFactory(
        campaign=deadline.campaign, applies_to=tree.base_b, title="Chỉ cho Sở Tư pháp"
    )
    mine = set(Deadline.objects.applying_to(tree.base_a))
    assert deadline in mine
    assert other_bloc not in mine
    assert tree.base_c not in [d.applies_to for d in mine]


def test_selector_annotates_effective_dates_in_one_query(
    tree, deadline, standing_office, django_assert_num_queries
):
    DeadlineFactory(
        campaign=deadline.campaign, due_date=datetime.date(2013, 6, 15), kind="six_month"
    )
    deadline_extension_grant(
        deadline=deadline, unit=tree.base_a, due_date=APRIL_15, reason="Lý do", by=standing_office
    )
    with django_assert_num_queries(1):
        rows = list(deadlines_for_unit(tree.base_a))
    assert [r.effective_due for r in rows] == [APRIL_15, datetime.date(2013, 6, 15)]
    assert rows[0].extended_due == APRIL_15
    other = list(deadlines_for_unit(tree.base_b))
    assert other[0].effective_due == MARCH_31


def test_member_sees_own_effective_dates_on_the_deadlines_page(
    tree, deadline, standing_office, group_member, login
):
    deadline_extension_grant(
        deadline=deadline,
        unit=tree.base_a,
        due_date=APRIL_15,
        reason="Đang kiện toàn Tổ chỉ đạo",
        by=standing_office,
    )
    page = login(group_member).get(reverse("campaigns:unit_deadlines")).content.decode()
    assert "15/04/2013" in page
    assert "31/03/2013" in page
    assert "Đang kiện toàn Tổ chỉ đạo" in page


def test_member_cannot_open_another_units_deadlines(tree, deadline, group_member, login):
    client = login(group_member)
    url = reverse("campaigns:unit_deadlines")
    assert client.get(url, {"unit": tree.base_b.pk}).status_code == 404
    assert client.get(url, {"unit": tree.base_a.pk}).status_code == 200

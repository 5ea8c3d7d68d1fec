"""Numbers on screens use Vietnamese grouping (3.643; 1.240,5), as the office writes them."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from units.bulk import bulk_add_children
from units.models import Unit, UnitType

from .factories import make_deadline

pytestmark = pytest.mark.django_db


def test_the_screens_filter_groups_the_vietnamese_way():
    template = Template("{% load humanize %}{{ n|intcomma }} {{ d|intcomma }} {{ p|intcomma }}")
    with translation.override("vi"):
        text = template.render(Context({"n": 3643, "d": Decimal("1240.5"), "p": 50.0}))
    assert text == "3.643 1.240,5 50,0"


def test_board_counts_are_grouped(stats_fixture, tree, reviewer, login):
    period = make_deadline(stats_fixture.campaign, applies_to=tree.bloc)
    base_type = UnitType.objects.get(code="base")
    bulk_add_children(
        tree.bloc,
        [
            Unit(name=f"Chi bộ {i}", short_code=f"N{tree.bloc.pk}-{i}", unit_type=base_type)
            for i in range(1000)
        ],
    )
    page = login(reviewer).get(
        reverse("reports:board"), {"period": period.pk, "unit": tree.bloc.pk}
    )
    html = page.content.decode()
    totals = page.context["board"].totals
    assert totals.expected > 1000
    for key in ("expected", "missing"):
        grouped = f"{getattr(totals, key):,}".replace(",", ".")  # 1004 → 1.004
        assert f'data-stat="{key}">{grouped}<' in html

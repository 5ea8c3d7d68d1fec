"""Tables 01–03 and the per-unit table equal a hand-computed fixture, in constant queries."""

from decimal import Decimal

from django.utils import translation

from reports.stats import TABLE01_KEYS, StatsScope, table01, table02, table03, unit_rows
from tests.units.factories import make_grassroots

from .factories import make_registration

# Column order: models, collective, individual, total, new, continued, grassroots, bloc,
# in progress, recognised, outstanding, replicated, resources (million VND), workdays.
EXPECTED = {
    "Kinh tế": [2, 0, 0, 2, 1, 1, 1, 1, 0, 1, 0, 0, Decimal("15.5"), 30],
    "Văn hóa – xã hội": [0, 1, 1, 2, 2, 0, 2, 0, 1, 1, 1, 0, Decimal("1.0"), 5],
    "Quốc phòng – an ninh": [0] * 12 + [Decimal("0.0"), 0],
    "Xây dựng hệ thống chính trị": [1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1, Decimal("0.0"), 0],
    "Not classified": [1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, Decimal("2.0"), 3],
    "Total": [4, 1, 1, 6, 5, 1, 5, 1, 2, 2, 1, 1, Decimal("18.5"), 38],
}


def scope_of(tree, fixture, root=None, year=2013):
    return StatsScope.for_year(root=root or tree.bloc, campaign=fixture.campaign, year=year)


def test_table01_equals_the_hand_computed_fixture(tree, stats_fixture, django_assert_num_queries):
    scope = scope_of(tree, stats_fixture)
    with django_assert_num_queries(2):
        table = table01(scope)
    with translation.override("en"):
        got = {str(row.label): row.cells() for row in table.all_rows()}
    assert got == EXPECTED
    assert len(TABLE01_KEYS) == 14


def test_table01_of_one_organisation_is_its_own_registrations(tree, stats_fixture):
    table = table01(scope_of(tree, stats_fixture, root=tree.base_b))
    assert table.total.values["total"] == 0  # drafts, returned and withdrawn do not count
    mid_term = StatsScope(
        root=tree.base_a, campaign=stats_fixture.campaign, year_from=2011, year_to=2013
    )
    assert table01(mid_term).total.values["total"] == 7  # a0 (2012) joins the six of 2013


def test_table02_lists_the_outstanding_models(tree, stats_fixture):
    rows = table02(scope_of(tree, stats_fixture))
    assert [row.registration_id for row in rows] == [stats_fixture.regs["a3"].pk]
    assert rows[0].owner == tree.base_a.name


def test_table03_counts_the_award_decisions(tree, stats_fixture, django_assert_num_queries):
    from tests.awards.factories import make_decision

    campaign = stats_fixture.campaign
    make_decision(
        tree.bloc,
        campaign,
        number="125-QĐ/ĐUK",
        recipients=[(tree.base_a, "collective"), (tree.base_a, "individual")]
        + [(tree.base_b, "individual")] * 2,
    )
    make_decision(
        tree.bloc, campaign, number="130-QĐ/ĐUK", recipients=[(tree.base_b, "collective")]
    )
    make_decision(
        tree.bloc,
        campaign,
        number="9-QĐ/UBND",
        code="province_chair_merit",
        recipients=[(tree.base_a, "collective")],
    )
    # Not counted: another year, another bloc's organisation.
    make_decision(
        tree.bloc,
        campaign,
        number="200-QĐ/ĐUK",
        year=2014,
        recipients=[(tree.base_a, "collective")],
    )
    make_decision(
        tree.bloc2, campaign, number="77-QĐ/ĐUK", recipients=[(tree.base_c, "individual")]
    )
    with django_assert_num_queries(2):
        rows = table03(scope_of(tree, stats_fixture))
    by_form = {row.form: row for row in rows}
    assert len(rows) == 6
    certificate = by_form["bloc_certificate"]
    assert (certificate.collective, certificate.individual) == (2, 3)
    assert certificate.decisions == "125-QĐ/ĐUK, 130-QĐ/ĐUK"
    chair = by_form["province_chair_merit"]
    assert (chair.collective, chair.individual, chair.decisions) == (1, 0, "9-QĐ/UBND")
    assert by_form["bloc_praise"].collective == by_form["bloc_praise"].individual == 0
    mine = table03(scope_of(tree, stats_fixture, root=tree.base_b))
    assert {r.form: (r.collective, r.individual) for r in mine}["bloc_certificate"] == (1, 2)


def test_unit_rows_include_units_that_have_not_registered(
    tree, stats_fixture, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = unit_rows(scope_of(tree, stats_fixture))
    by_unit = {row.unit_id: row for row in rows}
    assert set(by_unit) == {tree.base_a.pk, tree.base_b.pk}  # not the other bloc's, not groups
    a, b = by_unit[tree.base_a.pk], by_unit[tree.base_b.pk]
    assert (a.models, a.collective, a.individual, a.total, a.recognised, a.outstanding) == (
        4,
        1,
        1,
        6,
        2,
        1,
    )
    assert not b.has_registered
    assert b.total == 0


def test_query_count_does_not_grow_with_units(tree, stats_fixture, django_assert_num_queries):
    for i in range(12):
        base, _group = make_grassroots(f"Chi bộ số {i}", bloc=tree.bloc)
        make_registration(base, stats_fixture.campaign)
    scope = scope_of(tree, stats_fixture)
    with django_assert_num_queries(1):
        assert len(unit_rows(scope)) == 14
    with django_assert_num_queries(2):
        assert table01(scope).total.values["total"] == 18

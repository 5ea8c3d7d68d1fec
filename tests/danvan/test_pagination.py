"""The admin's paginator takes an unfiltered big table's size from PostgreSQL's statistics."""

from django.db import connection

from danvan import pagination
from danvan.pagination import EstimatedCountPaginator
from tests.units.factories import make_unit
from units.models import Unit


def _analyze():
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Unit._meta.db_table}")


def test_small_table_is_counted_exactly(db):
    make_unit("Tỉnh A", type_code="province")
    _analyze()
    assert EstimatedCountPaginator(Unit.objects.all(), 10).count == 1


def test_big_unfiltered_table_uses_the_estimate_and_a_filter_counts(db, monkeypatch):
    province = make_unit("Tỉnh A", type_code="province")
    make_unit("Khối 1", type_code="bloc", parent=province)
    _analyze()
    monkeypatch.setattr(pagination, "EXACT_BELOW", 1)  # as if the table were national-sized
    queries = []
    with connection.execute_wrapper(lambda run, sql, *a: queries.append(sql) or run(sql, *a)):
        assert EstimatedCountPaginator(Unit.objects.all(), 10).count == 2
    assert not any("COUNT(" in sql for sql in queries)
    assert EstimatedCountPaginator(Unit.objects.filter(depth=1), 10).count == 1

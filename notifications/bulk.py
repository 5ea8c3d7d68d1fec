"""Insert many rows in one statement, skipping those whose unique key already exists.

A morning fan-out writes tens of thousands of rows (reminder log, in-app notifications, outbox)
inside one transaction. ``bulk_create`` instantiates a model per row and prepares every value
through the field API, and the driver then adapts every value again: seconds at that size. On
PostgreSQL the rows go as **one JSON document** (serialised by the C encoder) into
``INSERT … SELECT … FROM json_populate_recordset(NULL::table, %s) ON CONFLICT DO NOTHING``: no
model instances, one parameter, PostgreSQL's own input functions per value. Elsewhere (SQLite in
the demo) it falls back to ``bulk_create(ignore_conflicts=True)``.

Rows are plain tuples of Python values in the order of ``fields`` (attribute names, e.g.
``recipient_id``): str, int, bool, None, date/datetime, or a dict/list for a JSON column.
Nothing calls ``save()``, ``full_clean()`` or signals: callers pass values that are already
valid. Columns left out take their database default (``db_default``).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from typing import Any

from django.db import connections, router
from django.db.models import DateField, Model


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value  # with its offset


def insert_ignoring_existing(
    model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT ``rows`` into ``model``'s table; a row whose unique key exists is skipped."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    columns = [by_attname[name].column for name in fields]
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objs, batch_size=1000, ignore_conflicts=True)
        return
    # Dates and datetimes to ISO 8601, each distinct value once (a fan-out has a handful).
    dated = [i for i, f in enumerate(fields) if isinstance(by_attname[f], DateField)]
    iso: dict[Any, Any] = {}
    records = []
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        for i in dated:
            value = row[i]
            if value not in iso:
                iso[value] = _iso(value)
            record[columns[i]] = iso[value]
        records.append(record)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    # Identifiers come from the model's meta, quoted by the backend; the rows are one parameter.
    sql = (
        f"INSERT INTO {table} ({names}) SELECT {names} "  # noqa: S608  # nosec B608  # meta identifiers
        f"FROM json_populate_recordset(NULL::{table}, %s) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(records, ensure_ascii=False)])

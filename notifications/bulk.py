"""Insert many rows in one statement, skipping those whose unique key already exists.

A morning fan-out writes tens of thousands of rows (reminder log, in-app notifications, outbox)
inside the request's transaction. ``bulk_create`` instantiates a model per row and prepares every
value through the field API, which costs seconds at that size. On PostgreSQL this sends one
``INSERT … SELECT * FROM unnest(%s::type[], …) ON CONFLICT DO NOTHING`` per table: one array per
column, no model instances, 10,000 rows in tens of milliseconds. Elsewhere (SQLite in the demo)
it falls back to ``bulk_create(ignore_conflicts=True)``.

Rows are plain tuples of Python values in the order of ``fields`` (attribute names, e.g.
``recipient_id``). Nothing calls ``save()``, ``full_clean()`` or signals: callers pass values
that are already valid. Columns left out take their database default (``db_default``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, router
from django.db.models import JSONField, Model

_TEXT_TYPES = {"CharField", "EmailField", "TextField", "SlugField", "URLField"}


def _array_type(field, connection) -> str:
    # Text goes as text[]: an explicit cast to varchar(n) would silently truncate, whereas the
    # assignment to the column raises on a value that is too long, as an ordinary INSERT does.
    if field.get_internal_type() in _TEXT_TYPES:
        return "text"
    return field.db_type(connection)


def insert_ignoring_existing(
    model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT ``rows`` into ``model``'s table; a row whose unique key exists is skipped."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    columns = [by_attname[name] for name in fields]
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objs, batch_size=1000, ignore_conflicts=True)
        return
    arrays: list[list[Any]] = [list(values) for values in zip(*rows, strict=True)]
    for index, field in enumerate(columns):
        if isinstance(field, JSONField):
            arrays[index] = [
                None if v is None else json.dumps(v, cls=DjangoJSONEncoder) for v in arrays[index]
            ]
    quote = connection.ops.quote_name
    # Identifiers come from the model's meta, quoted by the backend; values go as parameters.
    sql = "INSERT INTO {} ({}) SELECT * FROM unnest({}) ON CONFLICT DO NOTHING".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in columns),
        ", ".join(f"%s::{_array_type(f, connection)}[]" for f in columns),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)

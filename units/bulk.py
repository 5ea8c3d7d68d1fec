"""Fast tree building: assign materialised paths in memory and insert in bulk.

treebeard's ``add_child`` costs several queries per node; a national tree of tens of thousands of
units (demo data, imports) needs one INSERT per batch instead.

These inserts write no change-history rows (django-simple-history listens to ``save``): that is
accepted for the demo data only. Paths where people change data (services, the admin import)
write history, with ``bulk_create_with_history`` where they insert in bulk.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from functools import lru_cache

from django.core.management.color import no_style
from django.db import connections, router, transaction
from django.db.models import F, Model
from django.utils import timezone

from danvan.text import fold

from .models import Unit


@transaction.atomic
def bulk_add_children(parent: Unit | None, children: Sequence[Unit], batch_size: int = 2000):
    """Append ``children`` under ``parent`` (or as roots) and return them with primary keys."""
    if not children:
        return []
    if parent is None:
        last = Unit.objects.get_last_root_node()
        depth, base_path = 1, ""
        start = Unit._str2int(last.path) if last else 0
    else:
        parent.refresh_from_db(fields=["path", "depth", "numchild"])
        depth, base_path = parent.depth + 1, parent.path
        last_child = (
            Unit.objects.filter(path__startswith=parent.path, depth=depth).order_by("-path").first()
        )
        start = Unit._str2int(last_child.path[-Unit.steplen :]) if last_child else 0
    for offset, child in enumerate(children, start=1):
        child.depth = depth
        child.numchild = 0
        child.path = Unit._get_path(base_path, depth, start + offset)
        child.normalise()
    created = Unit.objects.bulk_create(children, batch_size=batch_size)
    if parent is not None:
        Unit.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(children))
        parent.numchild += len(children)
    return created


# Field types whose Python value is already what the database driver takes.
_PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}


class RowInserter:
    """Buffered ``executemany`` INSERT of plain tuples into one model's table.

    ``columns`` are attribute names (``unit_id``, ``name``…); every other concrete column gets
    its field default (``auto_now``/``timezone.now`` columns one shared "now"), so a new model
    field with a default needs no change here. Values of non-trivial types (dates, datetimes,
    decimals, JSON) go through the field's ``get_db_prep_save`` once per distinct value. With
    ``ids=True`` the primary keys are allocated here (one ``MAX`` query), ``add`` returns each
    row's id and, on PostgreSQL, the sequence is moved past them on ``close``. No model
    instances, no ``save()``, no signals: normalise text (NFC, folded search columns) yourself.

        with RowInserter(Target, ["registration_id", "name"]) as targets:
            targets.add((registration_id, "Hộ khó khăn được hỗ trợ"))
    """

    _CACHE_LIMIT = 100_000

    def __init__(
        self,
        model: type[Model],
        columns: Sequence[str],
        *,
        ids: bool = False,
        batch_size: int = 5000,
    ):
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        meta = model._meta
        by_attname = {f.attname: f for f in meta.concrete_fields}
        pk = meta.pk
        fields = [by_attname[name] for name in columns]
        if pk in fields:
            raise ValueError("pass ids=True instead of the primary key column")
        now = timezone.now()
        rest = [f for f in meta.concrete_fields if f is not pk and f not in fields]
        constants, factories = [], []
        for f in rest:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                constants.append((f, now))
            elif f.has_default() and callable(f.default):
                if f.default is timezone.now:
                    constants.append((f, now))
                else:
                    factories.append(f)
            else:
                constants.append((f, f.get_default()))
        self._width = len(fields)
        self._convert = [
            (i, self._converter(f)) for i, f in enumerate(fields) if not self._is_plain(f)
        ]
        self._tail = tuple(f.get_db_prep_save(v, self.connection) for f, v in constants)
        self._factories = [(f.default, self._converter(f)) for f in factories]
        all_fields = ([pk] if ids else []) + fields + [f for f, _ in constants] + factories
        quote = self.connection.ops.quote_name
        # Only identifiers from the model's meta, quoted by the backend; values go as parameters.
        self._sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  # nosec B608  # meta identifiers
            quote(meta.db_table),
            ", ".join(quote(f.column) for f in all_fields),
            ", ".join(["%s"] * len(all_fields)),
        )
        self.ids = ids
        self.next_id = 0
        if ids:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT MAX({quote(pk.column)}) FROM {quote(meta.db_table)}"  # noqa: S608  # nosec B608
                )
                self.next_id = (cursor.fetchone()[0] or 0) + 1
        self.batch_size = batch_size
        self.count = 0
        self._rows: list = []

    @staticmethod
    def _is_plain(field) -> bool:
        return field.get_internal_type() in _PLAIN_TYPES

    def _converter(self, field):
        """``get_db_prep_save`` memoised per value: demo data repeats dates and amounts a lot."""
        connection, cache, limit = self.connection, {}, self._CACHE_LIMIT

        def convert(value):
            try:
                return cache[value]
            except KeyError:
                if len(cache) > limit:
                    cache.clear()
                result = cache[value] = field.get_db_prep_save(value, connection)
                return result
            except TypeError:  # unhashable (JSON)
                return field.get_db_prep_save(value, connection)

        return convert

    def add(self, row: Sequence) -> int:
        """Queue one row (values in ``columns`` order); return its id (0 without ``ids``)."""
        if len(row) != self._width:
            raise ValueError(f"expected {self._width} values, got {len(row)}")
        if self._convert:
            row = list(row)
            for i, convert in self._convert:
                row[i] = convert(row[i])
        pk = 0
        if self.ids:
            pk = self.next_id
            self.next_id += 1
            row = (pk, *row, *self._tail)
        else:
            row = (*row, *self._tail)
        if self._factories:
            row = (*row, *(convert(make()) for make, convert in self._factories))
        self._rows.append(row)
        if len(self._rows) >= self.batch_size:
            self.flush()
        return pk

    def flush(self) -> None:
        if self._rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(self._sql, self._rows)
            self.count += len(self._rows)
            self._rows = []

    def close(self) -> int:
        """Insert what is left; on PostgreSQL move the id sequence past the ids given here."""
        self.flush()
        if self.ids and self.count and self.connection.vendor == "postgresql":
            statements = self.connection.ops.sequence_reset_sql(no_style(), [self.model])
            with self.connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
        return self.count

    def __enter__(self) -> RowInserter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()


@contextmanager
def fast_seeding(using: str = "default"):
    """Loosen SQLite's durability for one bulk load (a demo database can be rebuilt) and make
    its page cache large enough to hold the indexes being built; restored afterwards. Call it
    outside any transaction. PostgreSQL is left as it is."""
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    pragmas = {"synchronous": "OFF", "journal_mode": "MEMORY", "cache_size": "-262144"}
    with connection.cursor() as cursor:
        saved = {}
        for name in pragmas:
            cursor.execute(f"PRAGMA {name}")
            saved[name] = cursor.fetchone()[0]
        for name, value in pragmas.items():
            cursor.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in saved.items():
                cursor.execute(f"PRAGMA {name} = {value}")


@lru_cache(maxsize=200_000)
def _fold_part(text: str) -> str:
    return " ".join(text.lower().split()) if text.isascii() else fold(text)


def folded(*parts: str) -> str:
    """``fold(" ".join(parts))`` computed part by part with a cache: generated data repeats
    names a lot, and ``fold`` costs tens of microseconds per call."""
    return " ".join(filter(None, map(_fold_part, filter(None, parts))))

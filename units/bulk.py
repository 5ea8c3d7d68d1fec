"""Fast tree building: assign materialised paths in memory and insert in bulk.

treebeard's ``add_child`` costs several queries per node; a national tree of tens of thousands of
units (demo data, imports) needs one INSERT per batch instead.
"""

from collections.abc import Sequence

from django.db import connections, router, transaction
from django.db.models import F, Model
from django.utils import timezone

from .models import Unit


@transaction.atomic
def bulk_add_children(parent: Unit | None, children: Sequence[Unit], batch_size: int = 2000):
    """Append ``children`` under ``parent`` (or as roots) and return them with primary keys."""
    if not children:
        return []
    if parent is None:
        last = Unit.get_last_root_node()
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


def insert_rows(objs: Sequence[Model], *, batch_size: int = 5000) -> None:
    """INSERT unsaved instances of one model with ``executemany``: no primary keys come back.

    ``bulk_create`` builds one huge statement per batch and prepares every value of every row
    through the field API; for the hundreds of thousands of people of a national demo that is
    most of the time. Here only values that need converting (dates, decimals, JSON…) go through
    the field, once per value, and the driver receives plain rows. Call each instance's
    ``normalise()``/``full_clean()`` yourself first; ``save()`` and signals do not run.
    """
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    # Only identifiers from the model's meta, quoted by the backend; values go as parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    now = timezone.now()
    columns = [
        (
            field,
            field.attname,
            field.get_internal_type() in _PLAIN_TYPES,
            getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False),
        )
        for field in fields
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            rows = []
            for obj in objs[start : start + batch_size]:
                row = []
                for field, attname, is_plain, is_auto in columns:
                    value = getattr(obj, attname)
                    if is_auto and value is None:
                        value = now
                    row.append(value if is_plain else field.get_db_prep_save(value, connection))
                rows.append(row)
            cursor.executemany(sql, rows)

"""Fast tree building: assign materialised paths in memory and insert in bulk.

treebeard's ``add_child`` costs several queries per node; a national tree of tens of thousands of
units (demo data, imports) needs one INSERT per batch instead.
"""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import F

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

"""Migrations' helper: when a many-to-many field starts being kept in the history
(``HistoricalRecords(m2m_fields=…)``), each object's latest history row gets the links the object
has now. Without that, the first change after the migration would show every link as added."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db.models import OuterRef, Subquery


def snapshot_links(app_label: str, model_name: str, field_name: str) -> Callable:
    def run(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        history = apps.get_model(app_label, f"Historical{model_name}")
        links = apps.get_model(app_label, f"Historical{model_name}_{field_name}")
        field = model._meta.get_field(field_name)
        own = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        current: dict[int, list[tuple[int, int]]] = defaultdict(list)
        through = field.remote_field.through.objects.values_list("id", f"{own}_id", f"{target}_id")
        for row_id, own_id, target_id in through.iterator():
            current[own_id].append((row_id, target_id))
        newest = history.objects.filter(id=OuterRef("id")).order_by("-history_date", "-history_id")
        latest = history.objects.filter(
            history_id=Subquery(newest.values("history_id")[:1]), id__in=list(current)
        ).values_list("history_id", "id")
        rows = [
            links(id=row_id, history_id=history_id, **{f"{own}_id": obj_id, f"{target}_id": tid})
            for history_id, obj_id in latest.iterator()
            for row_id, tid in current[obj_id]
        ]
        links.objects.bulk_create(rows, batch_size=1000)

    return run

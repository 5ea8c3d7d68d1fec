"""The entries of a "change history" page: who changed what, when, old value → new value.

Built from django-simple-history's rows of the object and of its parts (``registry.Part``), in
a fixed number of queries whatever the length of the history: one per model for the rows (with
their users), one per many-to-many field the history keeps (the links each row saw), then one
per kind of object a changed foreign key or link points to.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from simple_history.utils import get_m2m_reverse_field_name

from .registry import Tracked

# Bookkeeping, not content: a change to these alone is not shown.
HIDDEN_FIELDS = {"version", "updated_by", "updated_at", "path", "depth", "numchild"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    action: str  # "+" created, "~" changed, "-" deleted
    subject: str  # "" for the object itself, else the part ("Target: Clean village")
    changes: list[Change] = field(default_factory=list)
    _order: tuple = ()

    @property
    def when_text(self) -> str:
        return timezone.localtime(self.when).strftime("%d/%m/%Y %H:%M")

    @property
    def action_text(self) -> str:
        return {
            "+": pgettext("change history", "Created"),
            "~": pgettext("change history", "Changed"),
            "-": pgettext("change history", "Deleted"),
        }[self.action]


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return pgettext("change history", "System")
    return user.get_full_name() or user.get_username()


class _Values:
    """Turns stored values into what a person reads; foreign keys are resolved in bulk."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.names: dict[type[models.Model], dict[Any, str]] = {}

    def want(self, model_field: models.Field, value: Any) -> None:
        if model_field.many_to_many:
            self.wanted[model_field.related_model].update(value)
        elif model_field.is_relation and value is not None:
            self.wanted[model_field.related_model].add(value)

    def load(self) -> None:
        for model, ids in self.wanted.items():
            rows = model._base_manager.filter(pk__in=ids)
            self.names[model] = {row.pk: str(row) for row in rows}

    def text(self, model_field: models.Field, value: Any) -> str:
        if value is None or value == "" or value == frozenset():
            return "—"
        if model_field.many_to_many:
            names = self.names.get(model_field.related_model, {})
            return ", ".join(
                sorted(names.get(pk, _("(deleted, no. %(id)s)") % {"id": pk}) for pk in value)
            )
        if model_field.is_relation:
            name = self.names.get(model_field.related_model, {}).get(value)
            return name if name is not None else _("(deleted, no. %(id)s)") % {"id": value}
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return str(value)


def _model_field(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)


def _m2m_links(model: type[models.Model], rows) -> dict[models.Field, dict[Any, frozenset]]:
    """For each many-to-many field the history keeps (``m2m_fields``): history row id → the ids
    it linked to, one query per field (diff_against would ask twice per row)."""
    history_model = model.history.model
    links: dict[models.Field, dict[Any, frozenset]] = {}
    for m2m_field in getattr(history_model, "_history_m2m_fields", ()):
        through = vars(history_model)[m2m_field.name].model
        target = get_m2m_reverse_field_name(m2m_field)
        found: dict[Any, set] = defaultdict(set)
        pairs = through.objects.filter(history__in=rows.values("history_id")).values_list(
            "history_id", f"{target}_id"
        )
        for history_id, target_id in pairs:
            found[history_id].add(target_id)
        links[m2m_field] = {key: frozenset(ids) for key, ids in found.items()}
    return links


def history_entries(obj: models.Model, tracked: Tracked, *, show_review_only: bool) -> list[Entry]:
    """Newest first. Creation rows list no values; a change lists each changed field."""
    hidden = set(HIDDEN_FIELDS)
    if not show_review_only:
        hidden.update(tracked.review_only)
    sources = [(type(obj), obj.history.all(), None)]
    for part in tracked.parts:
        model = part.model_class
        rows = model.history.filter(**{f"{part.parent}_id": obj.pk})
        sources.append((model, rows, part))

    values = _Values()
    pending: list[tuple[Entry, list, type[models.Model]]] = []
    entries: list[Entry] = []
    for model, rows, part in sources:
        previous: dict[Any, Any] = {}
        links = _m2m_links(model, rows)
        m2m_names = [m2m_field.name for m2m_field in links]
        for record in rows.select_related("history_user").order_by("history_date", "history_id"):
            subject = ""
            if part is not None:
                subject = capfirst(str(model._meta.verbose_name))
                name = getattr(record, part.name_field, "") if part.name_field else ""
                if name:
                    subject = (
                        f"{subject}: {values.text(_model_field(model, part.name_field), name)}"
                    )
            entry = Entry(
                when=record.history_date,
                who=_who(record),
                action=record.history_type,
                subject=subject,
                _order=(record.history_date, record.history_id),
            )
            before = previous.get(record.id)
            previous[record.id] = record
            if record.history_type == "~" and before is not None:
                delta = record.diff_against(before, excluded_fields=m2m_names)
                shown = [
                    (_model_field(model, c.field), c.old, c.new)
                    for c in delta.changes
                    if c.field not in hidden
                ]
                for m2m_field, linked in links.items():
                    old = linked.get(before.history_id, frozenset())
                    new = linked.get(record.history_id, frozenset())
                    if old != new:
                        shown.append((m2m_field, old, new))
                if not shown:
                    continue
                for model_field, old, new in shown:
                    values.want(model_field, old)
                    values.want(model_field, new)
                pending.append((entry, shown))
            entries.append(entry)
    values.load()
    for entry, shown in pending:
        for model_field, old, new in shown:
            entry.changes.append(
                Change(
                    label=capfirst(str(model_field.verbose_name)),
                    old=values.text(model_field, old),
                    new=values.text(model_field, new),
                )
            )
    entries.sort(key=lambda e: e._order, reverse=True)
    return entries

"""File integrity: the SHA-256 and size recorded when a file is written, re-checked later.

``verify_batch`` re-hashes one batch of recorded files; a file that went missing or whose
content changed since it was written is reported once to the standing office whose subtree owns
it (in-app notification and e-mail through the outbox, on commit) and logged. A download of a
file that is gone reports it the same way (``report_missing_download``).
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import FileState, StoredFile
from .storage import CHUNK, digest_of

logger = logging.getLogger("danvan.operations.integrity")


# ---------------------------------------------------------------- recording


def stored_file_record(*, name: str, sha256: str, size: int) -> StoredFile:
    """Remember what a file held when it was written (a rewrite under the same name replaces
    the record)."""
    row, _created = StoredFile.objects.update_or_create(
        name=name,
        defaults={
            "sha256": sha256,
            "size": size,
            "recorded_at": timezone.now(),
            "checked_at": None,
            "state": FileState.OK,
            "problem_since": None,
        },
    )
    return row


def stored_file_forget(*, name: str) -> None:
    StoredFile.objects.filter(name=name).delete()


def stored_digest(name: str, storage=default_storage) -> tuple[str, int] | None:
    """SHA-256 and size of a stored file as it is now, or None when it is not there."""
    try:
        with storage.open(name, "rb") as handle:
            return digest_of(iter(lambda: handle.read(CHUNK), b""))
    except (FileNotFoundError, IsADirectoryError):
        return None


# ---------------------------------------------------------------- who owns a file


def file_fields() -> list[tuple[type[models.Model], str]]:
    """Every concrete ``FileField`` of every installed model, audit-history copies left out (they
    point at the live row's file and belong to no unit's scope)."""
    return [
        (model, field.name)
        for model in apps.get_models()
        if not any(f.name == "history_id" for f in model._meta.concrete_fields)
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def owners_by_name(names: Iterable[str]) -> dict[str, list[models.Model]]:
    """The rows whose file fields hold these stored names (one query per file field)."""
    names = list(names)
    owners: dict[str, list[models.Model]] = defaultdict(list)
    if not names:
        return owners
    for model, field in file_fields():
        for obj in model._default_manager.filter(**{f"{field}__in": names}):
            owners[getattr(obj, field).name].append(obj)
    return owners


def unit_of_owner(obj: models.Model):
    """The unit a row belongs to, through its queryset's ``scope_unit_lookup`` (None if none)."""
    from units.admin_scoping import unit_of

    lookup = getattr(type(obj)._default_manager.get_queryset(), "scope_unit_lookup", None)
    if not lookup:
        return None
    return unit_of(obj, lookup)


def office_people_for(unit) -> list[Any]:
    """Standing-office people whose subtree covers ``unit``; every standing office when the
    file belongs to no unit (a bloc-wide document, say)."""
    from units.scoping import Action, users_for_action

    return list(users_for_action(Action.MANAGE, unit))


# ---------------------------------------------------------------- checking


@dataclass
class Problem:
    row: StoredFile
    owner: models.Model | None = None

    @property
    def label(self) -> str:
        if self.owner is None:
            return self.row.name
        return f"{self.owner._meta.verbose_name} «{self.owner}»"


@dataclass
class BatchResult:
    checked: int
    last_pk: int | None
    problems: list[Problem]
    repaired: int


def verify_batch(*, after_pk: int = 0, limit: int | None = None) -> BatchResult:
    """Re-hash the next ``limit`` recorded files after ``after_pk`` and report new problems."""
    limit = limit or settings.DANVAN_VERIFY_FILES_BATCH
    rows = list(StoredFile.objects.filter(pk__gt=after_pk).order_by("pk")[:limit])
    now = timezone.now()
    found: list[StoredFile] = []
    repaired = 0
    for row in rows:
        current = stored_digest(row.name)
        if current is None:
            state = FileState.MISSING
        elif not row.sha256:
            # Never recorded (found missing at a download, before any hash): adopt what is back.
            row.sha256, row.size = current
            state = FileState.OK
        elif current != (row.sha256, row.size):
            state = FileState.ALTERED
        else:
            state = FileState.OK
        if state == FileState.OK and row.state != FileState.OK:
            repaired += 1  # put back, from a backup say
            row.problem_since = None
        elif state != FileState.OK and state != row.state:
            row.problem_since = now
            found.append(row)
        row.state = state
        row.checked_at = now
    with transaction.atomic():
        StoredFile.objects.bulk_update(
            rows, ["sha256", "size", "state", "checked_at", "problem_since"]
        )
        problems = _owned_problems(found)
        report_problems(problems)
    return BatchResult(
        checked=len(rows),
        last_pk=rows[-1].pk if len(rows) == limit else None,
        problems=problems,
        repaired=repaired,
    )


def verify_all(*, limit: int | None = None) -> list[BatchResult]:
    """Every batch in turn (the management command; the Celery task chains batches instead)."""
    results = []
    after = 0
    while True:
        result = verify_batch(after_pk=after, limit=limit)
        results.append(result)
        if result.last_pk is None:
            return results
        after = result.last_pk


def _owned_problems(rows: list[StoredFile]) -> list[Problem]:
    """Problems of files some row still points to; a missing file nothing points to any more
    (its owner was deleted) is no loss: its record is dropped."""
    owners = owners_by_name(row.name for row in rows)
    problems = []
    for row in rows:
        if row.name not in owners:
            logger.info("stored file %s (%s) belongs to no row any more", row.name, row.state)
            if row.state == FileState.MISSING:
                row.delete()
            continue
        problems.extend(Problem(row, owner) for owner in owners[row.name])
    return problems


# ---------------------------------------------------------------- telling the office


def report_problems(problems: list[Problem]) -> int:
    """Log each problem and tell each standing office about its own files (one message per
    office and batch). A problem already reported is not reported again. Returns recipients."""
    if not problems:
        return 0
    from notifications.services import notify

    by_office: dict[tuple[int, ...], tuple[list, list[Problem]]] = {}
    for problem in problems:
        logger.warning(
            "stored file %s is %s (%s, recorded SHA-256 %s, %s bytes)",
            problem.row.name,
            problem.row.state,
            problem.label,
            problem.row.sha256,
            problem.row.size,
        )
        unit = unit_of_owner(problem.owner) if problem.owner is not None else None
        people = office_people_for(unit)
        key = tuple(person.pk for person in people)
        by_office.setdefault(key, (people, []))[1].append(problem)
    told = 0
    for people, items in by_office.values():
        if not people:
            logger.error("no standing office to tell about %d stored file(s)", len(items))
            continue
        events = sorted(
            f"{p.row.pk}:{p.row.state}:{p.row.problem_since and p.row.problem_since.timestamp()}"
            for p in items
        )
        key = "stored-files:" + hashlib.sha256("|".join(events).encode()).hexdigest()
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Stored files missing or altered: %(count)s") % {"count": len(items)}
            lines = [
                _("%(owner)s: %(state)s (%(name)s)")
                % {"owner": p.label, "state": p.row.get_state_display(), "name": p.row.name}
                for p in items
            ]
            body = "\n".join(
                [
                    _(
                        "The nightly check (or a download) found these files missing or changed "
                        "since they were uploaded. Restore them from the latest backup, or ask "
                        "the unit to upload them again."
                    ),
                    "",
                    *lines,
                ]
            )
        told += notify(
            recipients=people, kind="stored_files", title=title, body=body, dedupe_key=key
        )
    return told


@transaction.atomic
def report_missing_download(field_file) -> None:
    """A download found its file gone: mark the record and tell the owner's standing office."""
    row = StoredFile.objects.select_for_update().filter(name=field_file.name).first()
    if row is None:
        row = StoredFile(name=field_file.name, sha256="", size=0)
    if row.state != FileState.MISSING:
        row.state = FileState.MISSING
        row.problem_since = timezone.now()
        row.checked_at = row.problem_since
        row.save()
    report_problems([Problem(row, getattr(field_file, "instance", None))])

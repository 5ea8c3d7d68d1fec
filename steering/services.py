"""Writes for a steering group's paperwork. Keyword-only, atomic, validated before saving."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from units.models import Unit

from .models import FoundingDecision, WorkingRegulation


def _check_unit(unit: Unit) -> None:
    if not unit.unit_type.is_grassroots:
        raise ValidationError(_("Steering-group paperwork belongs to a grassroots organisation."))


@transaction.atomic
def founding_decision_record(
    *,
    unit: Unit,
    number: str,
    decided_on: datetime.date,
    by: Any,
    signed_by: str = "",
    note: str = "",
    file: UploadedFile | None = None,
) -> FoundingDecision:
    """Record the founding decision, or correct the one on file (a new file replaces the old)."""
    _check_unit(unit)
    decision = FoundingDecision.objects.select_for_update().filter(unit=unit).first()
    if decision is None:
        decision = FoundingDecision(unit=unit, recorded_by=by)
    old_file = decision.file.name if decision.file else ""
    decision.number = number
    decision.decided_on = decided_on
    decision.signed_by = signed_by
    decision.note = note
    if file is not None:
        decision.file = file
    decision.full_clean()
    decision.save()
    _delete_replaced(old_file, decision.file)
    return decision


@transaction.atomic
def working_regulation_add(
    *,
    unit: Unit,
    adopted_on: datetime.date,
    by: Any,
    decision_number: str = "",
    note: str = "",
    file: UploadedFile | None = None,
) -> WorkingRegulation:
    """Record a newly adopted version; it gets the next version number."""
    _check_unit(unit)
    # Lock the organisation's row so two members adding at once get versions n and n+1.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    latest = WorkingRegulation.objects.filter(unit=unit).aggregate(v=Max("version"))["v"] or 0
    regulation = WorkingRegulation(
        unit=unit,
        version=latest + 1,
        adopted_on=adopted_on,
        decision_number=decision_number,
        note=note,
        recorded_by=by,
    )
    if file is not None:
        regulation.file = file
    regulation.full_clean()
    regulation.save()
    return regulation


@transaction.atomic
def working_regulation_update(
    *,
    regulation: WorkingRegulation,
    adopted_on: datetime.date,
    by: Any,
    decision_number: str = "",
    note: str = "",
    file: UploadedFile | None = None,
) -> WorkingRegulation:
    """Correct a recorded version (a typo, a better scan); amendments are new versions."""
    old_file = regulation.file.name if regulation.file else ""
    regulation.adopted_on = adopted_on
    regulation.decision_number = decision_number
    regulation.note = note
    if file is not None:
        regulation.file = file
    regulation.full_clean()
    later = WorkingRegulation.objects.filter(
        unit_id=regulation.unit_id, version__gt=regulation.version, adopted_on__lt=adopted_on
    ).first()
    if later:
        raise ValidationError(
            {
                "adopted_on": _(
                    "Version %(version)s was adopted on %(date)s; this one cannot be later."
                )
                % {"version": later.version, "date": later.adopted_on.strftime("%d/%m/%Y")}
            }
        )
    regulation.save()
    _delete_replaced(old_file, regulation.file)
    return regulation


def _delete_replaced(old_name: str, current) -> None:
    """Remove a replaced file from storage once the new row is committed."""
    if old_name and old_name != (current.name if current else ""):
        storage = current.storage
        transaction.on_commit(lambda: storage.delete(old_name))

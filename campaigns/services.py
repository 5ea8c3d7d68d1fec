"""Writes for campaigns, plans, deadlines, extensions, documents and the units' activity records.

Every function is keyword-only, atomic and validates with ``full_clean()`` before saving, so a
bad value raises ``ValidationError`` and nothing is written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import Unit
from units.scoping import Action, get_scope

from .models import (
    Campaign,
    CampaignStatus,
    Deadline,
    DeadlineExtension,
    DirectiveDocument,
    DisseminationSession,
    PropagandaActivity,
    YearPlan,
)

# ---------------------------------------------------------------- campaigns and their status

# Status changes are steps of ``workflow.CAMPAIGN_WORKFLOW``.


def _assign(instance: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


@transaction.atomic
def campaign_create(*, by: Any, **fields: Any) -> Campaign:
    campaign = Campaign(**fields)
    campaign.status = CampaignStatus.DRAFT
    campaign.is_current = False
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, by: Any, **fields: Any) -> Campaign:
    fields.pop("status", None)
    fields.pop("is_current", None)
    _assign(campaign, fields)
    campaign.full_clean()
    out_of_range = campaign.deadlines.exclude(
        due_date__range=(campaign.start_date, campaign.end_date)
    ).exists()
    if out_of_range:
        raise ValidationError(
            _("Some deadlines of this campaign would fall outside the new period.")
        )
    campaign.save()
    return campaign


@transaction.atomic
def campaign_make_current(*, campaign: Campaign, by: Any) -> Campaign:
    """Pages default to the current campaign; only an active one can be current, and only one."""
    if campaign.status != CampaignStatus.ACTIVE:
        raise ValidationError(_("Only an active campaign can be made current."))
    Campaign.objects.filter(is_current=True).exclude(pk=campaign.pk).update(is_current=False)
    campaign.is_current = True
    campaign.save(update_fields=["is_current"])
    return campaign


@transaction.atomic
def year_plan_save(
    *, plan: YearPlan | None = None, campaign: Campaign, by: Any, **fields
) -> YearPlan:
    plan = plan or YearPlan(campaign=campaign)
    _assign(plan, fields)
    plan.full_clean()
    plan.save()
    return plan


# ---------------------------------------------------------------- deadlines and extensions


@transaction.atomic
def deadline_create(*, campaign: Campaign, by: Any, **fields: Any) -> Deadline:
    deadline = Deadline(campaign=campaign, **fields)
    deadline.full_clean()
    deadline.save()
    return deadline


def deadline_archive(*, deadline: Deadline, by: Any) -> Deadline:
    """Stop a deadline applying (no reminders, off home pages, boards and late checks) while its
    reminder log, extensions and reports stay. Recorded in its change history."""
    if deadline.archived_at is None:
        deadline.archived_at = timezone.now()
        deadline.save(update_fields=["archived_at"])
    return deadline


def deadline_restore(*, deadline: Deadline, by: Any) -> Deadline:
    if deadline.archived_at is not None:
        deadline.archived_at = None
        deadline.save(update_fields=["archived_at"])
    return deadline


@transaction.atomic
def deadline_update(*, deadline: Deadline, by: Any, **fields: Any) -> Deadline:
    fields.pop("campaign", None)
    _assign(deadline, fields)
    deadline.full_clean()
    too_early = deadline.extensions.filter(due_date__lte=deadline.due_date)
    if too_early.exists():
        raise ValidationError(
            {
                "due_date": _(
                    "Some extensions granted for this deadline would end before the new due date; "
                    "revoke or change them first."
                )
            }
        )
    deadline.save()
    return deadline


@transaction.atomic
def deadline_extension_grant(
    *, deadline: Deadline, unit: Unit, due_date: datetime.date, reason: str, by: Any
) -> DeadlineExtension:
    """Let ``unit`` meet ``deadline`` by ``due_date``; a second grant replaces the first."""
    extension = DeadlineExtension.objects.filter(deadline=deadline, unit=unit).first()
    if extension is None:
        extension = DeadlineExtension(deadline=deadline, unit=unit)
    extension.due_date = due_date
    extension.reason = reason.strip()
    extension.granted_by = by
    extension.full_clean()
    extension.save()
    return extension


@transaction.atomic
def deadline_extension_revoke(*, extension: DeadlineExtension, by: Any) -> None:
    # Soft: the unit is back on the deadline's date; the grant and its history stay (audit).
    extension.removed_at = timezone.now()
    extension.save(update_fields=["removed_at"])


# ---------------------------------------------------------------- directive documents


def _save_document(document: DirectiveDocument, campaigns: Iterable[Campaign] | None) -> None:
    document.full_clean()
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as exc:  # a concurrent insert slipped past full_clean
        raise ValidationError(
            DirectiveDocument._meta.constraints[0].violation_error_message
        ) from exc
    if campaigns is not None:
        document.campaigns.set(campaigns)


@transaction.atomic
def document_create(
    *, by: Any, owner_unit: Unit, campaigns: Iterable[Campaign] = (), **fields: Any
) -> DirectiveDocument:
    """Record a document in ``owner_unit``'s register (a unit the recorder manages)."""
    if not get_scope(by).allows(Action.MANAGE, owner_unit):
        raise ValidationError({"owner_unit": _("You do not keep this unit's register.")})
    document = DirectiveDocument(created_by=by, owner_unit=owner_unit, **fields)
    _save_document(document, list(campaigns))
    return document


@transaction.atomic
def document_update(
    *,
    document: DirectiveDocument,
    by: Any,
    campaigns: Iterable[Campaign] | None = None,
    **fields: Any,
) -> DirectiveDocument:
    _assign(document, fields)
    if campaigns is not None:
        # The editor chooses among the campaigns they can see; links to campaigns they cannot
        # see (another bloc's) are not theirs to drop, so they are kept.
        hidden = document.campaigns.exclude(pk__in=Campaign.objects.visible_to(by).values("pk"))
        campaigns = [*campaigns, *hidden]
    _save_document(document, None if campaigns is None else list(campaigns))
    return document


@transaction.atomic
def document_delete(*, document: DirectiveDocument, by: Any) -> None:
    if document.sessions.exists():
        raise ValidationError(
            _("Dissemination sessions refer to this document; it cannot be deleted.")
        )
    # Soft: the entry, its file and its history stay (audit), it leaves the register.
    document.removed_at = timezone.now()
    document.save(update_fields=["removed_at"])


# ---------------------------------------------------------------- the units' activity records


def _check_unit(unit: Unit) -> None:
    if not unit.unit_type.is_grassroots:
        raise ValidationError({"unit": _("Choose a grassroots party organisation.")})


@transaction.atomic
def dissemination_session_save(
    *,
    session: DisseminationSession | None = None,
    unit: Unit,
    by: Any,
    documents: Iterable[DirectiveDocument] = (),
    file: UploadedFile | None = None,
    **fields: Any,
) -> DisseminationSession:
    """Record a new session (``session=None``) or update one."""
    _check_unit(unit)
    if session is None:
        session = DisseminationSession(recorded_by=by)
    session.unit = unit
    _assign(session, fields)
    if file is not None:
        session.file = file
    session.full_clean()
    session.save()
    session.documents.set(list(documents))
    return session


@transaction.atomic
def dissemination_session_delete(*, session: DisseminationSession, by: Any) -> None:
    """Removed, not deleted: kept with its file, out of every list and count, in the history."""
    session.removed_at = timezone.now()
    session.save(update_fields=["removed_at", "updated_at"])


@transaction.atomic
def propaganda_activity_save(
    *,
    activity: PropagandaActivity | None = None,
    unit: Unit,
    by: Any,
    file: UploadedFile | None = None,
    **fields: Any,
) -> PropagandaActivity:
    _check_unit(unit)
    if activity is None:
        activity = PropagandaActivity(recorded_by=by)
    activity.unit = unit
    _assign(activity, fields)
    if file is not None:
        activity.file = file
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def propaganda_activity_delete(*, activity: PropagandaActivity, by: Any) -> None:
    """Removed, not deleted (as ``dissemination_session_delete``)."""
    activity.removed_at = timezone.now()
    activity.save(update_fields=["removed_at", "updated_at"])

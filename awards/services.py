"""Writes to award forms, quotas, proposals and decisions: one function per action, atomic,
validated, recorded. Views call these and nothing else to change data; the right to act on the
unit is checked here too (``TransitionRefused`` → 403), so no path around the pages exists.
The proposal's steps are data (``workflow.py``), taken with ``PROPOSAL_WORKFLOW.take``."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from campaigns.models import Campaign
from danvan.text import nfc
from danvan.workflow import TransitionRefused
from models_registry.models import Registration
from units.models import MassOrganisation, Unit, User
from units.scoping import Action, get_scope

from .models import (
    DOSSIER_FIELDS,
    REQUIRED_DOSSIER,
    AwardForm,
    Decision,
    Nominee,
    NomineeKind,
    Proposal,
    ProposalStatus,
    Quota,
    Recipient,
)
from .workflow import PROPOSAL_WORKFLOW as WF


def _require(user: Any, action: Action, unit: Unit) -> None:
    if not get_scope(user).allows(action, unit):
        raise TransitionRefused(_("Your role does not allow this on this organisation's data."))


def _require_campaign(user: Any, campaign: Campaign) -> None:
    """Quotas are set by a standing office whose units the campaign covers."""
    if get_scope(user).reaches(Action.MANAGE, campaign.root_unit):
        return
    raise TransitionRefused(_("Your role does not allow this on this organisation's data."))


def _lock(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=proposal.pk)
    )


def _require_editable(proposal: Proposal) -> None:
    if not proposal.is_editable:
        raise TransitionRefused(_("This proposal can no longer be edited."))


# --- quotas -------------------------------------------------------------------------------


@transaction.atomic
def quota_save(
    *,
    campaign: Campaign,
    year: int,
    form: AwardForm,
    max_collectives: int,
    max_individuals: int,
    by: User,
) -> Quota:
    """Set (or change) how many collectives and individuals each unit may propose."""
    _require_campaign(by, campaign)
    quota = Quota.objects.filter(campaign=campaign, year=year, form=form).first() or Quota(
        campaign=campaign, year=year, form=form
    )
    quota.max_collectives = max_collectives
    quota.max_individuals = max_individuals
    quota.updated_at = timezone.now()
    quota.full_clean()
    quota.save()
    return quota


@transaction.atomic
def quota_delete(*, quota: Quota, by: User) -> None:
    _require_campaign(by, quota.campaign)
    # Soft: the quota leaves the campaign's limits; its row and history stay (audit).
    quota.removed_at = timezone.now()
    quota.save(update_fields=["removed_at"])


# --- proposals ----------------------------------------------------------------------------


@transaction.atomic
def proposal_create(*, unit: Unit, campaign: Campaign, year: int, by: User) -> Proposal:
    """Start the unit's draft proposal for a campaign and year."""
    _require(by, Action.EDIT, unit)
    if not unit.unit_type.is_grassroots:
        raise ValidationError({"unit": _("Only a grassroots party organisation proposes.")})
    if not campaign.covers(unit):
        raise ValidationError({"campaign": _("This organisation is outside the campaign.")})
    proposal = Proposal(unit=unit, campaign=campaign, year=year, created_by=by)
    proposal.full_clean()
    proposal.save()
    WF.record(proposal, by=by, name="create")
    return proposal


@transaction.atomic
def proposal_files_save(*, proposal: Proposal, by: User, files: dict[str, Any]) -> Proposal:
    """Attach or replace dossier files (submission letter, minutes, achievement report)."""
    _require(by, Action.EDIT, proposal.unit)
    locked = _lock(proposal)
    _require_editable(locked)
    replaced = []
    changed = []
    for name in DOSSIER_FIELDS:
        upload = files.get(name)
        if not upload:
            continue
        old = getattr(locked, name)
        if old:
            replaced.append(old.name)
        setattr(locked, name, upload)
        setattr(locked, f"{name}_name", (getattr(upload, "name", "") or "")[:255])
        changed += [name, f"{name}_name"]
    if not changed:
        raise ValidationError(_("Please choose at least one file."))
    locked.full_clean()
    locked.updated_at = timezone.now()
    locked.save(update_fields=[*changed, "updated_at"])
    storage = locked.letter.storage
    for old_name in replaced:
        transaction.on_commit(lambda n=old_name: storage.delete(n))
    return locked


@dataclass
class NomineeData:
    kind: str
    form: AwardForm
    name: str
    achievement: str
    position: str = ""
    work_unit: str = ""
    mass_organisation: MassOrganisation | None = None
    registration: Registration | None = None
    birth_year: int | None = None
    sex: str = ""


@transaction.atomic
def nominee_add(*, proposal: Proposal, by: User, data: NomineeData) -> Nominee:
    """Add one line to the short list of a draft (or returned) proposal."""
    _require(by, Action.EDIT, proposal.unit)
    locked = _lock(proposal)
    _require_editable(locked)
    last = locked.nominees.order_by("-order").values_list("order", flat=True).first() or 0
    nominee = Nominee(
        proposal=locked,
        order=last + 1,
        kind=data.kind,
        form=data.form,
        name=data.name,
        achievement=data.achievement,
        position=data.position,
        work_unit=data.work_unit,
        mass_organisation=data.mass_organisation,
        registration=data.registration,
        birth_year=data.birth_year,
        sex=data.sex,
    )
    nominee.normalise()
    nominee.full_clean()
    nominee.save()
    Proposal.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    return nominee


@transaction.atomic
def nominee_delete(*, nominee: Nominee, by: User) -> None:
    proposal = _lock(nominee.proposal)
    _require(by, Action.EDIT, proposal.unit)
    _require_editable(proposal)
    # Soft: off the short list, the row and its history stay (audit).
    nominee.removed_at = timezone.now()
    nominee.save(update_fields=["removed_at"])


def quota_problems(proposal: Proposal) -> list[str]:
    """Sentences naming each limit the proposal's short list goes beyond."""
    counts = Counter(proposal.nominees.values_list("form_id", "kind"))
    problems: list[str] = []
    quotas = Quota.objects.filter(campaign_id=proposal.campaign_id, year=proposal.year)
    for quota in quotas.select_related("form"):
        for kind, limit, sentence in (
            (
                NomineeKind.COLLECTIVE,
                quota.max_collectives,
                _(
                    "The quota for “%(form)s” in %(year)s is at most %(limit)s collective(s) "
                    "per organisation; this proposal names %(count)s."
                ),
            ),
            (
                NomineeKind.INDIVIDUAL,
                quota.max_individuals,
                _(
                    "The quota for “%(form)s” in %(year)s is at most %(limit)s individual(s) "
                    "per organisation; this proposal names %(count)s."
                ),
            ),
        ):
            count = counts.get((quota.form_id, kind), 0)
            if count > limit:
                problems.append(
                    sentence
                    % {"form": quota.form.name, "year": quota.year, "limit": limit, "count": count}
                )
    return problems


def missing_for_submission(proposal: Proposal) -> list[str]:
    missing: list[str] = []
    if not proposal.nominees.exists():
        missing.append(_("Add at least one nominee to the short list."))
    for name in REQUIRED_DOSSIER:
        if not getattr(proposal, name):
            label = Proposal._meta.get_field(name).verbose_name
            missing.append(_("Attach the %(file)s.") % {"file": label})
    return missing + quota_problems(proposal)


# --- decisions ----------------------------------------------------------------------------


@dataclass
class TypedRecipient:
    """A recipient outside the proposals, typed by the standing office."""

    kind: str
    name: str
    unit: Unit
    position: str = ""


@transaction.atomic
def decision_record(
    *,
    unit: Unit,
    campaign: Campaign,
    year: int,
    number: str,
    date: datetime.date,
    issuer: str,
    form: AwardForm,
    by: User,
    nominees: Sequence[Nominee] = (),
    typed: Sequence[TypedRecipient] = (),
    signed_file: Any = None,
    issuing_body: str = "",
    grounds: str = "",
    signer_on_behalf: str = "",
    signer_title: str = "",
    signer_name: str = "",
    copies_to: str = "",
) -> Decision:
    """Record a signed award decision and its recipients; the nominees become “rewarded”.
    The issuing body, grounds, signer and copies are what its papers print (all optional)."""
    _require(by, Action.MANAGE, unit)
    printed = {
        "issuing_body": issuing_body,
        "grounds": grounds,
        "signer_on_behalf": signer_on_behalf,
        "signer_title": signer_title,
        "signer_name": signer_name,
        "copies_to": copies_to,
    }
    decision = Decision(
        unit=unit,
        campaign=campaign,
        year=year,
        number=(number or "").strip(),
        date=date,
        issuer=(issuer or "").strip(),
        form=form,
        recorded_by=by,
        **{name: nfc(value or "").strip() for name, value in printed.items()},
    )
    if signed_file:
        decision.signed_file = signed_file
        decision.signed_file_name = (getattr(signed_file, "name", "") or "")[:255]
    errors: list[str] = []
    if not nominees and not typed:
        errors.append(_("Name at least one recipient."))
    ids = [n.pk for n in nominees]
    fresh = list(
        Nominee.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("proposal__unit", "proposal")
        .order_by("proposal__unit__path", "order", "pk")
    )
    taken = set(Recipient.objects.filter(nominee_id__in=ids).values_list("nominee_id", flat=True))
    for nominee in fresh:
        if nominee.proposal.status != ProposalStatus.ACCEPTED:
            errors.append(_("“%(name)s”: the proposal is not accepted.") % {"name": nominee.name})
        elif nominee.pk in taken:
            errors.append(
                _("“%(name)s” is already named in another decision.") % {"name": nominee.name}
            )
        elif not nominee.proposal.unit.path.startswith(unit.path):
            errors.append(_("“%(name)s” is outside your units.") % {"name": nominee.name})
    for row in typed:
        if not row.unit.path.startswith(unit.path):
            errors.append(_("“%(name)s” is outside your units.") % {"name": row.name})
    if errors:
        raise ValidationError(errors)
    decision.full_clean()
    decision.save()
    recipients = [
        Recipient(
            decision=decision,
            nominee=nominee,
            unit=nominee.proposal.unit,
            kind=nominee.kind,
            name=nominee.name,
            position=nominee.position,
            order=n,
        )
        for n, nominee in enumerate(fresh, start=1)
    ]
    start = len(recipients)
    for n, row in enumerate(typed, start=start + 1):
        recipient = Recipient(
            decision=decision,
            unit=row.unit,
            kind=row.kind,
            name=row.name.strip(),
            position=(row.position or "").strip(),
            order=n,
        )
        recipient.full_clean(exclude=["decision", "nominee"])
        recipients.append(recipient)
    bulk_create_with_history(recipients, Recipient, default_user=by)
    for proposal in {n.proposal_id: n.proposal for n in fresh}.values():
        WF.record(proposal, by=by, name="decision", comment=decision.number)
    return decision

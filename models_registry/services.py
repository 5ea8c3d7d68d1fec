"""Writes to registrations: one function per action, atomic, validated, recorded.

Views call these and nothing else to change data. Permission to act on the unit is checked here
as well as in the view (``TransitionRefused`` → 403), so no path around the pages exists. The
workflow's steps are data (``workflow.py``), taken with ``REGISTRATION_WORKFLOW.take``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from campaigns.models import Campaign
from danvan.workflow import TransitionRefused, VersionConflict
from units.models import Unit, User
from units.scoping import Action, get_scope

from .models import (
    EDITABLE_STATES,
    Attachment,
    Comment,
    Criterion,
    Field,
    Partner,
    ProgressUpdate,
    Registration,
    Rubric,
    Score,
    ScoreItem,
    ScoreKind,
    Status,
    Target,
)
from .workflow import REGISTRATION_WORKFLOW as WF
from .workflow import reviewer_average

# Fields copied when a registration continues or replicates another one.
COPY_FIELDS = [
    "kind",
    "level",
    "primary_field_id",
    "lead_organisation_id",
    "name",
    "situation",
    "objectives",
    "content",
    "scope",
    "implementers",
    "budget_sources",
    "means",
    "socialised",
    "milestones",
    "expected_outputs",
    "sustainability",
    "person_name",
    "person_birth_year",
    "person_sex",
    "person_ethnicity",
    "person_party_member",
    "person_position",
    "person_unit",
]


def _require(user: Any, action: Action, unit: Unit) -> None:
    if not get_scope(user).allows(action, unit):
        raise TransitionRefused(_("Your role does not allow this on this organisation's data."))


def _lock(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=registration.pk)
    )


# --- creating and editing -----------------------------------------------------------------


@transaction.atomic
def registration_create(
    *,
    unit: Unit,
    campaign: Campaign,
    year: int,
    kind: str,
    name: str,
    by: User,
    continued_from: Registration | None = None,
    replicated_from: Registration | None = None,
) -> Registration:
    """Start a draft, optionally prefilled from an earlier registration or a library model."""
    _require(by, Action.EDIT, unit)
    if not unit.unit_type.is_grassroots:
        raise ValidationError({"unit": _("Only a grassroots party organisation registers.")})
    if not campaign.covers(unit):
        raise ValidationError({"campaign": _("This organisation is outside the campaign.")})
    source = continued_from or replicated_from
    registration = Registration(
        unit=unit,
        campaign=campaign,
        year=year,
        kind=kind,
        name=name,
        created_by=by,
        updated_by=by,
        continued_from=continued_from,
        replicated_from=replicated_from,
    )
    if source is not None:
        for field in COPY_FIELDS:
            setattr(registration, field, getattr(source, field))
        registration.name = name or source.name
        registration.kind = kind or source.kind
    registration.normalise()
    registration.full_clean()
    registration.save()
    if source is not None:
        registration.secondary_fields.set(source.secondary_fields.all())
        bulk_create_with_history(
            [
                Target(
                    registration=registration,
                    order=t.order,
                    name=t.name,
                    target_value=t.target_value,
                    measure=t.measure,
                )
                for t in source.targets.all()
            ],
            Target,
            default_user=by,
        )
        bulk_create_with_history(
            [
                Partner(registration=registration, organisation_id=p.organisation_id, role=p.role)
                for p in source.partners.all()
            ],
            Partner,
            default_user=by,
        )
    WF.record(registration, by=by, name="create")
    return registration


@transaction.atomic
def registration_update(
    *,
    registration: Registration,
    by: User,
    data: dict[str, Any],
    expected_version: int | None,
    secondary_fields: Iterable[Field] | None = None,
    targets: list[dict[str, Any]] | None = None,
    partners: list[dict[str, Any]] | None = None,
) -> Registration:
    """Save the unit's edits to a draft (or a returned registration).

    ``data`` holds only values that passed the form's field checks; an autosave passes what it
    has, a full save everything. ``targets``/``partners`` replace the rows when given.
    Raises ``VersionConflict`` when someone else saved since ``expected_version`` was loaded.
    """
    locked = _lock(registration)
    _require(by, Action.EDIT, locked.unit)
    if locked.status not in EDITABLE_STATES:
        raise TransitionRefused(_("This registration can no longer be edited."))
    if expected_version is not None and locked.version != expected_version:
        raise VersionConflict(locked)
    changed = set(data)
    for key, value in data.items():
        setattr(locked, key, value)
    locked.normalise()
    locked.updated_by = by
    locked.updated_at = timezone.now()
    locked.version += 1
    locked.full_clean(
        exclude=[f.name for f in Registration._meta.concrete_fields if f.name not in changed]
        + ["secondary_fields"]
    )
    locked.save(
        update_fields=[
            *changed,
            "name",
            "person_name",
            "search_text",
            "updated_by",
            "updated_at",
            "version",
        ]
    )
    if secondary_fields is not None:
        locked.secondary_fields.set(
            [f for f in secondary_fields if f.pk != locked.primary_field_id]
        )
    if targets is not None:
        rows = [
            Target(registration=locked, order=i, **row)
            for i, row in enumerate(targets)
            if row.get("name")
        ]
        for row in rows:
            row.full_clean(exclude=["registration"])
        _replace_rows(locked.targets.all(), rows, _target_key, by=by)
    if partners is not None:
        rows = [Partner(registration=locked, **row) for row in partners if row.get("organisation")]
        _replace_rows(locked.partners.all(), rows, _partner_key, by=by)
    return locked


def _target_key(target: Target) -> tuple:
    return (target.order, target.name, target.target_value, target.measure)


def _partner_key(partner: Partner) -> tuple:
    return (partner.organisation_id, partner.role)


def _replace_rows(existing: QuerySet, rows: list, key: Callable[[Any], tuple], *, by: User) -> None:
    """Replace a registration's targets or partners only when the list changed: the autosave
    sends the whole form every few seconds, and an unchanged list must not fill the change
    history with a deletion and a creation of every row each time."""
    if [key(row) for row in existing] == [key(row) for row in rows]:
        return
    existing.delete()
    bulk_create_with_history(rows, existing.model, default_user=by)


# --- workflow steps: REGISTRATION_WORKFLOW.take(registration, name, by=…) ----------------


def registration_bulk_accept(*, registrations: Iterable[Registration], by: User) -> int:
    """Accept several; each is its own step (and event). Returns how many were accepted."""
    done = 0
    for registration in registrations:
        try:
            WF.take(registration, "accept", by=by)
        except TransitionRefused:
            continue
        done += 1
    return done


CARRY_OVER_STATES = frozenset(set(Status) - {Status.DRAFT, Status.WITHDRAWN})


@transaction.atomic
def registration_mark_carried_over(
    *, registration: Registration, by: User, carried_over: bool = True
) -> Registration:
    """Side mark: the model continues into next year (reviewers)."""
    locked = _lock(registration)
    _require(by, Action.REVIEW, locked.unit)
    if locked.status not in CARRY_OVER_STATES:
        raise TransitionRefused(_("Only a registration that was sent in can be carried over."))
    locked.carried_over = carried_over
    locked.version += 1
    locked.save(update_fields=["carried_over", "version"])
    WF.record(locked, by=by, name="carried_over" if carried_over else "not_carried_over")
    return locked


# --- comments, files, progress -------------------------------------------------------------


@transaction.atomic
def registration_comment_add(
    *, registration: Registration, by: User, body: str, internal: bool = False
) -> Comment:
    """A comment the unit sees, or (reviewers only) an internal note."""
    scope = get_scope(by)
    if internal and not scope.allows(Action.REVIEW, registration.unit):
        raise TransitionRefused(_("Only reviewers write internal notes."))
    _require(by, Action.VIEW, registration.unit)
    comment = Comment(
        registration=registration, author=by, body=(body or "").strip(), internal=internal
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def registration_attachment_add(
    *,
    registration: Registration,
    by: User,
    file: Any,
    kind: str,
    title: str = "",
    progress: ProgressUpdate | None = None,
) -> Attachment:
    _require(by, Action.EDIT, registration.unit)
    if progress is None and registration.status not in EDITABLE_STATES:
        raise TransitionRefused(_("This registration can no longer be edited."))
    attachment = Attachment(
        registration=registration,
        progress=progress,
        kind=kind,
        title=(title or "").strip(),
        file=file,
        original_name=(getattr(file, "name", "") or "")[:255],
        uploaded_by=by,
    )
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def registration_attachment_delete(*, attachment: Attachment, by: User) -> None:
    registration = attachment.registration
    _require(by, Action.EDIT, registration.unit)
    if registration.status not in EDITABLE_STATES:
        raise TransitionRefused(_("This registration can no longer be edited."))
    # Removed, not deleted: the file and the row stay, out of every page, in the history.
    attachment.removed_at = timezone.now()
    attachment.save(update_fields=["removed_at"])


PROGRESS_STATES = frozenset({Status.ACCEPTED, Status.IN_PROGRESS, Status.SELF_ASSESSED})


@transaction.atomic
def progress_update_add(
    *,
    registration: Registration,
    by: User,
    happened_on: datetime.date,
    text: str,
    files: Iterable[Any] = (),
    achieved: dict[int, Decimal] | None = None,
    notes: dict[int, str] | None = None,
    target_files: dict[int, Any] | None = None,
) -> ProgressUpdate:
    """Record what was done, with evidence files and the values achieved so far.

    ``achieved``, ``notes`` and ``target_files`` are keyed by the registration's target ids
    (others are ignored): each value becomes the target's current achieved value and is kept,
    with its note, in the update's ``values`` (the history); a target's file is attached as
    evidence titled with the target's name. All or nothing.
    """
    _require(by, Action.EDIT, registration.unit)
    if registration.status not in PROGRESS_STATES:
        raise TransitionRefused(_("Progress is recorded once the registration is accepted."))
    if happened_on and happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("The date cannot be in the future.")})
    achieved = achieved or {}
    notes = {k: (v or "").strip() for k, v in (notes or {}).items() if (v or "").strip()}
    target_files = {k: v for k, v in (target_files or {}).items() if v}
    touched = set(achieved) | set(notes) | set(target_files)
    targets = list(registration.targets.filter(pk__in=touched)) if touched else []
    update = ProgressUpdate(
        registration=registration, happened_on=happened_on, text=(text or "").strip(), author=by
    )
    for target in targets:
        if target.pk in achieved:
            target.achieved_value = achieved[target.pk]
            target.full_clean(exclude=["registration"])
        update.values.append(
            {
                "target": target.pk,
                "name": target.name,
                "value": None if target.pk not in achieved else str(achieved[target.pk]),
                "target_value": None if target.target_value is None else str(target.target_value),
                "measure": target.measure,
                "note": notes.get(target.pk, ""),
            }
        )
    update.full_clean()
    update.save()
    for target in targets:
        if target.pk in achieved:
            target.save(update_fields=["achieved_value"])
        if target.pk in target_files:
            registration_attachment_add(
                registration=registration,
                by=by,
                file=target_files[target.pk],
                kind="evidence",
                title=target.name[:255],
                progress=update,
            )
    for file in files:
        registration_attachment_add(
            registration=registration, by=by, file=file, kind="evidence", progress=update
        )
    return update


# --- scoring ---------------------------------------------------------------------------

SELF_CHECK_STATES = frozenset({Status.DRAFT, Status.RETURNED, Status.ACCEPTED, Status.IN_PROGRESS})
REVIEW_SCORE_STATES = frozenset({Status.SELF_ASSESSED, Status.UNDER_REVIEW})


@transaction.atomic
def score_save(
    *,
    registration: Registration,
    by: User,
    kind: str,
    points: dict[int, Decimal],
    note: str = "",
) -> Score:
    """Save the unit's self-check or one reviewer's score (one each; saving again replaces)."""
    locked = _lock(registration)
    if kind == ScoreKind.SELF:
        _require(by, Action.EDIT, locked.unit)
        if locked.status not in SELF_CHECK_STATES:
            raise TransitionRefused(_("The self-check cannot be changed at this step."))
    else:
        _require(by, Action.REVIEW, locked.unit)
        if locked.status not in REVIEW_SCORE_STATES:
            raise TransitionRefused(_("Scoring is open once the unit has self-assessed."))
    rubric = Rubric.objects.for_campaign(locked.campaign)
    if rubric is None:
        raise ValidationError(_("No scoring rubric is set up."))
    criteria = list(Criterion.objects.filter(rubric=rubric))
    errors = []
    for criterion in criteria:
        value = points.get(criterion.pk)
        if value is None:
            errors.append(_("Give points for “%(c)s”.") % {"c": criterion.title})
        elif value < 0 or value > criterion.max_points:
            errors.append(
                _("“%(c)s”: between 0 and %(max)s points.")
                % {"c": criterion.title, "max": criterion.max_points}
            )
    if errors:
        raise ValidationError(errors)
    lookup = {"registration": locked, "kind": kind}
    if kind == ScoreKind.REVIEWER:
        lookup["scorer"] = by
    score = Score.objects.filter(**lookup).first() or Score(**lookup)
    score.rubric = rubric
    score.scorer = by
    score.note = (note or "").strip()
    score.total = sum((points[c.pk] for c in criteria), Decimal(0))
    score.scored_at = timezone.now()
    score.save()
    score.items.all().delete()
    bulk_create_with_history(
        [ScoreItem(score=score, criterion=c, points=points[c.pk]) for c in criteria],
        ScoreItem,
        default_user=by,
    )
    if kind == ScoreKind.REVIEWER:
        locked.final_score = reviewer_average(locked)
        locked.save(update_fields=["final_score"])
    WF.record(locked, by=by, name=f"score_{kind}", comment=f"{score.total}")
    return score

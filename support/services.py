"""Writes of the support app that are not workflow steps: keyword-only, atomic, validated.

The steps (recording a visit, answering a follow-up, every move of a question) are data in
``workflow.py``, taken with ``<WORKFLOW>.take``. Notifications to the other side are written in
the same transaction through ``notifications.services.notify`` (outbox rows, delivered by Celery
after commit).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.text import fold
from danvan.workflow import TransitionRefused, unit_people
from notifications.services import notify
from units.models import Unit, User
from units.scoping import Action, get_scope

from .models import (
    FollowUp,
    PublishedAnswer,
    Question,
    QuestionCategory,
    QuestionStatus,
    Side,
    Visit,
    VisitStatus,
)
from .workflow import (
    FOLLOW_UP_WORKFLOW,
    QUESTION_WORKFLOW,
    VISIT_WORKFLOW,
    office_people,
    tell_question,
    write_message,
)


def _must(user: Any, action: Action, unit: Unit) -> None:
    if not get_scope(user).allows(action, unit):
        raise TransitionRefused(_("Your role does not allow this for this organisation."))


# ---------------------------------------------------------------- visits


@transaction.atomic
def visit_plan(
    *,
    unit: Unit,
    kind: str,
    planned_on: datetime.date,
    lead: User,
    by: User,
    team: Iterable[User] = (),
    focus: Iterable[str] = (),
    purpose: str = "",
) -> Visit:
    """Plan a visit to a grassroots organisation in the planner's review scope."""
    _must(by, Action.REVIEW, unit)
    visit = Visit(
        unit=unit,
        kind=kind,
        planned_on=planned_on,
        lead=lead,
        focus=list(focus),
        purpose=purpose,
        created_by=by,
    )
    visit.full_clean()
    visit.save()
    visit.team.set([u for u in team if u.pk != lead.pk])
    VISIT_WORKFLOW.record(visit, by=by, name="plan")
    notify(
        recipients=unit_people(unit),
        kind="support_visit_planned",
        title=_("%(kind)s planned for %(date)s")
        % {"kind": visit.get_kind_display().lower(), "date": planned_on.strftime("%d/%m/%Y")},
        body=purpose,
        url=visit.get_absolute_url(),
        dedupe_key=f"support:visit:{visit.pk}:planned",
    )
    return visit


@transaction.atomic
def follow_up_add(*, visit: Visit, by: User, action: str, due_on: datetime.date) -> FollowUp:
    """A finding becomes an action for the unit, with a due date."""
    _must(by, Action.REVIEW, visit.unit)
    if visit.status != VisitStatus.HELD:
        raise ValidationError(_("Follow-up actions are added once the visit is recorded as held."))
    follow_up = FollowUp(visit=visit, unit_id=visit.unit_id, action=action, due_on=due_on)
    follow_up.full_clean()
    if visit.held_on and due_on < visit.held_on:
        raise ValidationError({"due_on": _("The due date cannot be before the visit.")})
    follow_up.save()
    FOLLOW_UP_WORKFLOW.record(follow_up, by=by, name="create")
    notify(
        recipients=unit_people(visit.unit),
        kind="support_follow_up",
        title=_("New follow-up action, due %(date)s") % {"date": due_on.strftime("%d/%m/%Y")},
        body=follow_up.action,
        url=follow_up.get_absolute_url(),
        dedupe_key=f"support:follow_up:{follow_up.pk}:created",
    )
    return follow_up


# ---------------------------------------------------------------- questions


@transaction.atomic
def question_ask(
    *,
    unit: Unit,
    by: User,
    category: QuestionCategory,
    subject: str,
    text: str,
    file: UploadedFile | None = None,
) -> Question:
    """A member raises a difficulty with the standing office on behalf of the organisation."""
    _must(by, Action.EDIT, unit)
    if not category.is_active:
        raise ValidationError({"category": _("This category is no longer used.")})
    question = Question(unit=unit, category=category, subject=subject, asked_by=by)
    question.normalise()
    question.full_clean()
    question.save()
    message = write_message(question, side=Side.UNIT, by=by, text=text, file=file)
    QUESTION_WORKFLOW.record(question, by=by, name="ask")
    tell_question(
        question,
        office_people(unit),
        step="asked",
        title=_("New question from %(unit)s: %(subject)s")
        % {"unit": unit.name, "subject": question.subject},
        body=message.text,
        key=message.pk,
    )
    return question


@transaction.atomic
def question_publish(
    *, question: Question, by: User, subject: str, question_text: str, answer_text: str
) -> PublishedAnswer:
    """Publish (or update) the answer on the Q&A page, without the asking unit's name."""
    locked = (
        Question.objects.select_for_update(of=("self",))
        .select_related("unit", "asked_by")
        .get(pk=question.pk)
    )
    _must(by, Action.MANAGE, locked.unit)
    published_texts = (subject, question_text, answer_text)
    if locked.first_answered_at is None or locked.status not in (
        QuestionStatus.ANSWERED,
        QuestionStatus.CLOSED,
    ):
        raise ValidationError(_("Only an answered question can be published."))
    publication = PublishedAnswer.objects.filter(question=locked).first() or PublishedAnswer(
        question=locked, published_by=by
    )
    publication.category_id = locked.category_id
    publication.subject = subject
    publication.question_text = question_text
    publication.answer_text = answer_text
    publication.published_by = by
    publication.published_at = timezone.now()
    publication.full_clean()
    names = [fold(locked.unit.name), fold(locked.asked_by.get_full_name())]
    if any(name and name in fold(value) for name in names for value in published_texts):
        raise ValidationError(
            _(
                "The published text still names the asking organisation or the person who "
                "asked; please remove it."
            )
        )
    publication.save()
    QUESTION_WORKFLOW.record(locked, by=by, name="publish")
    return publication


@transaction.atomic
def question_unpublish(*, question: Question, by: User) -> None:
    locked = Question.objects.select_for_update().select_related("unit").get(pk=question.pk)
    _must(by, Action.MANAGE, locked.unit)
    deleted, _rows = PublishedAnswer.objects.filter(question=locked).delete()
    if deleted:
        QUESTION_WORKFLOW.record(locked, by=by, name="unpublish")

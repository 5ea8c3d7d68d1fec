"""Writes of the support app: keyword-only, atomic, validated; one function per workflow step.

Every step goes through ``danvan.workflow.apply_transition`` (row lock, state and role check,
event row). Notifications to the other side are written in the same transaction through
``notifications.services.notify`` (outbox rows, delivered by Celery after commit).
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
from danvan.workflow import TransitionRefused, apply_transition, record_event
from notifications.services import notify
from units.models import Membership, Unit, User
from units.scoping import UNIT_ROLES, Action, get_scope

from .models import (
    FollowUp,
    PublishedAnswer,
    Question,
    QuestionCategory,
    QuestionMessage,
    QuestionStatus,
    Side,
    Visit,
    VisitStatus,
)
from .workflow import FOLLOW_UP_WORKFLOW, QUESTION_WORKFLOW, VISIT_WORKFLOW

# ---------------------------------------------------------------- who is told


def unit_people(unit: Unit) -> list[User]:
    """The organisation's steering-group people (they answer follow-ups and ask questions)."""
    ids = Membership.objects.filter(
        is_active=True, role__in=UNIT_ROLES, unit__path__startswith=unit.path
    ).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def office_people(unit: Unit) -> list[User]:
    """Standing-office people whose subtree covers the organisation."""
    ancestors = [unit.path[:n] for n in range(unit.steplen, len(unit.path) + 1, unit.steplen)]
    ids = Membership.objects.filter(
        is_active=True, role="standing_office", unit__path__in=ancestors
    ).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


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
    record_event(VISIT_WORKFLOW, obj=visit, by=by, name="plan")
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


def visit_record(
    *,
    visit: Visit,
    by: User,
    held_on: datetime.date,
    findings: str,
    assessment: str,
    minutes: UploadedFile | None = None,
    comment: str = "",
) -> Visit:
    """The visit took place: date, findings, assessment and (optionally) the minutes."""

    def validate(locked: Visit) -> None:
        locked.held_on = held_on
        locked.findings = findings
        locked.assessment = assessment
        if minutes is not None:
            locked.minutes = minutes
        errors = {}
        if not (findings or "").strip():
            errors["findings"] = _("Please write down the findings.")
        if not assessment:
            errors["assessment"] = _("Please choose an assessment.")
        if held_on and held_on < locked.planned_on - datetime.timedelta(days=180):
            errors["held_on"] = _("The date is long before the planned date; please check it.")
        if errors:
            raise ValidationError(errors)
        locked.full_clean()

    changes = {"held_on": held_on, "findings": findings, "assessment": assessment}
    if minutes is not None:
        changes["minutes"] = minutes

    def after(locked: Visit, event) -> None:
        notify(
            recipients=unit_people(locked.unit),
            kind="support_visit_held",
            title=_("Findings of the %(kind)s of %(date)s: %(assessment)s")
            % {
                "kind": locked.get_kind_display().lower(),
                "date": held_on.strftime("%d/%m/%Y"),
                "assessment": locked.get_assessment_display(),
            },
            body=locked.findings[:500],
            url=locked.get_absolute_url(),
            dedupe_key=f"support:visit:{locked.pk}:held",
        )

    return apply_transition(
        VISIT_WORKFLOW,
        obj=visit,
        name="record",
        by=by,
        comment=comment,
        validate=validate,
        changes=changes,
        after=after,
    )


def visit_cancel(*, visit: Visit, by: User, comment: str) -> Visit:
    return apply_transition(VISIT_WORKFLOW, obj=visit, name="cancel", by=by, comment=comment)


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
    record_event(FOLLOW_UP_WORKFLOW, obj=follow_up, by=by, name="create")
    notify(
        recipients=unit_people(visit.unit),
        kind="support_follow_up",
        title=_("New follow-up action, due %(date)s") % {"date": due_on.strftime("%d/%m/%Y")},
        body=follow_up.action,
        url=follow_up.get_absolute_url(),
        dedupe_key=f"support:follow_up:{follow_up.pk}:created",
    )
    return follow_up


def follow_up_answer(
    *, follow_up: FollowUp, by: User, response: str, evidence: UploadedFile | None = None
) -> FollowUp:
    """The unit says what it did (optionally with evidence); reviewers then close or reopen."""

    def validate(locked: FollowUp) -> None:
        if not (response or "").strip():
            raise ValidationError({"response": _("Please say what was done.")})
        locked.response = response
        if evidence is not None:
            locked.evidence = evidence
        locked.full_clean()

    changes: dict[str, Any] = {
        "response": (response or "").strip(),
        "answered_at": timezone.now(),
        "answered_by": by,
    }
    if evidence is not None:
        changes["evidence"] = evidence
    return apply_transition(
        FOLLOW_UP_WORKFLOW, obj=follow_up, name="answer", by=by, validate=validate, changes=changes
    )


def follow_up_close(*, follow_up: FollowUp, by: User, comment: str = "") -> FollowUp:
    return apply_transition(FOLLOW_UP_WORKFLOW, obj=follow_up, name="close", by=by, comment=comment)


def follow_up_reopen(*, follow_up: FollowUp, by: User, comment: str) -> FollowUp:
    def after(locked: FollowUp, event) -> None:
        notify(
            recipients=unit_people(locked.unit),
            kind="support_follow_up",
            title=_("A follow-up action was reopened"),
            body=event.comment,
            url=locked.get_absolute_url(),
            dedupe_key=f"support:follow_up:{locked.pk}:reopen:{event.pk}",
        )

    return apply_transition(
        FOLLOW_UP_WORKFLOW, obj=follow_up, name="reopen", by=by, comment=comment, after=after
    )


FOLLOW_UP_STEPS = {"close": follow_up_close, "reopen": follow_up_reopen}


# ---------------------------------------------------------------- questions


def _message(question: Question, *, side: str, by: User, text: str, file=None) -> QuestionMessage:
    message = QuestionMessage(question=question, side=side, author=by, text=text)
    if file is not None:
        message.file = file
    message.full_clean()
    message.save()
    return message


def _tell(recipients: list[User], question: Question, *, step: str, title: str, body: str, key):
    notify(
        recipients=recipients,
        kind=f"support_question_{step}",
        title=title,
        body=body[:500],
        url=question.get_absolute_url(),
        dedupe_key=f"support:question:{question.pk}:{step}:{key}",
    )


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
    message = _message(question, side=Side.UNIT, by=by, text=text, file=file)
    record_event(QUESTION_WORKFLOW, obj=question, by=by, name="ask")
    _tell(
        office_people(unit),
        question,
        step="asked",
        title=_("New question from %(unit)s: %(subject)s")
        % {"unit": unit.name, "subject": question.subject},
        body=message.text,
        key=message.pk,
    )
    return question


def _question_step(
    question: Question,
    *,
    name: str,
    by: User,
    text: str,
    side: str,
    file: UploadedFile | None = None,
    changes: dict | None = None,
    validate=None,
    recipients,
    title: str,
) -> Question:
    def after(locked: Question, event) -> None:
        message = _message(locked, side=side, by=by, text=text, file=file) if text else None
        _tell(
            recipients(locked),
            locked,
            step=name,
            title=title % {"subject": locked.subject},
            body=text,
            key=message.pk if message else event.pk,
        )

    return apply_transition(
        QUESTION_WORKFLOW,
        obj=question,
        name=name,
        by=by,
        comment=text,
        changes=changes,
        validate=validate,
        after=after,
    )


def _askers(question: Question) -> list[User]:
    people = unit_people(question.unit)
    if question.asked_by.is_active and question.asked_by not in people:
        people.append(question.asked_by)
    return people


def question_answer(
    *, question: Question, by: User, text: str, file: UploadedFile | None = None
) -> Question:
    now = timezone.now()
    changes: dict[str, Any] = {"waiting_since": now}
    if question.first_answered_at is None:
        changes["first_answered_at"] = now
    return _question_step(
        question,
        name="answer",
        by=by,
        text=text,
        side=Side.OFFICE,
        file=file,
        changes=changes,
        recipients=_askers,
        title=_("The standing office answered: %(subject)s"),
    )


def question_ask_back(
    *, question: Question, by: User, text: str, file: UploadedFile | None = None
) -> Question:
    return _question_step(
        question,
        name="ask_back",
        by=by,
        text=text,
        side=Side.OFFICE,
        file=file,
        changes={"waiting_since": timezone.now()},
        recipients=_askers,
        title=_("The standing office needs more information: %(subject)s"),
    )


def question_reply(
    *, question: Question, by: User, text: str, file: UploadedFile | None = None
) -> Question:
    return _question_step(
        question,
        name="reply",
        by=by,
        text=text,
        side=Side.UNIT,
        file=file,
        changes={"waiting_since": timezone.now()},
        recipients=lambda q: office_people(q.unit),
        title=_("The unit sent more information: %(subject)s"),
    )


def question_reopen(
    *, question: Question, by: User, text: str, file: UploadedFile | None = None
) -> Question:
    """The unit is not satisfied with the answer. Allowed once per question."""

    def validate(locked: Question) -> None:
        if locked.reopen_count >= 1:
            raise TransitionRefused(_("A question can be reopened only once."))

    return _question_step(
        question,
        name="reopen",
        by=by,
        text=text,
        side=Side.UNIT,
        file=file,
        changes={"waiting_since": timezone.now(), "reopen_count": question.reopen_count + 1},
        validate=validate,
        recipients=lambda q: office_people(q.unit),
        title=_("The unit reopened its question: %(subject)s"),
    )


def question_accept(*, question: Question, by: User, text: str = "", file=None) -> Question:
    return _question_step(
        question,
        name="accept",
        by=by,
        text=text,
        side=Side.UNIT,
        file=file,
        recipients=lambda q: office_people(q.unit),
        title=_("The unit closed its question: %(subject)s"),
    )


def question_close(*, question: Question, by: User, text: str = "", file=None) -> Question:
    return _question_step(
        question,
        name="close",
        by=by,
        text=text,
        side=Side.OFFICE,
        file=file,
        recipients=_askers,
        title=_("The standing office closed the question: %(subject)s"),
    )


QUESTION_STEPS = {
    "answer": question_answer,
    "ask_back": question_ask_back,
    "reply": question_reply,
    "reopen": question_reopen,
    "accept": question_accept,
    "close": question_close,
}


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
    record_event(QUESTION_WORKFLOW, obj=locked, by=by, name="publish")
    return publication


@transaction.atomic
def question_unpublish(*, question: Question, by: User) -> None:
    locked = Question.objects.select_for_update().select_related("unit").get(pk=question.pk)
    _must(by, Action.MANAGE, locked.unit)
    deleted, _rows = PublishedAnswer.objects.filter(question=locked).delete()
    if deleted:
        record_event(QUESTION_WORKFLOW, obj=locked, by=by, name="unpublish")

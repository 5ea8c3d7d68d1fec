"""Read-side queries: lists, the reviewers' coverage board, the questions board, the Q&A page.

The coverage board's rows come from ONE queryset of grassroots organisations annotated with
correlated subqueries, so a page costs the same number of SQL queries for 10 or 30,000
organisations, and the Excel export iterates the same queryset with the same filters and order.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from danvan.text import fold
from units.models import Membership, Unit, User
from units.scoping import BLOC_ROLES, Action, get_scope

from .models import (
    FollowUp,
    FollowUpStatus,
    PublishedAnswer,
    Question,
    QuestionCategory,
    QuestionStatus,
    Visit,
    VisitStatus,
)
from .workflow import QUESTION_WORKFLOW, REOPEN

# ---------------------------------------------------------------- visits and follow-ups


def visits_for(
    user: Any, *, status: str = "", year: int | None = None, unit_id: int | None = None
) -> QuerySet[Visit]:
    """Visits the user may see; ``unit_id`` narrows the (already scoped) list to one unit."""
    visits = Visit.objects.visible_to(user).select_related("unit", "lead")
    if unit_id:
        visits = visits.filter(unit_id=unit_id)
    if status:
        visits = visits.filter(status=status)
    if year:
        visits = visits.filter(planned_on__year=year)
    return visits.annotate(
        open_follow_ups=Count("follow_ups", filter=~Q(follow_ups__status=FollowUpStatus.CLOSED))
    ).order_by("-planned_on", "-pk")


def follow_ups_for(user: Any, *, status: str = "") -> QuerySet[FollowUp]:
    follow_ups = FollowUp.objects.visible_to(user).select_related("unit", "visit")
    if status == "overdue":
        return follow_ups.overdue()
    if status:
        follow_ups = follow_ups.filter(status=status)
    return follow_ups.order_by("due_on", "pk")


def planners(user: Any) -> QuerySet[User]:
    """People who may lead or join a visit this person plans: reviewers and standing-office
    members whose subtree meets the planner's review scope (plus the planner)."""
    members = Membership.objects.filter(
        get_scope(user).q_reaching(Action.REVIEW, "unit"),
        is_active=True,
        role__in=BLOC_ROLES,
        user__is_active=True,
    )
    ids = {*members.values_list("user_id", flat=True), user.pk}
    return User.objects.filter(pk__in=ids).order_by("full_name", "username")


def units_to_visit(user: Any) -> QuerySet[Unit]:
    return Unit.objects.for_action(user, Action.REVIEW).grassroots().active().order_by("path")


def units_asking_for(user: Any) -> QuerySet[Unit]:
    """Grassroots organisations this person may ask on behalf of (EDIT)."""
    return Unit.objects.for_action(user, Action.EDIT).grassroots().active().order_by("path")


# ---------------------------------------------------------------- the coverage board


def _count(queryset: QuerySet) -> Coalesce:
    counted = queryset.order_by().values("unit").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def board_queryset(user: Any, *, year: int, today: datetime.date | None = None) -> QuerySet:
    """Every grassroots organisation the user reviews, annotated with its visits and actions."""
    today = today or timezone.localdate()
    held = Visit.objects.filter(unit=OuterRef("pk"), status=VisitStatus.HELD, held_on__year=year)
    latest = held.order_by("-held_on", "-pk")
    planned = Visit.objects.filter(
        unit=OuterRef("pk"), status=VisitStatus.PLANNED, planned_on__gte=today
    ).order_by("planned_on")
    not_closed = FollowUp.objects.filter(unit=OuterRef("pk")).exclude(status=FollowUpStatus.CLOSED)
    overdue = FollowUp.objects.filter(
        unit=OuterRef("pk"), status=FollowUpStatus.OPEN, due_on__lt=today
    )
    return (
        Unit.objects.for_action(user, Action.REVIEW)
        .grassroots()
        .active()
        .annotate(
            visits_count=_count(held),
            last_visit_on=Subquery(latest.values("held_on")[:1]),
            last_kind=Subquery(latest.values("kind")[:1]),
            last_assessment=Subquery(latest.values("assessment")[:1]),
            next_planned_on=Subquery(planned.values("planned_on")[:1]),
            open_count=_count(not_closed),
            overdue_count=_count(overdue),
        )
    )


def default_year(user: Any) -> int:
    """The latest year with a held visit in the user's scope, else this year."""
    from django.db.models import Max

    latest = (
        Visit.objects.for_action(user, Action.REVIEW)
        .filter(status=VisitStatus.HELD)
        .aggregate(last=Max("held_on"))["last"]
    )
    return latest.year if latest else timezone.localdate().year


# ---------------------------------------------------------------- questions


def questions_for(
    user: Any, *, status: str = "", category: str = "", q: str = ""
) -> QuerySet[Question]:
    questions = Question.objects.visible_to(user).select_related("unit", "category", "asked_by")
    if status:
        questions = questions.filter(status=status)
    if category:
        questions = questions.filter(category__code=category)
    if q:
        questions = questions.filter(search_text__contains=fold(q.strip()))
    return questions.order_by("-created_at", "-pk")


def can_publish(question: Question, user: Any) -> bool:
    """The standing office may publish an answer once the question has one and is settled."""
    return (
        get_scope(user).allows(Action.MANAGE, question.unit)
        and question.first_answered_at is not None
        and question.status in (QuestionStatus.ANSWERED, QuestionStatus.CLOSED)
    )


def question_steps(question: Question, user: Any) -> list:
    """The steps this person may take now; reopening is offered once only."""
    steps = QUESTION_WORKFLOW.available(question, user)
    if question.reopen_count >= 1:
        steps = [t for t in steps if t is not REOPEN]
    return steps


def active_categories() -> QuerySet[QuestionCategory]:
    return QuestionCategory.objects.filter(is_active=True)


@dataclass(frozen=True)
class QuestionStats:
    waiting: int
    waiting_unit: int
    answered_total: int
    median_days_to_first_answer: float | None


def question_board(user: Any) -> tuple[QuerySet[Question], QuestionStats]:
    """Open questions for the standing office, oldest waiting first, and the headline numbers."""
    scoped = Question.objects.for_action(user, Action.MANAGE)
    waiting = (
        scoped.waiting_for_office()
        .select_related("unit", "category")
        .order_by("waiting_since", "pk")
    )
    counts = scoped.aggregate(
        waiting=Count("pk", filter=Q(status__in=[QuestionStatus.OPEN, QuestionStatus.REOPENED])),
        waiting_unit=Count("pk", filter=Q(status=QuestionStatus.WAITING_UNIT)),
    )
    pairs = scoped.filter(first_answered_at__isnull=False).values_list(
        "created_at", "first_answered_at"
    )
    days = [(answered - asked).total_seconds() / 86400 for asked, answered in pairs]
    stats = QuestionStats(
        waiting=counts["waiting"],
        waiting_unit=counts["waiting_unit"],
        answered_total=len(days),
        median_days_to_first_answer=round(statistics.median(days), 1) if days else None,
    )
    return waiting, stats


def published_answers(*, q: str = "", category: str = "") -> QuerySet[PublishedAnswer]:
    answers = PublishedAnswer.objects.select_related("category")
    if category:
        answers = answers.filter(category__code=category)
    return answers.search(q).order_by("-published_at", "-pk")

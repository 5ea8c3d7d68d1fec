"""Read-side queries: the review queue, who has not registered, duplicates, the library.

Pages and Excel exports call the same functions, so a download lists exactly what is shown.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import JSONObject
from django.utils import timezone

from campaigns.models import Campaign
from danvan.text import fold
from units.models import Unit
from units.scoping import Action, get_scope
from units.selectors import leader_of, steering_groups_by_parent

from .models import (
    LIBRARY_STATES,
    REGISTERED_STATES,
    Comment,
    Partner,
    Registration,
    RegistrationEvent,
    Rubric,
    Score,
    Status,
)

LIST_RELATED = ["unit", "campaign", "primary_field", "lead_organisation"]
LIBRARY_CARD_FIELDS = ["name", "year", "kind", "status", "objectives", "decision_date"]
LIBRARY_CARD_FIELDS += ["unit", "unit__name", "primary_field", "primary_field__name"]


def default_year(campaign: Campaign | None) -> int:
    year = timezone.localdate().year
    if campaign is None:
        return year
    years = campaign.years
    return min(max(year, years.start), years.stop - 1)


def own_registrations(user: Any) -> QuerySet[Registration]:
    """Registrations of the organisations the user works for (edit scope)."""
    return (
        Registration.objects.for_action(user, Action.EDIT)
        .select_related(*LIST_RELATED)
        .order_by("-year", "-updated_at")
    )


def review_queue(user: Any, filters: dict[str, Any]) -> QuerySet[Registration]:
    """Sent-in registrations the reviewer may review, narrowed by the filter form's values."""
    queryset = Registration.objects.for_action(user, Action.REVIEW).sent()
    if filters.get("q"):
        queryset = queryset.search(filters["q"])
    for key, lookup in [
        ("campaign", "campaign"),
        ("year", "year"),
        ("status", "status"),
        ("kind", "kind"),
        ("level", "level"),
        ("lead", "lead_organisation"),
    ]:
        value = filters.get(key)
        if value not in (None, ""):
            queryset = queryset.filter(**{lookup: value})
    if filters.get("field"):
        field = filters["field"]
        queryset = queryset.filter(Q(primary_field=field) | Q(secondary_fields=field)).distinct()
    if filters.get("unit"):
        for word in fold(filters["unit"]).split()[:6]:
            queryset = queryset.filter(unit__search_text__contains=word)
    if filters.get("late") in ("0", "1"):
        queryset = queryset.filter(is_late=filters["late"] == "1")
    return queryset.select_related(*LIST_RELATED).order_by("-submitted_at", "-pk")


def _registration_with_relations() -> QuerySet[Registration]:
    return Registration.objects.select_related(
        *LIST_RELATED, "continued_from", "replicated_from", "created_by", "updated_by"
    ).prefetch_related(
        "secondary_fields",
        "targets",
        Prefetch("partners", queryset=Partner.objects.select_related("organisation")),
    )


def registration_detail(user: Any, pk: Any, *, action: Action = Action.VIEW) -> Registration:
    from units.scoping import get_object_for

    return get_object_for(user, _registration_with_relations(), action=action, pk=pk)


def registration_page(user: Any, pk: Any, *, action: Action = Action.VIEW) -> Registration:
    """``registration_detail`` plus what the page's side sections need, in the same query:
    the rubric that applies (``rubric_for``), the effective due date (``effective_due_date``,
    as ``workflow.due_date_for``), and whether there are awards and replications to list
    (``has_awards``, ``has_replications``: a section with nothing to show costs no query)."""
    from awards.models import Recipient  # awards builds on registrations: imported when used
    from units.scoping import get_object_for

    from .workflow import due_date_expression

    queryset = _registration_with_relations().annotate(
        rubric_row=Subquery(
            Rubric.objects.applying(OuterRef("campaign")).values(
                row=JSONObject(**{name: name for name in RUBRIC_COLUMNS})
            )[:1]
        ),
        effective_due_date=due_date_expression(),
        has_awards=Exists(Recipient.objects.filter(nominee__registration=OuterRef("pk"))),
        has_replications=Exists(Registration.objects.filter(replicated_from=OuterRef("pk")).sent()),
    )
    return get_object_for(user, queryset, action=action, pk=pk)


def due_date_of(registration: Registration) -> datetime.date | None:
    """The effective due date: read with the registration by ``registration_page``, else one
    query (``workflow.due_date_for``)."""
    if hasattr(registration, "effective_due_date"):
        return registration.effective_due_date
    from .workflow import due_date_for

    return due_date_for(registration)


RUBRIC_COLUMNS = [field.attname for field in Rubric._meta.concrete_fields]


def rubric_for(registration: Registration) -> Rubric | None:
    """The rubric that applies (``Rubric.objects.for_campaign``): read with the registration by
    ``registration_page`` (its row as JSON), else one query."""
    if not hasattr(registration, "rubric_row"):
        return Rubric.objects.for_campaign(registration.campaign)
    row = registration.rubric_row
    if row is None:
        return None
    return Rubric.from_db(None, RUBRIC_COLUMNS, [row[name] for name in RUBRIC_COLUMNS])


@dataclass(frozen=True)
class SideRow:
    """One line of the page's awards box (form, decision number and date) or of its
    "replicated by" list (unit name and year)."""

    kind: str
    name: str
    number: str
    date: datetime.date | None
    year: int | None


def awards_and_replications(registration: Registration) -> tuple[list[SideRow], list[SideRow]]:
    """The decisions naming the registration's nominees and the sent-in registrations
    replicating it: one query for both lists (UNION ALL), none when ``registration_page``
    found neither."""
    from awards.models import Recipient

    if not (
        getattr(registration, "has_awards", True) or getattr(registration, "has_replications", True)
    ):
        return [], []
    columns = ["side", "label", "number", "day", "copy_year"]
    awards = (
        Recipient.objects.filter(nominee__registration=registration)
        .annotate(
            side=Value("award"),
            label=F("decision__form__name"),
            number=F("decision__number"),
            day=F("decision__date"),
            copy_year=Value(None, output_field=IntegerField()),
        )
        .values_list(*columns)
    )
    copies = (
        registration.replications.sent()
        .annotate(
            side=Value("replication"),
            label=F("unit__name"),
            number=Value(""),
            day=Value(None, output_field=DateField()),
            copy_year=F("year"),
        )
        .values_list(*columns)
    )
    rows = [
        SideRow(*row) for row in awards.union(copies, all=True).order_by("side", "day", "label")
    ]
    return [r for r in rows if r.kind == "award"], [r for r in rows if r.kind == "replication"]


def attachments_and_progress(registration: Registration) -> tuple[list, list]:
    """The registration's files and its progress updates, each update carrying its own files as
    ``files``: two queries (the updates' files are among the registration's)."""
    attachments = list(registration.attachments.select_related("uploaded_by"))
    updates = list(registration.progress_updates.select_related("author"))
    by_update: dict[int, list] = {}
    for attachment in attachments:
        if attachment.progress_id:
            by_update.setdefault(attachment.progress_id, []).append(attachment)
    for update in updates:
        update.files = by_update.get(update.pk, [])
    return attachments, updates


def history(registration: Registration) -> QuerySet[RegistrationEvent]:
    return registration.events.select_related("actor").order_by("created_at", "pk")


def comments_for(user: Any, registration: Registration) -> QuerySet[Comment]:
    """Comments visible to this user: internal notes only for reviewers of the unit."""
    comments = registration.comments.select_related("author")
    if not get_scope(user).allows(Action.REVIEW, registration.unit):
        comments = comments.filter(internal=False)
    return comments


def scores_of(registration: Registration) -> QuerySet[Score]:
    """Self-check and reviewers' scores with their scorer (the page shows totals, not items)."""
    return registration.scores.select_related("scorer")


# --- who has not registered ---------------------------------------------------------------


@dataclass
class NotRegisteredBoard:
    campaign: Campaign | None
    year: int
    total: int
    registered: int
    units: QuerySet[Unit]

    @property
    def not_registered(self) -> int:
        return self.total - self.registered


def not_registered(
    user: Any, campaign: Campaign | None, year: int, q: str = ""
) -> NotRegisteredBoard:
    """Grassroots organisations (in the reviewer's scope and the campaign) with nothing sent."""
    units = (
        Unit.objects.for_action(user, Action.REVIEW)
        .grassroots()
        .active()
        .select_related("unit_type")
    )
    if campaign is not None:
        units = units.filter(path__startswith=campaign.root_unit.path)
    sent = Registration.objects.filter(unit=OuterRef("pk"), year=year).registered()
    if campaign is not None:
        sent = sent.filter(campaign=campaign)
    counts = units.aggregate(total=Count("pk"), registered=Count("pk", filter=Exists(sent)))
    missing = units.filter(~Exists(sent)).search(q).order_by("path")
    return NotRegisteredBoard(campaign, year, counts["total"], counts["registered"], missing)


def with_leaders(units: list[Unit]) -> list[tuple[Unit, Unit | None, Any]]:
    """(unit, steering group, leader membership) rows: two queries for any number of units."""
    groups = steering_groups_by_parent(units)
    return [(u, groups.get(u.path), leader_of(groups.get(u.path))) for u in units]


# --- duplicates -------------------------------------------------------------------------


def _words(folded: str) -> list[str]:
    """Words of a folded text, punctuation and quotes dropped ("“ngay" -> "ngay")."""
    return [w for w in re.findall(r"\w+", folded) if len(w) > 1]


def _rank_by_trigram(candidates: QuerySet[Registration], folded: str, limit: int) -> list:
    """PostgreSQL: trigram word similarity of the folded name against the folded search text."""
    from django.contrib.postgres.search import TrigramWordSimilarity

    return list(
        candidates.annotate(similarity=TrigramWordSimilarity(folded, "search_text"))
        .filter(similarity__gte=DUPLICATE_THRESHOLD)
        .order_by("-similarity", "-year")[:limit]
    )


def _rank_by_shared_words(candidates: QuerySet[Registration], folded: str, limit: int) -> list:
    """Any database (SQLite in the demo): the share of words two folded names have in common
    (Jaccard: shared / all distinct words). Candidates are narrowed in SQL to names sharing at
    least one word, then ranked in Python (at most ``DUPLICATE_SCAN`` of them, newest first)."""
    wanted = set(_words(folded))
    query = Q()
    for word in wanted:
        query |= Q(search_text__contains=word)
    scored = []
    for registration in candidates.filter(query).order_by("-year", "-pk")[:DUPLICATE_SCAN]:
        have = set(_words(fold(registration.name)))
        overlap = len(wanted & have) / max(len(wanted | have), 1)
        if overlap >= DUPLICATE_THRESHOLD:
            registration.similarity = overlap
            scored.append(registration)
    scored.sort(key=lambda r: (-r.similarity, -r.year))
    return scored[:limit]


DUPLICATE_THRESHOLD = 0.5
DUPLICATE_SCAN = 300
# Backends of the duplicate finder: same inputs, same output (registrations with ``similarity``).
DUPLICATE_BACKENDS = {"trigram": _rank_by_trigram, "words": _rank_by_shared_words}


def near_duplicates(
    *,
    name: str,
    unit: Unit | None,
    year: int,
    exclude_pk: int | None = None,
    limit: int = 5,
    backend: str | None = None,
) -> list[Registration]:
    """Registrations with a similar name: the same unit in earlier years, or any unit this year.

    One function, two ranking backends: ``"trigram"`` (PostgreSQL ``pg_trgm``) and ``"words"``
    (shared words of the accent-folded name, for SQLite). ``backend=None`` picks by database;
    tests pass ``"words"`` to exercise the fallback on PostgreSQL. Withdrawn ones are left out.

    Another unit's registration is matched only once it has been sent in (submitted onwards, not
    returned): its drafts and returned ones are that unit's own work in progress, and the hint
    is shown to anyone who types a name. ``unit`` is one the caller may edit.
    """
    folded = fold(name)
    if len(folded) < 4 or not _words(folded):
        return []
    scope = Q(year=year, status__in=REGISTERED_STATES)
    if unit is not None:
        scope |= Q(unit=unit, year__lte=year)
    candidates = Registration.objects.filter(scope).exclude(status=Status.WITHDRAWN)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    candidates = candidates.select_related("unit")
    if backend is None:
        backend = "trigram" if connection.vendor == "postgresql" else "words"
    return DUPLICATE_BACKENDS[backend](candidates, folded, limit)


# --- library ------------------------------------------------------------------------------


def library(q: str = "", field: Any = None, kind: str = "") -> QuerySet[Registration]:
    """Recognised and outstanding models, open to every logged-in user."""
    queryset = Registration.objects.in_library().search(q)
    if field:
        queryset = queryset.filter(Q(primary_field=field) | Q(secondary_fields=field)).distinct()
    if kind:
        queryset = queryset.filter(kind=kind)
    # Only what a library card shows: the long text columns of 35,000 recognised models are
    # not read, and the order matches the ``registry_library_order`` partial index.
    return (
        queryset.select_related("unit", "primary_field")
        .only(*LIBRARY_CARD_FIELDS)
        .order_by("-decision_date", "-pk")
    )


def library_entry(pk: Any) -> Registration:
    from django.http import Http404

    try:
        return (
            Registration.objects.in_library()
            .select_related(*LIST_RELATED)
            .prefetch_related(
                "targets",
                "partners__organisation",
                Prefetch(
                    "replications",
                    queryset=Registration.objects.exclude(
                        status__in=[Status.DRAFT, Status.WITHDRAWN]
                    ).select_related("unit"),
                ),
            )
            .get(pk=pk)
        )
    except (Registration.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def library_states() -> frozenset:
    return LIBRARY_STATES


def today() -> datetime.date:
    return timezone.localdate()

"""Read-side queries of the campaigns app, shared by pages, exports and other apps."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from units.models import Unit

from .models import (
    Campaign,
    Deadline,
    DeadlineExtension,
    DirectiveDocument,
    DisseminationSession,
    PropagandaActivity,
)


def current_campaign() -> Campaign | None:
    return Campaign.objects.current()


def campaign_for(user: Any, pk: Any = None) -> Campaign | None:
    """The campaign a page shows: the one asked for (if visible), else the current one."""
    campaigns = Campaign.objects.visible_to(user).select_related("root_unit")
    if pk:
        try:
            return campaigns.get(pk=int(pk))
        except (Campaign.DoesNotExist, ValueError, TypeError):
            return None
    current = campaigns.active().order_by("-is_current", "-start_date").first()
    return current or campaigns.first()


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    return (
        Campaign.objects.visible_to(user)
        .select_related("root_unit")
        .annotate(deadline_count=Count("deadlines", distinct=True))
        .order_by("-is_current", "-start_date")
    )


def deadlines_of(campaign: Campaign) -> QuerySet[Deadline]:
    return (
        campaign.deadlines.select_related("applies_to", "plan")
        .annotate(
            extension_count=Count("extensions", filter=Q(extensions__removed_at__isnull=True))
        )
        .order_by("due_date", "kind")
    )


def deadlines_for_unit(unit: Unit, *, campaign: Campaign | None = None) -> QuerySet[Deadline]:
    """Every deadline ``unit`` must meet, each with its ``effective_due`` date (one query)."""
    deadlines = Deadline.objects.current().applying_to(unit).with_effective_due_date(unit)
    if campaign is not None:
        deadlines = deadlines.filter(campaign=campaign)
    return deadlines.select_related("campaign", "plan").order_by("effective_due", "kind")


def extensions_of(deadline: Deadline) -> QuerySet[DeadlineExtension]:
    return deadline.extensions.select_related("unit", "granted_by").order_by("unit__path")


def documents_list(
    user: Any, *, q: str = "", doc_type: str = "", campaign: Campaign | None = None
) -> QuerySet[DirectiveDocument]:
    documents = (
        DirectiveDocument.objects.visible_to(user)
        .search(q)
        .prefetch_related(
            Prefetch("campaigns", queryset=Campaign.objects.only("pk", "name", "code"))
        )
    )
    if doc_type:
        documents = documents.filter(doc_type=doc_type)
    if campaign is not None:
        documents = documents.filter(campaigns=campaign)
    return documents.order_by("-issued_on", "number")


def sessions_visible_to(user: Any, *, unit: Unit | None = None, year: int | None = None):
    sessions = DisseminationSession.objects.visible_to(user).select_related("unit", "campaign")
    if unit is not None:
        sessions = sessions.filter(unit=unit)
    if year:
        sessions = sessions.in_year(year)
    return sessions.prefetch_related("documents").order_by("-held_on", "-pk")


def propaganda_visible_to(user: Any, *, unit: Unit | None = None, year: int | None = None):
    activities = PropagandaActivity.objects.visible_to(user).select_related(
        "unit", "mass_organisation"
    )
    if unit is not None:
        activities = activities.filter(unit=unit)
    if year:
        activities = activities.in_year(year)
    return activities.order_by("-held_on", "-pk")


def this_year() -> int:
    return timezone.localdate().year


def default_board_year(campaign: Campaign | None, today: datetime.date | None = None) -> int:
    """This year, kept inside the campaign's period (an older phase shows its last year)."""
    year = (today or timezone.localdate()).year
    if campaign is None:
        return year
    return min(max(year, campaign.start_date.year), campaign.end_date.year)

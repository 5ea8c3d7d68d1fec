"""Read-side queries for reminders: the log, a deadline's board, a user's calendar."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from campaigns.models import Campaign, CampaignStatus, Deadline, effective_due_dates
from units.models import Unit
from units.scoping import Action, get_scope
from units.selectors import home_units_for

from .completion import completed_unit_ids
from .models import CalendarFeed, Reminder, UnitReminder


def reminder_log(user: Any) -> QuerySet[Reminder]:
    """Reminders about units the user manages, newest first, with what the page shows."""
    return (
        Reminder.objects.for_action(user, Action.MANAGE)
        .select_related("deadline", "unit", "email")
        .order_by("-created_at", "-pk")
    )


def queued_reminders(user: Any) -> dict:
    """Reminders planned but not yet written out per recipient (the worker is on it, or the
    broker is down and beat's sweep will): how many units, one query."""
    return {"units": UnitReminder.objects.for_action(user, Action.MANAGE).queued().count()}


def campaigns_managed_by(user: Any) -> list[Campaign]:
    scope = get_scope(user)
    campaigns = Campaign.objects.select_related("root_unit").order_by("-start_date")
    return [c for c in campaigns if scope.allows(Action.MANAGE, c.root_unit)]


def campaign_managed_by(user: Any, pk: Any) -> Campaign:
    """One campaign whose scope the user manages, else 404."""
    try:
        campaign = Campaign.objects.select_related("root_unit").get(pk=pk)
    except (Campaign.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not get_scope(user).allows(Action.MANAGE, campaign.root_unit):
        raise Http404
    return campaign


def deadlines_managed_by(user: Any) -> list[Deadline]:
    """Deadlines of active campaigns that apply inside the user's managed subtree."""
    return list(
        Deadline.objects.current()
        .reaching(user, Action.MANAGE)
        .filter(campaign__status=CampaignStatus.ACTIVE)
        .select_related("campaign", "applies_to")
        .order_by("-due_date", "pk")
    )


def deadline_managed_by(user: Any, pk: Any) -> Deadline:
    for deadline in deadlines_managed_by(user):
        if str(deadline.pk) == str(pk):
            return deadline
    raise Http404


def deadline_units(user: Any, deadline: Deadline) -> QuerySet[Unit]:
    """Grassroots units under the deadline that the user manages."""
    return (
        Unit.objects.for_action(user, Action.MANAGE)
        .grassroots()
        .active()
        .filter(path__startswith=deadline.applies_to.path)
        .order_by("path")
    )


def deadline_board_rows(deadline: Deadline, units: list[Unit]) -> list[dict]:
    """Per unit: effective due date, complete or not, how many reminders so far and the last
    (queued ones included: "send now" shows at once, even with the broker down). Three
    queries."""
    due = effective_due_dates(deadline=deadline, units=units)
    done = completed_unit_ids(deadline, [u.pk for u in units])
    last: dict[int, UnitReminder] = {}
    counts: dict[int, int] = {}
    for reminder in (
        UnitReminder.objects.filter(deadline=deadline, unit__in=units)
        .defer("recipients")
        .order_by("created_at", "pk")
    ):
        last[reminder.unit_id] = reminder
        counts[reminder.unit_id] = counts.get(reminder.unit_id, 0) + 1
    return [
        {
            "unit": unit,
            "due": due[unit.pk],
            "complete": unit.pk in done,
            "last": last.get(unit.pk),
            "count": counts.get(unit.pk, 0),
        }
        for unit in units
    ]


def calendar_feed_of(token: str) -> CalendarFeed:
    try:
        return CalendarFeed.objects.select_related("user").get(token=token, user__is_active=True)
    except CalendarFeed.DoesNotExist as exc:
        raise Http404 from exc


def calendar_entries(user: Any, *, limit: int = 500) -> list[tuple[Deadline, Unit | None, Any]]:
    """(deadline, unit or None, date): each of the user's own units' deadlines with its
    extension applied; for reviewers, each deadline in their subtree once, at its base date."""
    entries: list[tuple[Deadline, Unit | None, datetime.date]] = []
    units = list(home_units_for(user)[:20])
    active = (
        Deadline.objects.current()
        .filter(campaign__status=CampaignStatus.ACTIVE)
        .select_related("campaign", "applies_to")
    )
    seen: set[int] = set()
    for unit in units:
        for deadline in active.applying_to(unit).order_by("due_date")[:limit]:
            due = effective_due_dates(deadline=deadline, units=[unit])[unit.pk]
            entries.append((deadline, unit, due))
            seen.add(deadline.pk)
    if get_scope(user).is_reviewer:
        for deadline in active.reaching(user, Action.REVIEW).order_by("due_date")[:limit]:
            if deadline.pk not in seen:
                entries.append((deadline, None, deadline.due_date))
    return entries[:limit]

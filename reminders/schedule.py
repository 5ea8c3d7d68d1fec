"""Which reminder step fires for a unit's deadline on a given day: pure functions, no database.

Every step has a fixed day relative to the unit's *effective* due date (its extension if one was
granted), so an extension simply moves the whole schedule. On day ``today`` the step that fires is
the latest one whose day has come, provided it is at most ``catch_up_days`` old (a day missed by
beat is caught up the next morning; an old step is not dug up). The caller de-duplicates: the
reminder key holds the due date and the step, so each step goes out once per due date.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class ScheduleRules:
    days_before: tuple[int, ...] = (7, 3, 1)
    on_due_day: bool = True
    overdue_every_days: int = 7
    escalate_after_days: int = 14
    stop_after_days: int = 90
    catch_up_days: int = 3

    @property
    def lead_days(self) -> int:
        """How far ahead of a due date the first reminder may fire."""
        return max(self.days_before, default=0)


@dataclass(frozen=True)
class Step:
    key: str  # "before-7", "due", "overdue-7", "escalate-10"
    day: datetime.date
    offset: int  # days after the due date (negative: before it)
    escalate: bool = False

    @property
    def is_overdue(self) -> bool:
        return self.offset > 0


def step_label(key: str) -> str:
    """A step key as the office reads it: "before-3" → "3 ngày trước hạn". An unknown key is
    shown as it is rather than hidden."""
    name, _sep, number = key.partition("-")
    days = int(number) if number.isdigit() else None
    if name == "due":
        return _("on the due date")
    if name == "manual":
        return _("sent by hand")
    if days is None:
        return key
    if name == "before":
        return ngettext(
            "%(days)s day before the due date", "%(days)s days before the due date", days
        ) % {"days": days}
    if name == "overdue":
        return ngettext("%(days)s day overdue", "%(days)s days overdue", days) % {"days": days}
    if name == "escalate":
        return ngettext(
            "%(days)s day overdue, told to the leaders",
            "%(days)s days overdue, told to the leaders",
            days,
        ) % {"days": days}
    return key


@functools.lru_cache(maxsize=256)
def steps(rules: ScheduleRules, due: datetime.date) -> tuple[Step, ...]:
    """Every step of the schedule for one due date, in date order. Cached: a morning's
    thousands of units share a handful of due dates."""
    by_offset: dict[int, Step] = {}
    for days in rules.days_before:
        if days > 0:
            by_offset[-days] = Step(f"before-{days}", due - datetime.timedelta(days=days), -days)
    if rules.on_due_day:
        by_offset[0] = Step("due", due, 0)
    escalate_from = rules.escalate_after_days or None
    if rules.overdue_every_days > 0:
        for days in range(
            rules.overdue_every_days, rules.stop_after_days + 1, rules.overdue_every_days
        ):
            by_offset[days] = Step(
                f"overdue-{days}",
                due + datetime.timedelta(days=days),
                days,
                escalate=escalate_from is not None and days >= escalate_from,
            )
    if (
        escalate_from is not None
        and escalate_from <= rules.stop_after_days
        and escalate_from not in by_offset
    ):
        by_offset[escalate_from] = Step(
            f"escalate-{escalate_from}",
            due + datetime.timedelta(days=escalate_from),
            escalate_from,
            escalate=True,
        )
    return tuple(by_offset[k] for k in sorted(by_offset))


def step_due(
    *,
    rules: ScheduleRules,
    due: datetime.date,
    today: datetime.date,
    completed: bool = False,
) -> Step | None:
    """The step that fires for (unit, deadline) on ``today``, or None.

    ``completed``: the unit has done what the deadline asks; it gets nothing more.
    """
    if completed:
        return None
    current = None
    for step in steps(rules, due):
        if step.day > today:
            break
        current = step
    if current is None or (today - current.day).days > rules.catch_up_days:
        return None
    return current


def window(rules: ScheduleRules, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Due dates for which some step may fire on ``today`` (for the database query)."""
    earliest = today - datetime.timedelta(days=rules.stop_after_days + rules.catch_up_days)
    latest = today + datetime.timedelta(days=rules.lead_days)
    return earliest, latest

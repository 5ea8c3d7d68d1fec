"""Has a unit done what a deadline asks? One function per deadline kind.

Each function answers for many units in one query: ``fn(deadline, unit_ids) -> set of unit ids
that are complete``. A unit that is complete gets no more reminders for that deadline.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from campaigns.models import Deadline, DeadlineKind

CompletionRule = Callable[[Deadline, Collection[int]], set[int]]


def registration_complete(deadline: Deadline, unit_ids: Collection[int]) -> set[int]:
    """A registration for the campaign and year that counts as registered: the same rule as the
    who-has-not-registered list and Table 01 (a returned one is back with the unit)."""
    from models_registry.models import Registration

    return set(
        Registration.objects.filter(
            campaign_id=deadline.campaign_id, year=deadline.year, unit_id__in=list(unit_ids)
        )
        .registered()
        .values_list("unit_id", flat=True)
        .distinct()
    )


def report_complete(deadline: Deadline, unit_ids: Collection[int]) -> set[int]:
    """A periodic report (6-month, annual, mid-term, final) for this very deadline that was sent:
    submitted, resubmitted or accepted. A report returned for revision is not complete."""
    from reports.models import PeriodicReport

    return set(
        PeriodicReport.objects.filter(deadline=deadline, unit_id__in=list(unit_ids))
        .sent()
        .values_list("unit_id", flat=True)
        .distinct()
    )


def never_complete(deadline: Deadline, unit_ids: Collection[int]) -> set[int]:
    """Deadlines of kind "other": the app cannot tell; the schedule runs its course."""
    return set()


RULES: dict[str, CompletionRule] = {
    DeadlineKind.REGISTRATION: registration_complete,
    DeadlineKind.SIX_MONTH_REPORT: report_complete,
    DeadlineKind.ANNUAL_REPORT: report_complete,
    DeadlineKind.MID_TERM_REVIEW: report_complete,
    DeadlineKind.FINAL_REVIEW: report_complete,
    DeadlineKind.OTHER: never_complete,
}


def completed_unit_ids(deadline: Deadline, unit_ids: Collection[int]) -> set[int]:
    if not unit_ids:
        return set()
    return RULES.get(deadline.kind, never_complete)(deadline, unit_ids)

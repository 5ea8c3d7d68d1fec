"""Read queries of the awards pages; every one goes through the scoping mechanism."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from campaigns.models import Campaign
from units.scoping import Action, get_object_for

from .models import Decision, Nominee, Proposal, ProposalStatus, Quota, Recipient


def default_year(campaign: Campaign | None) -> int:
    year = timezone.localdate().year
    if campaign is None:
        return year
    years = campaign.years
    return min(max(year, years.start), years.stop - 1)


def _with_counts(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return queryset.select_related("unit", "campaign").annotate(
        # A join, not the manager: removed nominees are left out by hand.
        collectives=Count(
            "nominees", filter=Q(nominees__kind="collective", nominees__removed_at__isnull=True)
        ),
        individuals=Count(
            "nominees", filter=Q(nominees__kind="individual", nominees__removed_at__isnull=True)
        ),
    )


def own_proposals(user: Any) -> QuerySet[Proposal]:
    """The proposals of the organisations the user works for (edit rights), newest first."""
    return _with_counts(Proposal.objects.for_action(user, Action.EDIT)).order_by(
        "-year", "unit__path"
    )


def proposal_detail(user: Any, pk: Any) -> Proposal:
    return get_object_for(
        user, Proposal.objects.select_related("unit", "campaign", "created_by"), pk=pk
    )


def proposal_nominees(proposal: Proposal) -> list[Nominee]:
    return list(
        proposal.nominees.select_related(
            "form", "mass_organisation", "registration", "recipient__decision"
        ).order_by("order", "pk")
    )


def review_queue(user: Any, filters: dict) -> QuerySet[Proposal]:
    """Proposals sent to the steering committee (drafts stay with the unit), filtered."""
    queryset = Proposal.objects.for_action(user, Action.REVIEW).exclude(status=ProposalStatus.DRAFT)
    if filters.get("campaign"):
        queryset = queryset.filter(campaign=filters["campaign"])
    if filters.get("year"):
        queryset = queryset.filter(year=filters["year"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("form"):
        queryset = queryset.filter(
            pk__in=Nominee.objects.filter(form=filters["form"]).values("proposal_id")
        )
    if filters.get("unit"):
        queryset = queryset.filter(unit__search_text__contains=_fold(filters["unit"]))
    return _with_counts(queryset).order_by("-year", "unit__path", "pk")


def _fold(text: str) -> str:
    from danvan.text import fold

    return fold(text)


def queue_nominees(proposals: QuerySet[Proposal], form=None) -> QuerySet[Nominee]:
    """The short-list lines of the filtered proposals (the Excel export's rows)."""
    queryset = Nominee.objects.filter(proposal__in=proposals.values("pk"))
    if form is not None:
        queryset = queryset.filter(form=form)
    return queryset.select_related("proposal__unit", "proposal__campaign", "form").order_by(
        "-proposal__year", "proposal__unit__path", "proposal_id", "order", "pk"
    )


def quota_campaigns(user: Any) -> QuerySet[Campaign]:
    """Campaigns whose quotas the user may set: MANAGE on the campaign's root, or on a unit the
    campaign covers (a bloc's standing office under a province-wide campaign)."""
    return Campaign.objects.reaching(user, Action.MANAGE)


def quotas_for(campaign: Campaign, year: int) -> list[Quota]:
    return list(Quota.objects.filter(campaign=campaign, year=year).select_related("form"))


def decisions_for(user: Any) -> QuerySet[Decision]:
    return (
        Decision.objects.for_action(user, Action.REVIEW)
        .select_related("form", "campaign", "unit")
        .prefetch_related(Prefetch("recipients", queryset=Recipient.objects.select_related("unit")))
        .order_by("-date", "-pk")
    )


def decision_detail(user: Any, pk: Any) -> Decision:
    return get_object_for(
        user,
        Decision.objects.select_related("form", "campaign", "unit", "recorded_by"),
        action=Action.REVIEW,
        pk=pk,
    )


def awardable_nominees(user: Any, *, campaign: Campaign | None, year: int | None):
    """Nominees of accepted proposals in the user's subtree, not yet named in a decision."""
    queryset = Nominee.objects.for_action(user, Action.MANAGE).filter(
        proposal__status=ProposalStatus.ACCEPTED, recipient__isnull=True
    )
    if campaign is not None:
        queryset = queryset.filter(proposal__campaign=campaign)
    if year:
        queryset = queryset.filter(proposal__year=year)
    return queryset.select_related("proposal__unit", "form").order_by(
        "proposal__unit__path", "order", "pk"
    )


def certificate_jobs(decision: Decision):
    """The latest render jobs of the decision's certificates (the page shows and polls them)."""
    from reports.models import RenderJob

    return RenderJob.objects.filter(decision=decision).order_by("-created_at", "-pk")[:3]

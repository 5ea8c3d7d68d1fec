"""The rubric is data; bands; self-check and reviewer scores; the average."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from danvan.workflow import TransitionRefused
from models_registry import services
from models_registry.models import Band, Criterion, Rubric, Status
from models_registry.workflow import REGISTRATION_WORKFLOW

from .conftest import at_status

pytestmark = pytest.mark.django_db


def full_points(rubric, minus=0):
    criteria = list(Criterion.objects.filter(rubric=rubric))
    points = {c.pk: Decimal(c.max_points) for c in criteria}
    points[criteria[-1].pk] -= minus
    return points


def test_default_rubric_is_the_domain_one(campaign):
    rubric = Rubric.objects.for_campaign(campaign)
    assert [c.max_points for c in rubric.criteria.all()] == [10, 10, 15, 15, 30, 10, 10]
    assert rubric.max_total == 100
    assert rubric.band_for(Decimal(90)) == Band.OUTSTANDING
    assert rubric.band_for(Decimal("89.5")) == Band.RECOGNISED
    assert rubric.band_for(Decimal(75)) == Band.RECOGNISED
    assert rubric.band_for(Decimal("74.5")) == Band.NOT_RECOGNISED
    assert rubric.band_for(None) is None


def test_a_campaigns_own_rubric_replaces_the_default(campaign):
    own = Rubric.objects.create(campaign=campaign, name="Riêng", recognised_from=60)
    Criterion.objects.create(rubric=own, title="Hiệu quả", max_points=100)
    assert Rubric.objects.for_campaign(campaign) == own
    assert own.band_for(Decimal(65)) == Band.RECOGNISED


def test_reviewer_scores_average_into_the_registration(draft, reviewer, standing_office):
    registration = at_status(draft, Status.UNDER_REVIEW)
    rubric = Rubric.objects.for_campaign(registration.campaign)
    services.score_save(
        registration=registration, by=reviewer, kind="reviewer", points=full_points(rubric, 10)
    )
    services.score_save(
        registration=registration,
        by=standing_office,
        kind="reviewer",
        points=full_points(rubric, 5),
    )
    registration.refresh_from_db()
    assert registration.final_score == Decimal("92.5")
    # Scoring again replaces the reviewer's own score.
    services.score_save(
        registration=registration, by=reviewer, kind="reviewer", points=full_points(rubric, 10)
    )
    assert registration.scores.count() == 2


def test_points_over_the_maximum_are_refused(draft, reviewer):
    registration = at_status(draft, Status.UNDER_REVIEW)
    rubric = Rubric.objects.for_campaign(registration.campaign)
    points = full_points(rubric)
    first = next(iter(points))
    points[first] = Decimal(11)
    with pytest.raises(ValidationError):
        services.score_save(registration=registration, by=reviewer, kind="reviewer", points=points)
    assert not registration.scores.exists()


def test_members_cannot_give_reviewer_scores(draft, group_leader):
    registration = at_status(draft, Status.UNDER_REVIEW)
    rubric = Rubric.objects.for_campaign(registration.campaign)
    with pytest.raises(TransitionRefused):
        services.score_save(
            registration=registration, by=group_leader, kind="reviewer", points=full_points(rubric)
        )


def test_self_check_then_self_assess(draft, group_leader):
    registration = at_status(draft, Status.IN_PROGRESS)
    with pytest.raises(ValidationError):
        REGISTRATION_WORKFLOW.take(registration, "self_assess", by=group_leader)
    rubric = Rubric.objects.for_campaign(registration.campaign)
    services.score_save(
        registration=registration, by=group_leader, kind="self", points=full_points(rubric, 8)
    )
    done = REGISTRATION_WORKFLOW.take(registration, "self_assess", by=group_leader)
    assert done.status == Status.SELF_ASSESSED

"""Late marking against the unit's effective registration deadline (extensions included)."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import DeadlineExtension
from models_registry.workflow import REGISTRATION_WORKFLOW

from .factories import make_deadline

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_on_time_before_the_deadline(tree, campaign, draft, group_leader):
    make_deadline(
        campaign, year=2025, due=today() + datetime.timedelta(days=3), applies_to=tree.bloc
    )
    done = REGISTRATION_WORKFLOW.take(draft, "submit", by=group_leader)
    assert done.is_late is False
    assert done.submitted_at is not None


def test_late_after_the_deadline(tree, campaign, draft, group_leader):
    make_deadline(
        campaign, year=2025, due=today() - datetime.timedelta(days=1), applies_to=tree.bloc
    )
    assert REGISTRATION_WORKFLOW.take(draft, "submit", by=group_leader).is_late is True


def test_an_extension_for_the_unit_makes_it_on_time(
    tree, campaign, draft, group_leader, standing_office
):
    deadline = make_deadline(
        campaign, year=2025, due=today() - datetime.timedelta(days=1), applies_to=tree.bloc
    )
    DeadlineExtension.objects.create(
        deadline=deadline,
        unit=tree.base_a,
        due_date=today() + datetime.timedelta(days=5),
        reason="Đơn vị mới sáp nhập",
        granted_by=standing_office,
    )
    assert REGISTRATION_WORKFLOW.take(draft, "submit", by=group_leader).is_late is False


def test_another_units_extension_does_not_help(
    tree, campaign, draft, group_leader, standing_office
):
    deadline = make_deadline(
        campaign, year=2025, due=today() - datetime.timedelta(days=1), applies_to=tree.bloc
    )
    DeadlineExtension.objects.create(
        deadline=deadline,
        unit=tree.base_b,
        due_date=today() + datetime.timedelta(days=5),
        reason="Khác đơn vị",
        granted_by=standing_office,
    )
    assert REGISTRATION_WORKFLOW.take(draft, "submit", by=group_leader).is_late is True


def test_deadline_of_another_year_or_subtree_does_not_apply(tree, campaign, draft, group_leader):
    make_deadline(
        campaign, year=2024, due=today() - datetime.timedelta(days=1), applies_to=tree.bloc
    )
    make_deadline(
        campaign, year=2025, due=today() - datetime.timedelta(days=1), applies_to=tree.bloc2
    )
    assert REGISTRATION_WORKFLOW.take(draft, "submit", by=group_leader).is_late is False


def test_the_most_specific_deadline_wins(tree, campaign, draft, group_leader):
    make_deadline(
        campaign, year=2025, due=today() - datetime.timedelta(days=1), applies_to=tree.province
    )
    make_deadline(
        campaign, year=2025, due=today() + datetime.timedelta(days=9), applies_to=tree.bloc
    )
    assert REGISTRATION_WORKFLOW.take(draft, "submit", by=group_leader).is_late is False


def _page_due(registration):
    from models_registry.models import Registration
    from models_registry.workflow import due_date_expression

    return (
        Registration.objects.annotate(due=due_date_expression())
        .values_list("due", flat=True)
        .get(pk=registration.pk)
    )


def test_the_pages_due_date_is_the_one_late_marking_uses(tree, campaign, draft, standing_office):
    """The registration page reads its deadline with the registration (one query); it is the
    date ``due_date_for`` finds: most specific unit, the unit's own extension, not another's."""
    from models_registry.workflow import due_date_for

    assert _page_due(draft) is None
    make_deadline(campaign, year=2024, due=today(), applies_to=tree.bloc)
    make_deadline(campaign, year=2025, due=today(), applies_to=tree.bloc2)
    assert _page_due(draft) is None
    make_deadline(
        campaign, year=2025, due=today() - datetime.timedelta(days=1), applies_to=tree.province
    )
    assert _page_due(draft) == due_date_for(draft) == today() - datetime.timedelta(days=1)
    bloc = make_deadline(
        campaign, year=2025, due=today() + datetime.timedelta(days=9), applies_to=tree.bloc
    )
    assert _page_due(draft) == due_date_for(draft) == today() + datetime.timedelta(days=9)
    for unit, days in [(tree.base_b, 20), (tree.base_a, 30)]:
        DeadlineExtension.objects.create(
            deadline=bloc,
            unit=unit,
            due_date=today() + datetime.timedelta(days=days),
            reason="Gia hạn",
            granted_by=standing_office,
        )
    assert _page_due(draft) == due_date_for(draft) == today() + datetime.timedelta(days=30)

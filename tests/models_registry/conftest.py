import datetime

import pytest
from django.utils import translation

from models_registry.models import Registration, Status

from .factories import make_campaign, make_registration


@pytest.fixture(autouse=True)
def _vietnamese():
    """Registry tests assert the Vietnamese users read, whatever an earlier test left active
    (a request with another language, a test that activated "en" and did not reset it)."""
    with translation.override("vi"):
        yield


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.province)


@pytest.fixture
def draft(tree, campaign) -> Registration:
    """A complete draft of organisation A, ready to submit."""
    return make_registration(tree.base_a, campaign)


@pytest.fixture
def draft_b(tree, campaign) -> Registration:
    return make_registration(tree.base_b, campaign, name="Mô hình của Sở Tư pháp")


def at_status(registration: Registration, status: str) -> Registration:
    Registration.objects.filter(pk=registration.pk).update(status=status)
    registration.refresh_from_db()
    return registration


@pytest.fixture
def submitted(draft) -> Registration:
    draft.submitted_at = datetime.datetime(2025, 3, 10, 9, tzinfo=datetime.UTC)
    draft.save()
    return at_status(draft, Status.SUBMITTED)

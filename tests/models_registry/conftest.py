import datetime

import pytest
from django.db import connection
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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test of this folder (serialized rollback), put the migrations' rows
    back, so later tests in any order (browser tests with serialized rollback, plain database
    tests) find the database as usual. Same as ``tests/integration/conftest.py``."""
    result = yield
    marker = item.get_closest_marker("django_db")
    contents = getattr(connection, "_test_serialized_contents", None)
    if marker is not None and marker.kwargs.get("serialized_rollback") and contents and nextitem:
        from django.core.management import call_command
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            connection.creation.deserialize_db_from_string(contents)
    return result

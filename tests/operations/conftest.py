import hashlib

import pytest
from django.db import connection

from tests.campaigns.factories import pdf_upload
from tests.steering.factories import FoundingDecisionFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Stored files go to a private folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def decision_with_file(tree):
    """``decision_with_file(unit, title)``: a founding decision whose scan went through storage."""

    def make(unit=None, title="Quyet dinh"):
        return FoundingDecisionFactory(
            unit=unit or tree.base_a, file=pdf_upload("qd-thanh-lap.pdf", title=title)
        )

    return make


def sha256_of(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the round-trip tests (serialized rollback), put the migrations' rows back with
    their own primary keys, as ``tests/integration/conftest.py`` does: a later serialized test
    would otherwise meet content types re-created under new ids."""
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

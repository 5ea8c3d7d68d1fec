import pytest
from django.utils import translation

from .factories import award_campaign


@pytest.fixture(autouse=True)
def _vietnamese():
    """Awards tests assert what Vietnamese users read."""
    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def campaign(tree):
    return award_campaign(tree.province)

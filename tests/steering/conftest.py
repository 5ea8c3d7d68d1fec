import pytest

from tests.campaigns.factories import CampaignFactory, DeadlineFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploads go to a private folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def campaign(tree):
    return CampaignFactory(root_unit=tree.bloc)


@pytest.fixture
def deadline(campaign):
    return DeadlineFactory(campaign=campaign)

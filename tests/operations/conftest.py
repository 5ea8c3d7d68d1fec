import hashlib

import pytest

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

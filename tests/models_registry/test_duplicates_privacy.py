"""The near-duplicate hint never shows another unit's work in progress.

The hint appears to anyone typing a registration name. Another organisation's drafts and
returned registrations (name and organisation) used to be listed; now another unit's entries
count only once they are sent in, while the user's own unit's drafts still show.
"""

import pytest
from django.urls import reverse

from models_registry.models import Status

from .conftest import at_status
from .factories import make_registration

pytestmark = pytest.mark.django_db

NAME = "Dân vận khéo trong cải cách thủ tục hành chính"


def hint(client, unit):
    return client.get(
        reverse("models_registry:duplicates"), {"name": NAME, "unit": unit.pk, "year": 2025}
    ).content.decode()


def test_other_units_drafts_and_returned_ones_are_not_listed(tree, campaign, group_leader, login):
    draft = make_registration(tree.base_b, campaign, name=f"{NAME} (bản nháp)", year=2025)
    returned = at_status(
        make_registration(tree.base_c, campaign, name=f"{NAME} (trả lại)", year=2025),
        Status.RETURNED,
    )
    page = hint(login(group_leader), tree.base_a)
    assert draft.name not in page
    assert returned.name not in page
    assert tree.base_b.name not in page


def test_sent_in_ones_and_the_units_own_drafts_are_listed(tree, campaign, group_leader, login):
    sent = at_status(
        make_registration(tree.base_b, campaign, name=f"{NAME} (đã gửi)", year=2025),
        Status.SUBMITTED,
    )
    own = make_registration(tree.base_a, campaign, name=f"{NAME} (của mình)", year=2025)
    page = hint(login(group_leader), tree.base_a)
    assert sent.name in page
    assert own.name in page

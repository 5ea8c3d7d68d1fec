"""A unit's "delete" of a dissemination session or propaganda activity removes it from every
list and count but keeps the row, its file and its history (who removed it, when)."""

import pytest
from django.urls import reverse

from campaigns.models import DisseminationSession
from tests.campaigns.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_a_removed_session_leaves_the_lists_and_stays_in_history(tree, group_member, login):
    session = SessionFactory(unit=tree.base_a, recorded_by=group_member, title="Hội nghị 238")
    client = login(group_member)
    response = client.post(reverse("campaigns:session_delete", args=[session.pk]))
    assert response.status_code == 302

    listing = client.get(reverse("campaigns:session_list")).content.decode()
    assert "Hội nghị 238" not in listing
    assert not DisseminationSession.objects.filter(pk=session.pk).exists()
    assert client.get(reverse("campaigns:session_file", args=[session.pk])).status_code == 404

    kept = DisseminationSession._base_manager.get(pk=session.pk)
    assert kept.title == "Hội nghị 238"
    assert kept.removed_at is not None
    last = kept.history.latest()
    assert last.history_type == "~"
    assert last.history_user == group_member
    assert last.prev_record.removed_at is None

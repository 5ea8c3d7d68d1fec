"""A stored file missing on disk is a Vietnamese 'file missing' page (404), never a 500, and the
standing office is told."""

from pathlib import Path

import pytest
from django.urls import reverse

from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_download_of_a_missing_file_is_a_404_page_and_the_office_is_told(
    tree, group_member, standing_office, login, decision_with_file, settings
):
    decision = decision_with_file()
    (Path(settings.MEDIA_ROOT) / decision.file.name).unlink()
    client = login(group_member)
    url = reverse("steering:decision_file", args=[decision.pk])
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Tệp này không còn" in page
    assert "Thường trực" in page
    notes = Notification.objects.filter(recipient=standing_office, kind="stored_files")
    assert notes.count() == 1
    assert decision.file.name in notes.get().body
    # Asking again tells the office nothing new.
    assert client.get(url).status_code == 404
    assert notes.count() == 1

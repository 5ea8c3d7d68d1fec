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


def test_a_removed_file_leaves_the_registration_and_stays_in_history(
    tree, group_member, reviewer, login, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from models_registry import services
    from models_registry.models import Attachment
    from tests.models_registry.factories import make_campaign, make_registration

    settings.MEDIA_ROOT = tmp_path
    draft = make_registration(tree.base_a, make_campaign(tree.province))
    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    attachment = services.registration_attachment_add(
        registration=draft, by=group_member, file=pdf, kind="plan", title="Kế hoạch triển khai"
    )
    client = login(group_member)
    response = client.post(reverse("models_registry:attachment_delete", args=[attachment.pk]))
    assert response.status_code == 302

    detail = client.get(reverse("models_registry:detail", args=[draft.pk])).content.decode()
    assert "Kế hoạch triển khai" not in detail
    download = reverse("models_registry:attachment_download", args=[attachment.pk])
    assert client.get(download).status_code == 404
    kept = Attachment._base_manager.get(pk=attachment.pk)
    assert kept.removed_at is not None
    assert kept.file.storage.exists(kept.file.name)  # the file itself is kept

    history = login(reviewer).get(reverse("audit:history", args=["registration", draft.pk]))
    rows = history.content.decode()
    assert "Tệp đính kèm: Kế hoạch triển khai" in rows
    assert "Gỡ bỏ lúc" in rows

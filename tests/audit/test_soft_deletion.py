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


def _history(client, kind: str, pk: int) -> str:
    page = client.get(reverse("audit:history", args=[kind, pk]))
    assert page.status_code == 200
    return page.content.decode()


def test_a_removed_nominee_leaves_the_short_list_and_stays_in_history(
    tree, group_leader, reviewer, login
):
    from awards.models import Nominee
    from awards.selectors import own_proposals
    from tests.awards.factories import award_campaign, make_nominee, make_proposal

    proposal = make_proposal(tree.base_a, award_campaign(tree.province), nominees=0)
    nominee = make_nominee(proposal, name="Tổ dân vận Sở Tài chính")
    make_nominee(proposal, name="Chi đoàn Sở Tài chính")
    client = login(group_leader)
    assert client.post(reverse("awards:nominee_delete", args=[nominee.pk])).status_code == 302

    detail = client.get(reverse("awards:detail", args=[proposal.pk])).content.decode()
    assert "Tổ dân vận Sở Tài chính" not in detail
    assert "Chi đoàn Sở Tài chính" in detail
    assert list(proposal.nominees.all()) == [Nominee.objects.get(name="Chi đoàn Sở Tài chính")]
    assert own_proposals(group_leader).get(pk=proposal.pk).collectives == 1  # counts too
    assert client.post(reverse("awards:nominee_delete", args=[nominee.pk])).status_code == 404

    kept = Nominee._base_manager.get(pk=nominee.pk)
    assert kept.removed_at is not None
    assert kept.history.latest().history_user == group_leader
    rows = _history(login(reviewer), "proposal", proposal.pk)
    assert "Tổ dân vận Sở Tài chính" in rows
    assert "Gỡ bỏ lúc" in rows


def test_a_removed_quota_no_longer_limits_and_may_be_set_again(tree, standing_office, login):
    from awards.models import Quota
    from tests.awards.factories import award_campaign, form, make_quota

    campaign = award_campaign(tree.province)
    quota = make_quota(campaign, c=1, i=2)
    client = login(standing_office)
    assert client.post(reverse("awards:quota_delete", args=[quota.pk])).status_code == 302
    assert not Quota.objects.exists()
    assert Quota._base_manager.get(pk=quota.pk).removed_at is not None
    assert client.post(reverse("awards:quota_delete", args=[quota.pk])).status_code == 404

    data = {"campaign": campaign.pk, "year": 2013, "form": form().pk}
    again = client.post(
        reverse("awards:quotas"), {**data, "max_collectives": 4, "max_individuals": 0}
    )
    assert again.status_code == 302  # the removed one does not block the same year and form
    assert Quota.objects.get().max_collectives == 4
    rows = _history(client, "campaign", campaign.pk)
    assert "Chỉ tiêu đề nghị: 2013" in rows
    assert "Gỡ bỏ lúc" in rows


def test_a_revoked_extension_stops_applying_and_stays_in_history(tree, standing_office, login):
    import datetime

    from campaigns.models import DeadlineExtension
    from campaigns.models.campaigns import effective_due_date
    from campaigns.services import deadline_extension_grant
    from tests.campaigns.factories import CampaignFactory, DeadlineFactory

    deadline = DeadlineFactory(campaign=CampaignFactory(root_unit=tree.bloc))
    extension = deadline_extension_grant(
        deadline=deadline,
        unit=tree.base_a,
        due_date=deadline.due_date + datetime.timedelta(days=30),
        reason="Đổi Bí thư giữa kỳ",
        by=standing_office,
    )
    client = login(standing_office)
    response = client.post(reverse("campaigns:extension_revoke", args=[extension.pk]))
    assert response.status_code == 302
    assert effective_due_date(deadline=deadline, unit=tree.base_a) == deadline.due_date
    page = client.get(reverse("campaigns:deadline_detail", args=[deadline.pk])).content.decode()
    assert "Đổi Bí thư giữa kỳ" not in page
    assert DeadlineExtension._base_manager.get(pk=extension.pk).removed_at is not None

    deadline_extension_grant(  # granting again makes a new one
        deadline=deadline,
        unit=tree.base_a,
        due_date=deadline.due_date + datetime.timedelta(days=10),
        reason="Lần hai",
        by=standing_office,
    )
    assert DeadlineExtension._base_manager.filter(deadline=deadline).count() == 2
    rows = _history(client, "deadline", deadline.pk)
    assert "Gỡ bỏ lúc" in rows

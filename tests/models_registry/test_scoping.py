"""Another organisation's registration: 404 by URL and by POST, never in a list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from models_registry import services
from models_registry.models import Attachment, Registration, Status

from .conftest import at_status

pytestmark = pytest.mark.django_db

GET_PAGES = ["detail", "edit", "self_check"]
POST_PAGES = ["autosave", "comment_add", "attachment_add", "progress_add"]


@pytest.mark.parametrize("name", GET_PAGES)
def test_another_units_registration_is_404_like_a_missing_one(draft_b, group_member, login, name):
    client = login(group_member)
    other = client.get(reverse(f"models_registry:{name}", args=[draft_b.pk]))
    missing = client.get(reverse(f"models_registry:{name}", args=[999999]))
    assert other.status_code == missing.status_code == 404


@pytest.mark.parametrize("name", POST_PAGES)
def test_posting_to_another_units_registration_is_404(draft_b, group_member, login, name):
    before = Registration.objects.get(pk=draft_b.pk).version
    response = login(group_member).post(
        reverse(f"models_registry:{name}", args=[draft_b.pk]),
        {"body": "x", "name": "Chiếm quyền", "version": before},
    )
    assert response.status_code == 404
    draft_b.refresh_from_db()
    assert draft_b.version == before
    assert not draft_b.comments.exists()


def test_a_step_on_another_units_registration_is_404(draft_b, group_leader, login):
    response = login(group_leader).post(
        reverse("models_registry:transition", args=[draft_b.pk, "submit"])
    )
    assert response.status_code == 404
    draft_b.refresh_from_db()
    assert draft_b.status == Status.DRAFT


def test_lists_never_include_another_units_registration(
    tree, campaign, draft, draft_b, group_member, reviewer, login
):
    from .factories import make_registration

    far = make_registration(tree.base_c, campaign, name="Mô hình khối doanh nghiệp")
    for r in (draft, draft_b, far):
        at_status(r, Status.SUBMITTED)
    mine = login(group_member).get(reverse("models_registry:mine")).context["page"]
    assert {r.pk for r in mine.object_list} == {draft.pk}
    queue = login(reviewer).get(reverse("models_registry:queue")).context["page"]
    assert {r.pk for r in queue.object_list} == {draft.pk, draft_b.pk}  # not bloc 2's


def test_member_cannot_open_the_queue(group_member, login):
    assert login(group_member).get(reverse("models_registry:queue")).status_code == 403
    assert login(group_member).get(reverse("models_registry:not_registered")).status_code == 403


def test_bulk_accept_with_another_blocs_id_is_404(tree, campaign, draft, reviewer, login):
    from .factories import make_registration

    far = at_status(make_registration(tree.base_c, campaign), Status.SUBMITTED)
    mine = at_status(draft, Status.SUBMITTED)
    response = login(reviewer).post(
        reverse("models_registry:bulk_accept"), {"ids": [mine.pk, far.pk]}
    )
    assert response.status_code == 404
    far.refresh_from_db()
    mine.refresh_from_db()
    assert far.status == mine.status == Status.SUBMITTED


def test_attachment_is_served_only_inside_scope(
    draft, group_member, other_leader, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    attachment = services.registration_attachment_add(
        registration=draft, by=group_member, file=pdf, kind="plan", title="Kế hoạch"
    )
    url = reverse("models_registry:attachment_download", args=[attachment.pk])
    assert login(group_member).get(url).status_code == 200
    assert login(other_leader).get(url).status_code == 404


def test_disguised_file_is_refused(draft, group_member, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("anh.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = login(group_member).post(
        reverse("models_registry:attachment_add", args=[draft.pk]),
        {"kind": "plan", "file": fake},
        follow=True,
    )
    assert response.status_code == 200
    assert not Attachment.objects.exists()

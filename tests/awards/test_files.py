"""Dossier files are checked by content and served only to those who may see the proposal."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .factories import PDF, make_proposal


def test_a_renamed_program_is_refused_and_nothing_is_saved(tree, campaign, group_member, login):
    proposal = make_proposal(tree.base_a, campaign, files=False)
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    good = SimpleUploadedFile("to-trinh.pdf", PDF, "application/pdf")
    response = login(group_member).post(
        reverse("awards:upload", args=[proposal.pk]), {"letter": good, "minutes": fake}
    )
    assert response.status_code == 400
    assert "Loại tệp này không được chấp nhận" in response.content.decode()
    proposal.refresh_from_db()
    assert not proposal.letter
    assert not proposal.minutes


def test_no_file_chosen_is_a_clear_message(tree, campaign, group_member, login):
    proposal = make_proposal(tree.base_a, campaign, files=False)
    response = login(group_member).post(reverse("awards:upload", args=[proposal.pk]), {})
    assert response.status_code == 400
    assert "chọn ít nhất một tệp" in response.content.decode()


def test_a_good_file_is_kept_and_served_to_the_unit_and_reviewers_only(
    tree, campaign, group_member, other_leader, reviewer, login
):
    proposal = make_proposal(tree.base_a, campaign, files=False)
    upload = SimpleUploadedFile("Tờ trình khen thưởng.pdf", PDF, "application/pdf")
    response = login(group_member).post(
        reverse("awards:upload", args=[proposal.pk]), {"letter": upload}
    )
    assert response.status_code == 302
    url = reverse("awards:download", args=[proposal.pk, "letter"])
    got = login(group_member).get(url)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == PDF
    assert got["X-Content-Type-Options"] == "nosniff"
    assert login(reviewer).get(url).status_code == 200
    assert login(other_leader).get(url).status_code == 404
    missing = reverse("awards:download", args=[proposal.pk, "report"])
    assert login(group_member).get(missing).status_code == 404

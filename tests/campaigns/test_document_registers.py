"""Each bloc keeps its own register of directive documents.

Another bloc's office cannot open, edit or delete an entry (404, nothing changed); an edit keeps
the entry's links to campaigns the editor cannot see; the register lists only the user's bloc's
entries (and those of units above it).
"""

import pytest
from django.urls import reverse

from campaigns.models import DirectiveDocument
from tests.campaigns.factories import CampaignFactory, DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(tree, campaign):
    document = DocumentFactory(number="238-CV/TU", owner_unit=tree.bloc, summary="Bản gốc")
    document.campaigns.add(campaign)
    return document


@pytest.mark.parametrize("name", ["document_edit", "document_delete"])
def test_another_blocs_office_gets_404_and_changes_nothing(document, standing_office2, login, name):
    client = login(standing_office2)
    url = reverse(f"campaigns:{name}", args=[document.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        url, {"number": "CHIEM", "doc_type": "notice", "issuer": "X", "summary": "Sửa trộm"}
    )
    assert response.status_code == 404
    document.refresh_from_db()
    assert (document.number, document.summary) == ("238-CV/TU", "Bản gốc")


def test_another_blocs_people_do_not_see_the_entry(document, reviewer2, other_bloc_leader, login):
    for user in (reviewer2, other_bloc_leader):
        client = login(user)
        assert (
            client.get(reverse("campaigns:document_detail", args=[document.pk])).status_code == 404
        )
        listed = client.get(reverse("campaigns:document_list")).context["page"].object_list
        assert document not in listed


def test_own_bloc_reads_and_the_office_edits(document, group_member, standing_office, login):
    assert login(group_member).get(document.get_absolute_url()).status_code == 200
    response = login(standing_office).post(
        reverse("campaigns:document_edit", args=[document.pk]),
        {"number": "238-CV/TU", "doc_type": "official_letter", "issuer": "Ban Thường vụ Tỉnh ủy"},
    )
    assert response.status_code == 302


def test_an_edit_keeps_links_to_campaigns_the_editor_cannot_see(
    tree, document, campaign, standing_office, login
):
    far = CampaignFactory(root_unit=tree.bloc2, code="khoi-dn")
    document.campaigns.add(far)
    response = login(standing_office).post(
        reverse("campaigns:document_edit", args=[document.pk]),
        {
            "number": "238-CV/TU",
            "doc_type": "official_letter",
            "issuer": "Ban Thường vụ Tỉnh ủy",
            "campaigns": [campaign.pk],
        },
    )
    assert response.status_code == 302
    assert set(document.campaigns.all()) == {campaign, far}


def test_a_new_entry_goes_to_the_recorders_register(tree, standing_office2, login):
    response = login(standing_office2).post(
        reverse("campaigns:document_create"),
        {
            "owner_unit": tree.bloc.pk,  # not theirs: the choice is refused
            "number": "05-KH/ĐUKDN",
            "doc_type": "plan",
            "issuer": "Đảng ủy Khối doanh nghiệp",
        },
    )
    assert response.status_code == 400
    assert not DirectiveDocument.objects.exists()
    response = login(standing_office2).post(
        reverse("campaigns:document_create"),
        {"owner_unit": tree.bloc2.pk, "number": "05-KH/ĐUKDN", "doc_type": "plan", "issuer": "X"},
    )
    assert response.status_code == 302
    assert DirectiveDocument.objects.get().owner_unit == tree.bloc2


def test_the_same_number_may_sit_in_two_registers(tree, document, standing_office2, login):
    response = login(standing_office2).post(
        reverse("campaigns:document_create"),
        {
            "owner_unit": tree.bloc2.pk,
            "number": "238-CV/TU",
            "doc_type": "official_letter",
            "issuer": document.issuer,
        },
    )
    assert response.status_code == 302
    assert DirectiveDocument.objects.count() == 2


def test_an_entrys_history_is_for_its_own_blocs_reviewers(document, reviewer, reviewer2, login):
    url = reverse("audit:history", args=["document", document.pk])
    assert login(reviewer).get(url).status_code == 200
    assert login(reviewer2).get(url).status_code == 404


def test_deleting_a_document_keeps_it_and_its_file_out_of_sight(standing_office, reviewer, login):
    """Nothing in the domain is hard-deleted by users: the entry leaves the register, its row,
    file and change history stay, and its number may be used again."""
    from tests.campaigns.factories import pdf_upload

    client = login(standing_office)
    form = {
        "owner_unit": standing_office.memberships.get().unit.pk,
        "number": "01-KH/BCĐ",
        "doc_type": "plan",
        "issued_on": "25/02/2013",
        "issuer": "Ban Chỉ đạo",
        "file": pdf_upload("01-KH.pdf"),
    }
    assert client.post(reverse("campaigns:document_create"), form).status_code == 302
    document = DirectiveDocument.objects.get()
    stored = document.file.name
    response = client.post(reverse("campaigns:document_delete", args=[document.pk]))
    assert response.status_code == 302
    assert not DirectiveDocument.objects.exists()
    kept = DirectiveDocument._base_manager.get(pk=document.pk)
    assert kept.removed_at is not None
    assert kept.file.storage.exists(stored)
    assert (
        login(reviewer).get(reverse("campaigns:document_file", args=[document.pk])).status_code
        == 404
    )
    history = login(reviewer).get(reverse("audit:history", args=["document", document.pk]))
    assert history.status_code == 200
    form["file"] = pdf_upload("01-KH.pdf")
    assert (
        login(standing_office).post(reverse("campaigns:document_create"), form).status_code == 302
    )

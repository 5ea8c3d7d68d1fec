"""The directive documents register: stored verbatim, unique per issuer and type, files checked
by content and served only through a logged-in view."""

import unicodedata

import pytest
from django.urls import reverse

from campaigns.models import DirectiveDocument
from tests.campaigns.factories import (
    DocumentFactory,
    big_pdf_upload,
    exe_as_pdf,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def document_form(**overrides):
    data = {
        "number": "238-CV/TU",
        "doc_type": "official_letter",
        "issued_on": "14/10/2010",
        "issuer": "Ban Thường vụ Tỉnh ủy",
        "summary": "Về tiếp tục chỉ đạo phong trào thi đua “Dân vận khéo” (2011–2015)",
    }
    data.update(overrides)
    return data


def test_standing_office_adds_a_document_with_its_file(campaign, standing_office, login):
    client = login(standing_office)
    response = client.post(
        reverse("campaigns:document_create"),
        document_form(file=pdf_upload("238-CV-TU.pdf"), campaigns=[campaign.pk]),
    )
    assert response.status_code == 302
    document = DirectiveDocument.objects.get()
    assert document.number == "238-CV/TU"
    assert list(document.campaigns.all()) == [campaign]
    assert document.file.name.startswith("private/campaigns/documents/")


def test_number_is_stored_as_typed_only_normalised_to_nfc(standing_office, login):
    decomposed = unicodedata.normalize("NFD", "01-KH/BCĐ")  # another keyboard's bytes
    odd = "52-HDLT/BDV-BTĐKT"
    client = login(standing_office)
    client.post(reverse("campaigns:document_create"), document_form(number=decomposed))
    client.post(
        reverse("campaigns:document_create"),
        document_form(number=odd, doc_type="joint_guideline", issued_on="28/01/2013"),
    )
    numbers = set(DirectiveDocument.objects.values_list("number", flat=True))
    assert numbers == {unicodedata.normalize("NFC", "01-KH/BCĐ"), odd}


def test_duplicate_number_for_same_issuer_and_type_is_refused(standing_office, login):
    DocumentFactory(number="238-CV/TU", issuer="Ban Thường vụ Tỉnh ủy")
    client = login(standing_office)
    response = client.post(reverse("campaigns:document_create"), document_form(file=pdf_upload()))
    assert response.status_code == 400
    assert "Sổ văn bản đã có một văn bản cùng loại, cùng số/ký hiệu của cơ quan ban hành này" in (
        response.content.decode()
    )
    assert DirectiveDocument.objects.count() == 1


def test_same_number_from_another_issuer_or_type_is_fine(standing_office, login):
    DocumentFactory(number="01-KH/BCĐ", doc_type="plan", issuer="Ban Chỉ đạo Đảng ủy Khối")
    client = login(standing_office)
    client.post(
        reverse("campaigns:document_create"),
        document_form(number="01-KH/BCĐ", doc_type="plan", issuer="Ban Chỉ đạo tỉnh"),
    )
    client.post(
        reverse("campaigns:document_create"),
        document_form(number="01-KH/BCĐ", doc_type="guideline", issuer="Ban Chỉ đạo Đảng ủy Khối"),
    )
    assert DirectiveDocument.objects.count() == 3


def test_file_over_the_size_limit_is_refused_and_nothing_saved(settings, standing_office, login):
    settings.DANVAN_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    response = login(standing_office).post(
        reverse("campaigns:document_create"),
        document_form(file=big_pdf_upload(3 * 1024 * 1024)),
    )
    assert response.status_code == 400
    assert "3.0 MB; giới hạn là 2 MB" in response.content.decode()
    assert not DirectiveDocument.objects.exists()


def test_program_renamed_to_pdf_is_refused_and_nothing_saved(standing_office, login, settings):
    response = login(standing_office).post(
        reverse("campaigns:document_create"), document_form(file=exe_as_pdf())
    )
    assert response.status_code == 400
    assert "Loại tệp này không được chấp nhận" in response.content.decode()
    assert not DirectiveDocument.objects.exists()
    assert not list((settings.MEDIA_ROOT).rglob("*.pdf")) if settings.MEDIA_ROOT.exists() else True


def test_every_logged_in_user_reads_the_register_and_downloads_files(
    group_member, other_leader, login, client
):
    document = DocumentFactory(number="390-TB/VPTU", file=pdf_upload("390.pdf"))
    for user in (group_member, other_leader):
        c = login(user)
        assert "390-TB/VPTU" in c.get(reverse("campaigns:document_list")).content.decode()
        response = c.get(reverse("campaigns:document_file", args=[document.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Content-Disposition"].startswith("attachment")
    c.logout()
    response = client.get(reverse("campaigns:document_file", args=[document.pk]))
    assert response.status_code == 302  # to the login page


def test_pages_never_link_to_a_public_media_url(group_member, login):
    document = DocumentFactory(file=pdf_upload("238.pdf"))
    page = login(group_member).get(document.get_absolute_url()).content.decode()
    assert document.file.name not in page
    assert reverse("campaigns:document_file", args=[document.pk]) in page


def test_search_ignores_accents(group_member, login):
    DocumentFactory(
        number="03-CT/TW",
        doc_type="directive",
        issuer="Bộ Chính trị",
        summary="Học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
    )
    DocumentFactory(number="390-TB/VPTU", summary="Kết luận sơ kết")
    page = login(group_member).get(reverse("campaigns:document_list"), {"q": "tam guong dao duc"})
    text = page.content.decode()
    assert "03-CT/TW" in text
    assert "390-TB/VPTU" not in text


def test_members_may_not_add_documents(group_member, reviewer, login):
    for user in (group_member, reviewer):
        response = login(user).post(reverse("campaigns:document_create"), document_form())
        assert response.status_code == 403
    assert not DirectiveDocument.objects.exists()

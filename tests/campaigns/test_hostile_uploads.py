"""Hostile files handed to an upload form (ASVS V5): refused with a Vietnamese message and
nothing saved, or stored under a generated path and only ever sent back as an attachment."""

import io
import zipfile
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import DirectiveDocument
from tests.campaigns.factories import big_pdf_upload, pdf_upload
from tests.campaigns.test_documents import document_form

pytestmark = pytest.mark.django_db


def office_file(members: dict[str, bytes], name: str = "ke-hoach.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue())


def post(client, upload):
    return client.post(reverse("campaigns:document_create"), document_form(file=upload))


def test_exactly_the_limit_is_accepted_one_byte_more_is_refused(settings, standing_office, login):
    settings.DANVAN_MAX_UPLOAD_BYTES = limit = 1024 * 1024
    client = login(standing_office)
    refused = post(client, big_pdf_upload(limit + 1))
    assert refused.status_code == 400
    assert "giới hạn là 1 MB" in refused.content.decode()
    assert not DirectiveDocument.objects.exists()
    assert post(client, big_pdf_upload(limit)).status_code == 302
    assert DirectiveDocument.objects.count() == 1


def test_a_zip_bomb_named_docx_is_refused_before_anyone_opens_it(settings, standing_office, login):
    settings.DANVAN_MAX_UPLOAD_BYTES = 1024 * 1024  # unpacked limit: 10 MB
    bomb = office_file({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"0" * 11_000_000})
    assert bomb.size < 100_000  # small on the wire
    response = post(login(standing_office), bomb)
    assert response.status_code == 400
    assert "giải nén" in response.content.decode()
    assert not DirectiveDocument.objects.exists()


def test_a_plain_zip_or_a_broken_one_named_docx_is_refused(standing_office, login):
    client = login(standing_office)
    for upload in (
        office_file({"readme.txt": b"not an office file"}),
        SimpleUploadedFile("hong.docx", b"PK\x03\x04" + b"\x00" * 64),
    ):
        response = post(client, upload)
        assert response.status_code == 400
        assert "không phải tệp Word/Excel" in response.content.decode()
    assert not DirectiveDocument.objects.exists()


def test_a_real_word_file_is_accepted(standing_office, login):
    upload = office_file({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    assert post(login(standing_office), upload).status_code == 302


def test_a_path_in_the_file_name_never_leaves_the_private_folder(standing_office, login):
    post(login(standing_office), pdf_upload("../../../danvan/settings/base.pdf"))
    stored = DirectiveDocument.objects.get().file.name
    assert stored.startswith("private/campaigns/documents/")
    assert ".." not in stored
    assert stored.endswith("/base.pdf")


def test_a_vietnamese_file_name_comes_back_as_an_attachment_never_inline(
    standing_office, group_member, login, client
):
    post(login(standing_office), pdf_upload("Kế hoạch số 01-KH.pdf"))
    document = DirectiveDocument.objects.get()
    client.logout()
    response = login(group_member).get(reverse("campaigns:document_file", args=[document.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    # Accents kept; the storage turns spaces into underscores.
    assert "Kế_hoạch_số_01-KH.pdf" in unquote(disposition)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"

"""Dossier zips: the PDF, attachments, the comments the person may read, and the history."""

import io
import zipfile

from django.core.files.base import ContentFile
from django.urls import reverse

from models_registry.models import Attachment, Comment
from reports.models import PeriodicReport

from .factories import make_deadline

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def unzip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_registration_dossier(
    stats_fixture, group_member, reviewer, other_leader, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    registration = stats_fixture.regs["a1"]
    attachment = Attachment(
        registration=registration, original_name="ảnh hiện trường.png", uploaded_by=reviewer
    )
    attachment.file.save("x.png", ContentFile(PNG), save=True)
    Comment.objects.create(registration=registration, author=reviewer, body="Đề nghị bổ sung ảnh.")
    Comment.objects.create(
        registration=registration, author=reviewer, body="Ghi chú nội bộ", internal=True
    )
    url = reverse("reports:registration_dossier", args=[registration.pk])

    member_zip = unzip(login(group_member).get(url))
    names = member_zip.namelist()
    assert "phieu-dang-ky.pdf" in names
    assert f"tep-dinh-kem/{attachment.pk}-ảnh hiện trường.png" in names
    assert member_zip.read(f"tep-dinh-kem/{attachment.pk}-ảnh hiện trường.png") == PNG
    comments = member_zip.read("y-kien.txt").decode()
    assert "Đề nghị bổ sung ảnh." in comments
    assert "Ghi chú nội bộ" not in comments  # internal notes are for reviewers

    assert "Ghi chú nội bộ" in unzip(login(reviewer).get(url)).read("y-kien.txt").decode()
    assert login(other_leader).get(url).status_code == 404


def test_report_dossier_is_scoped(stats_fixture, tree, group_member, other_leader, login):
    period = make_deadline(stats_fixture.campaign, applies_to=tree.bloc)
    report = PeriodicReport.objects.create(unit=tree.base_a, deadline=period)
    url = reverse("reports:dossier", args=[report.pk])
    archive = unzip(login(group_member).get(url))
    assert set(archive.namelist()) == {"bao-cao.pdf", "lich-su.txt"}
    assert archive.read("bao-cao.pdf").startswith(b"%PDF-")
    assert login(other_leader).get(url).status_code == 404

"""Dossier zips: the PDF, attachments, the comments the person may read, and the history."""

import io
import zipfile

from django.urls import reverse

from reports.models import PeriodicReport, PeriodicReportEvent

from .factories import make_deadline

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def unzip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_report_dossier_is_scoped(stats_fixture, tree, group_member, other_leader, login):
    period = make_deadline(stats_fixture.campaign, applies_to=tree.bloc)
    report = PeriodicReport.objects.create(unit=tree.base_a, deadline=period)
    url = reverse("reports:dossier", args=[report.pk])
    archive = unzip(login(group_member).get(url))
    assert set(archive.namelist()) == {"bao-cao.pdf", "lich-su.txt"}
    assert archive.read("bao-cao.pdf").startswith(b"%PDF-")
    assert login(other_leader).get(url).status_code == 404


def test_report_dossier_history_reads_in_words(stats_fixture, tree, group_leader, login):
    period = make_deadline(stats_fixture.campaign, applies_to=tree.bloc)
    report = PeriodicReport.objects.create(unit=tree.base_a, deadline=period)
    PeriodicReportEvent.objects.create(
        report=report,
        actor=group_leader,
        transition="submit",
        from_state="draft",
        to_state="submitted",
    )
    archive = unzip(login(group_leader).get(reverse("reports:dossier", args=[report.pk])))
    history = archive.read("lich-su.txt").decode()
    assert "Bản nháp → Đã gửi" in history
    assert "draft" not in history

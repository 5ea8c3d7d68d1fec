"""Dossier zips: everything about one registration, or one organisation's report for a period,
in one download (PDF, attachments, comments, history). Written to a temporary file and streamed,
so attachments are never held in memory together."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import PurePath
from typing import Any

from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from units.scoping import Action, get_scope

from .documents import registration_sheet_pdf, unit_report_pdf


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _history(events) -> str:
    lines = []
    for event in events:
        who = event.actor.get_full_name() if event.actor_id else "—"
        line = f"{_when(event.created_at)}  {who}: {event.from_state} → {event.to_state}"
        if event.comment:
            line += f" — {event.comment}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _response(spool, filename: str) -> FileResponse:
    spool.seek(0)
    response = FileResponse(
        spool, as_attachment=True, filename=filename, content_type="application/zip"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def registration_dossier(registration, *, user: Any) -> FileResponse:
    """The sheet PDF, its files, the comments the user may read and the history."""
    reviewer = get_scope(user).allows(Action.REVIEW, registration.unit)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    with translation.override("vi"), zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("phieu-dang-ky.pdf", registration_sheet_pdf(registration))
        used: set[str] = set()
        for attachment in registration.attachments.all().order_by("pk"):
            name = PurePath(attachment.original_name or attachment.file.name).name
            name = f"{attachment.pk}-{name}"
            if name in used or not attachment.file:
                continue
            used.add(name)
            with attachment.file.open("rb") as source, zf.open(f"tep-dinh-kem/{name}", "w") as out:
                for chunk in iter(lambda: source.read(1 << 20), b""):  # noqa: B023
                    out.write(chunk)
        comments = registration.comments.select_related("author").order_by("created_at", "pk")
        if not reviewer:
            comments = comments.filter(internal=False)
        zf.writestr(
            "y-kien.txt",
            "\n".join(
                f"{_when(c.created_at)}  {c.author.get_full_name()}"
                f"{' (' + _('internal') + ')' if c.internal else ''}:\n{c.body}\n"
                for c in comments
            ),
        )
        zf.writestr("lich-su.txt", _history(registration.events.select_related("actor")))
    return _response(spool, f"ho-so-dang-ky-{registration.pk}.zip")


def report_dossier(report) -> FileResponse:
    """A unit's report for a period: its PDF, the statistics as sent, and its history."""
    import json

    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    with translation.override("vi"), zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bao-cao.pdf", unit_report_pdf(report))
        zf.writestr("lich-su.txt", _history(report.events.select_related("actor")))
        if report.stats_snapshot:
            zf.writestr(
                "so-lieu-khi-gui.json",
                json.dumps(report.stats_snapshot, ensure_ascii=False, indent=2),
            )
    unit = slugify(report.unit.short_code) or report.unit_id
    return _response(spool, f"ho-so-bao-cao-{unit}-{report.deadline_id}.zip")

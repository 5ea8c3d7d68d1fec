"""Dossier zips: one organisation's report for a period in one download (PDF, the statistics as
sent, history), and the pieces every dossier shares (the history text, the streamed response).
A registration's dossier is the registry's (``models_registry.documents``)."""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.text import slugify

from danvan.workflow import Workflow

from .documents import unit_report_pdf


def when_text(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def history_text(
    events: Iterable[Any],
    *,
    states: type[models.TextChoices],
    workflow: Workflow,
    marks: dict[str, Any] | None = None,
) -> str:
    """One line per step: when, who, the step in words and the states by their labels
    ("Gửi đăng ký (Bản nháp → Đã gửi)"), never the stored codes."""
    labels = dict(states.choices)
    marks = marks or {}
    lines = []
    for event in events:
        who = event.actor.get_full_name() if event.actor_id else "—"
        step = workflow.by_name.get(event.transition)
        what = step.label if step else marks.get(event.transition, "")
        to_label = labels.get(event.to_state, event.to_state)
        if event.from_state and event.from_state != event.to_state:
            states_text = f"{labels.get(event.from_state, event.from_state)} → {to_label}"
        else:
            states_text = str(to_label)
        line = f"{when_text(event.created_at)}  {who}: "
        line += f"{what} ({states_text})" if what else states_text
        if event.comment:
            line += f" — {event.comment}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def zip_response(spool, filename: str) -> FileResponse:
    spool.seek(0)
    response = FileResponse(
        spool, as_attachment=True, filename=filename, content_type="application/zip"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def report_dossier(report) -> FileResponse:
    """A unit's report for a period: its PDF, the statistics as sent, and its history."""
    from .models import ReportStatus
    from .workflow import REPORT_WORKFLOW

    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    with translation.override("vi"), zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bao-cao.pdf", unit_report_pdf(report))
        zf.writestr(
            "lich-su.txt",
            history_text(
                report.events.select_related("actor"),
                states=ReportStatus,
                workflow=REPORT_WORKFLOW,
            ),
        )
        if report.stats_snapshot:
            zf.writestr(
                "so-lieu-khi-gui.json",
                json.dumps(report.stats_snapshot, ensure_ascii=False, indent=2),
            )
    unit = slugify(report.unit.short_code) or report.unit_id
    return zip_response(spool, f"ho-so-bao-cao-{unit}-{report.deadline_id}.zip")

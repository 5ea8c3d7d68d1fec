"""A registration's papers: the registration sheet (PDF, Party format) and the dossier zip.

The sheet prints what the form stores, under the form's own headings (``forms.SECTIONS``, the
fields' labels), so that what the unit typed and what the office signs read the same; the page
frame, fonts and URL fetcher are the shared ones of ``reports.pdf``.
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from reports.documents import party_body_of, place_of, steering_group_header
from reports.dossier import history_text, when_text, zip_response
from reports.pdf import PartyDocument, Signature, render_pdf
from units.scoping import Action, get_scope

from .forms import FORMSET_SECTIONS, SECTIONS
from .models import Kind, Partner, Registration, Sex, Status, Target
from .models.registration import EVENT_LABELS
from .workflow import REGISTRATION_WORKFLOW

# Fields the sheet prints in a block of their own (the signature row), not as a line.
SIGNOFF_FIELDS = {
    "committee_opinion",
    "committee_signer",
    "committee_signer_position",
    "committee_opinion_date",
}
# Long texts print as paragraphs under their label; the rest as "label: value" lines.
PARAGRAPH_FIELDS = {
    "situation",
    "objectives",
    "content",
    "scope",
    "implementers",
    "means",
    "socialised",
    "milestones",
    "expected_outputs",
    "sustainability",
}


@dataclass
class SheetLine:
    label: str
    value: str
    paragraph: bool = False


@dataclass
class SheetSection:
    key: str
    title: str
    lines: list[SheetLine]


def _value(registration: Registration, name: str) -> str:
    """A field's value as the sheet prints it: labels for choices, dates d/m/Y, grouped VND."""
    value = getattr(registration, name)
    if name == "kind":
        return registration.get_kind_display()
    if name == "level":
        return registration.get_level_display()
    if name == "person_sex":
        return str(Sex(value).label) if value in Sex.values else value
    if name == "person_party_member":
        return "" if value is None else (_("Yes") if value else _("No"))
    if name == "secondary_fields":
        return ", ".join(f.name for f in registration.secondary_fields.all())
    if value is None:
        return ""
    if name == "budget_vnd":
        return f"{value:,}".replace(",", ".")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def sheet_sections(registration: Registration) -> list[SheetSection]:
    """The form's sections in its order, each with its fields' labels and values; the partner
    organisations under the lead organisation; the person only for an individual exemplar."""
    meta = Registration._meta
    sections: list[SheetSection] = []
    for key, title, names in SECTIONS:
        if key == "person" and registration.kind != Kind.INDIVIDUAL_EXEMPLAR:
            continue
        if key == "signoff":
            continue
        lines = [
            SheetLine(
                label=capfirst(str(meta.get_field(name).verbose_name)),
                value=_value(registration, name),
                paragraph=name in PARAGRAPH_FIELDS,
            )
            for name in names
            if name not in SIGNOFF_FIELDS
        ]
        sections.append(SheetSection(key=key, title=str(title), lines=lines))
    return sections


def _labels(model, names: list[str]) -> list[str]:
    return [capfirst(str(model._meta.get_field(name).verbose_name)) for name in names]


def registration_sheet_context(registration: Registration) -> dict[str, Any]:
    with translation.override("vi"):
        unit = registration.unit
        issuer = steering_group_header(unit)
        doc = PartyDocument(
            parent_body=party_body_of(unit),
            issuing_body=issuer.name,
            doc_type="PHIẾU ĐĂNG KÝ",
            type_code="ĐK",
            issuer_code=issuer.code,
            summary=_("“Skilful Mass Mobilisation” model or exemplar, %(year)s")
            % {"year": registration.year},
            place=place_of(unit),
            date=timezone.localdate(registration.submitted_at)
            if registration.submitted_at
            else timezone.localdate(),
            signature=Signature(title=issuer.leader_title),
        )
        return {
            "doc": doc,
            "registration": registration,
            "sections": sheet_sections(registration),
            "partners_title": str(FORMSET_SECTIONS["ownership"][1]),
            "targets_title": str(FORMSET_SECTIONS["substance"][1]),
            "partners": list(registration.partners.select_related("organisation")),
            "targets": list(registration.targets.all()),
            "target_labels": _labels(Target, ["name", "target_value", "measure"]),
            "partner_labels": _labels(Partner, ["organisation", "role"]),
            "opinion_date": _value(registration, "committee_opinion_date"),
        }


def registration_sheet_pdf(registration: Registration) -> bytes:
    return render_pdf(
        "models_registry/pdf/registration_sheet.html", registration_sheet_context(registration)
    )


# --- the dossier zip --------------------------------------------------------------------------


def registration_dossier(registration: Registration, *, user: Any) -> FileResponse:
    """The sheet PDF, its files, the comments the user may read (no file when there are none)
    and the history. Written to a temporary file and streamed, so attachments are never held in
    memory together."""
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
        comments = list(comments)
        if comments:
            zf.writestr(
                "y-kien.txt",
                "\n".join(
                    f"{when_text(c.created_at)}  {c.author.get_full_name()}"
                    f"{' (' + _('internal') + ')' if c.internal else ''}:\n{c.body}\n"
                    for c in comments
                ),
            )
        zf.writestr(
            "lich-su.txt",
            history_text(
                registration.events.select_related("actor"),
                states=Status,
                workflow=REGISTRATION_WORKFLOW,
                marks=EVENT_LABELS,
            ),
        )
    return zip_response(spool, f"ho-so-dang-ky-{registration.pk}.zip")

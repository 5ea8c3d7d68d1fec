"""The award papers as PDFs: a proposal's submission letter (tờ trình) with its short list, a
decision with its annex of recipients, and the certificates (giấy khen, bằng khen).

Two layouts (domain.md §6), chosen by the form of award (``AwardForm.document_format``): a
Party body's per Guideline 36-HD/VPTW ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số 125-QĐ/ĐUK") and a state
body's per Decree 30/2020 (the Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do -
Hạnh phúc", "Số: 123/QĐ-UBND", "TM." / "KT."). The page frame, fonts and URL fetcher are the
shared ones of ``reports.pdf``; header names come from the unit tree as for every document.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danvan.text import nfc
from models_registry.models import Sex
from reports.documents import parent_of, party_body_of, place_of, steering_group_header
from reports.pdf import (
    PartyDocument,
    PartyFrame,
    Signature,
    merge_pdfs,
    render_pdf,
)

from .models import Decision, Nominee, NomineeKind, Proposal, Recipient

MOVEMENT = "“Dân vận khéo”"


def _upper(text: str) -> str:
    return nfc(text).upper()


@dataclass
class AwardDocument(PartyFrame):
    """An award paper: a Party body's (36-HD) or, when ``state``, a state body's (Decree 30),
    whose frame (``awards/pdf/base_award.html``) prints the Quốc hiệu instead."""

    state: bool
    parent_body: str
    issuing_body: str
    number: str
    doc_type: str
    summary: str
    place: str
    date: datetime.date
    signature: Signature
    recipients: list[str] = field(default_factory=list)

    @property
    def number_line(self) -> str:
        # Decree 30 writes "Số: 123/QĐ-UBND"; 36-HD "Số 125-QĐ/ĐUK", without the colon.
        return f"Số: {self.number}" if self.state else f"Số {self.number}"


def _province(unit) -> str:
    """ "Tỉnh Thái Nguyên" → "tỉnh Thái Nguyên", for "Ủy ban nhân dân tỉnh Thái Nguyên"."""
    top = parent_of(unit)
    while top is not None and top.depth > 1:
        top = parent_of(top)
    name = (top or unit).name
    return name[:1].lower() + name[1:]


def _decision_frame(decision: Decision, *, doc_type: str, summary: str) -> AwardDocument:
    state = decision.form.is_state
    unit = decision.unit
    if state:
        issuing = decision.issuing_body or _("People's Committee of %(province)s") % {
            "province": _province(unit)
        }
        parent = ""
        default_signature = Signature(title="CHỦ TỊCH")
    else:
        issuing = decision.issuing_body or unit.name
        parent = party_body_of(parent_of(unit))
        default_signature = Signature(on_behalf="T/M BAN THƯỜNG VỤ", title="BÍ THƯ")
    signature = Signature(
        on_behalf=_upper(decision.signer_on_behalf),
        title=_upper(decision.signer_title),
        name=decision.signer_name,
    )
    if not signature.title:
        signature = Signature(
            on_behalf=default_signature.on_behalf,
            title=default_signature.title,
            name=decision.signer_name,
        )
    copies = [line.strip() for line in decision.copies_to.splitlines() if line.strip()]
    return AwardDocument(
        state=state,
        parent_body=parent,
        issuing_body=issuing,
        number=decision.number,
        doc_type=doc_type,
        summary=summary,
        place=place_of(unit),
        date=decision.date,
        signature=signature,
        recipients=copies or [_("As in Article 2,"), _("Filed.")],
    )


@dataclass
class RecipientLine:
    number: int
    name: str
    position: str
    unit: str
    achievement: str


def _recipient_lines(recipients: list[Recipient], kind: str) -> list[RecipientLine]:
    chosen = [r for r in recipients if r.kind == kind]
    return [
        RecipientLine(
            number=n,
            name=r.name,
            position=r.position,
            unit=(r.nominee.work_unit if r.nominee_id and r.nominee.work_unit else r.unit.name),
            achievement=r.nominee.achievement if r.nominee_id else "",
        )
        for n, r in enumerate(chosen, start=1)
    ]


def decision_recipients(decision: Decision) -> list[Recipient]:
    return list(decision.recipients.select_related("unit", "nominee").order_by("order", "pk"))


def decision_context(decision: Decision) -> dict[str, Any]:
    with translation.override("vi"):
        recipients = decision_recipients(decision)
        title = decision.form.title
        doc = _decision_frame(
            decision,
            doc_type="QUYẾT ĐỊNH",
            summary=_("On awarding the %(title)s in the %(movement)s emulation movement, %(year)s")
            % {"title": title, "movement": MOVEMENT, "year": decision.year},
        )
        collectives = _recipient_lines(recipients, NomineeKind.COLLECTIVE)
        individuals = _recipient_lines(recipients, NomineeKind.INDIVIDUAL)
        grounds = [line.strip() for line in decision.grounds.splitlines() if line.strip()]
        if not grounds:
            grounds = [
                _("Having regard to the results of the %(movement)s movement in %(year)s;")
                % {"movement": MOVEMENT, "year": decision.year},
                _("On the proposal of the steering committee of the %(movement)s movement,")
                % {"movement": MOVEMENT},
            ]
        return {
            "doc": doc,
            "decision": decision,
            "authority": _upper(decision.issuer),
            "title": title,
            "grounds": grounds,
            "collectives": collectives,
            "individuals": individuals,
            "annex_of": _("(Attached to Decision No. %(number)s of %(date)s of %(issuer)s)")
            % {
                "number": decision.number,
                "date": decision.date.strftime("%d/%m/%Y"),
                "issuer": decision.issuer,
            },
        }


def decision_pdf(decision: Decision) -> bytes:
    return render_pdf("awards/pdf/decision.html", decision_context(decision))


def certificates_context(decision: Decision, recipients: list[Recipient]) -> dict[str, Any]:
    with translation.override("vi"):
        doc = _decision_frame(decision, doc_type=_upper(decision.form.title), summary="")
        return {
            "doc": doc,
            "decision": decision,
            "authority": _upper(decision.issuer),
            "title": _upper(decision.form.title),
            "because": _(
                "For outstanding achievements in the %(movement)s emulation movement in %(year)s"
            )
            % {"movement": MOVEMENT, "year": decision.year},
            "reference": _("Decision No. %(number)s of %(date)s")
            % {"number": decision.number, "date": decision.date.strftime("%d/%m/%Y")},
            "certificates": [
                {
                    "recipient": r,
                    "line": line,
                    "register": _("Register No. %(number)s") % {"number": r.order or r.pk},
                }
                for r, line in ((r, _recipient_lines([r], r.kind)[0]) for r in recipients)
            ],
        }


def certificates_pdf(decision: Decision, recipients: list[Recipient]) -> bytes:
    """One landscape page per recipient."""
    return render_pdf("awards/pdf/certificates.html", certificates_context(decision, recipients))


# A page takes a few tenths of a second: up to this many recipients the page answers at once;
# more go through the render job (reports.RenderJob, Celery) like the bloc summary.
CERTIFICATES_INLINE = 20
CERTIFICATES_PER_PART = 50


def certificates_inline(decision: Decision) -> bool:
    return decision.recipients.count() <= CERTIFICATES_INLINE


def render_certificates(
    decision: Decision,
    *,
    target: Path | Any,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Every certificate of the decision into ``target``, rendered in parts of
    ``CERTIFICATES_PER_PART`` pages and merged (memory stays flat); returns the page count."""
    recipients = decision_recipients(decision)
    parts: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="danvan-certificates-") as tmp:
        for start in range(0, max(len(recipients), 1), CERTIFICATES_PER_PART):
            chunk = recipients[start : start + CERTIFICATES_PER_PART]
            path = Path(tmp) / f"part-{len(parts):04d}.pdf"
            path.write_bytes(certificates_pdf(decision, chunk))
            parts.append(path)
            if on_progress:
                on_progress(start + len(chunk), len(recipients))
        return merge_pdfs(parts, target)


# --- the proposal's submission letter and short list -----------------------------------------


@dataclass
class ShortListLine:
    number: int
    nominee: Nominee
    birth_year: str
    sex: str
    position: str


def _short_list_line(number: int, nominee: Nominee) -> ShortListLine:
    """Year of birth and sex as typed, else from the individual exemplar it stands for."""
    registration = nominee.registration if nominee.registration_id else None
    birth_year = nominee.birth_year or (registration.person_birth_year if registration else None)
    sex = nominee.sex or (registration.person_sex if registration else "")
    position = ", ".join(p for p in (nominee.position, nominee.work_unit) if p)
    return ShortListLine(
        number=number,
        nominee=nominee,
        birth_year=str(birth_year or ""),
        sex=str(Sex(sex).label) if sex in Sex.values else sex,
        position=position,
    )


def proposal_context(proposal: Proposal) -> dict[str, Any]:
    with translation.override("vi"):
        unit = proposal.unit
        nominees = list(
            proposal.nominees.select_related("form", "registration").order_by("order", "pk")
        )
        collectives = [n for n in nominees if n.kind == NomineeKind.COLLECTIVE]
        individuals = [n for n in nominees if n.kind == NomineeKind.INDIVIDUAL]
        bloc = parent_of(unit)
        issuer = steering_group_header(unit)
        doc = PartyDocument(
            parent_body=party_body_of(unit),
            issuing_body=issuer.name,
            doc_type="TỜ TRÌNH",
            type_code="TTr",
            issuer_code=issuer.code,
            summary=_("Proposing praise and rewards in the %(movement)s movement, %(year)s")
            % {"movement": MOVEMENT, "year": proposal.year},
            place=place_of(unit),
            date=timezone.localdate(proposal.submitted_at)
            if proposal.submitted_at
            else timezone.localdate(),
            signature=Signature(title=issuer.leader_title),
            recipients=[_("As addressed above,"), _("Filed.")],
        )
        forms: dict[str, list[int]] = {}
        for n in nominees:
            counts = forms.setdefault(n.form.name, [0, 0])
            counts[0 if n.kind == NomineeKind.COLLECTIVE else 1] += 1
        return {
            "doc": doc,
            "proposal": proposal,
            "addressee": _("The steering committee of the %(movement)s movement, %(bloc)s")
            % {"movement": MOVEMENT, "bloc": bloc.name if bloc else ""},
            "forms": [(name, c, i) for name, (c, i) in forms.items()],
            "collectives": [_short_list_line(n, x) for n, x in enumerate(collectives, start=1)],
            "individuals": [_short_list_line(n, x) for n, x in enumerate(individuals, start=1)],
        }


def proposal_pdf(proposal: Proposal) -> bytes:
    return render_pdf("awards/pdf/proposal.html", proposal_context(proposal))

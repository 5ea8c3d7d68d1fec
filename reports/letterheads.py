"""How a bloc signs its summary: the letterhead (header names, issuer's abbreviation), the signer
and the recipients, as data the standing office keeps (domain.md §6, issue 12 item 4).

* :func:`letterhead_for` — the bloc's saved letterhead, or one filled from the unit tree;
* :func:`summary_text_for` — one summary's number, signer, recipients and sections IV–VI, or a
  new one copied from the letterhead;
* :func:`letterhead_save`, :func:`summary_text_save` — the writes (standing office of the unit);
* :func:`issuer_lines` — the rule that a document is never sent to its own issuer.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Deadline
from danvan.text import fold, nfc
from units.models import Unit, User
from units.scoping import Action, get_scope

from .models import BlocLetterhead, SummaryText
from .pdf import BODY_KINDS

# The kind of body a name starts with gives the issuer's abbreviation in "Số 12-BC/ĐUK".
ISSUER_CODES = {
    "ĐẢNG ỦY KHỐI": "ĐUK",
    "BAN CHỈ ĐẠO": "BCĐ",
    "TỔ CHỈ ĐẠO": "TCĐ",
    "BAN THƯỜNG VỤ": "BTV",
    "ĐẢNG ỦY": "ĐU",
    "ĐẢNG BỘ": "ĐB",
    "CHI BỘ": "CB",
}
# A bloc's usual recipients (36-HD: the superiors "(b/c)", those who carry it out, the file
# copy); never the bloc's own standing committee, which signs it.
DEFAULT_RECIPIENTS = [
    "Ban Thường vụ Tỉnh ủy (b/c),",
    "Ban Dân vận Tỉnh ủy (b/c),",
    "Các cơ sở đảng trực thuộc,",
    "Lưu Văn phòng.",
]
LETTERHEAD_FIELDS = [
    "parent_body",
    "issuing_body",
    "issuer_code",
    "on_behalf",
    "signer_position",
    "signer_name",
    "recipients",
]
SIGNATURE_FIELDS = ["on_behalf", "signer_position", "signer_name", "recipients"]
SUMMARY_TEXT_FIELDS = ["number", *SIGNATURE_FIELDS, "assessment", "direction", "proposals"]


def kind_of_body(name: str) -> str | None:
    upper = " ".join(nfc(name).upper().split())
    return next((kind for kind in BODY_KINDS if upper.startswith(kind)), None)


def issuer_code_for(name: str) -> str:
    """ "Đảng ủy Khối các cơ quan tỉnh" → "ĐUK"; otherwise the initials of the first words."""
    kind = kind_of_body(name)
    if kind in ISSUER_CODES:
        return ISSUER_CODES[kind]
    return "".join(word[0] for word in nfc(name).upper().split()[:3])


def letterhead_defaults(unit: Unit) -> dict[str, str]:
    """What the letterhead prints before the office sets it: names from the unit tree, its
    head as the signer, the usual recipients."""
    from .documents import parent_of, party_body_of

    return {
        "parent_body": party_body_of(parent_of(unit)),
        "issuing_body": unit.name,
        "issuer_code": issuer_code_for(unit.name),
        "on_behalf": "T/M BAN THƯỜNG VỤ",
        "signer_position": "PHÓ BÍ THƯ",
        "signer_name": unit.head_name,
        "recipients": "\n".join(DEFAULT_RECIPIENTS),
    }


def letterhead_for(unit: Unit) -> BlocLetterhead:
    """The bloc's letterhead; an unsaved one with the defaults if the office has not set it."""
    return BlocLetterhead.objects.filter(unit=unit).first() or BlocLetterhead(
        unit=unit, **letterhead_defaults(unit)
    )


def summary_text_for(*, root: Unit, deadline: Deadline) -> SummaryText:
    """The summary's texts; an unsaved one whose signer and recipients are the letterhead's."""
    text = SummaryText.objects.filter(root=root, deadline=deadline).first()
    if text is not None:
        return text
    letterhead = letterhead_for(root)
    return SummaryText(
        root=root,
        deadline=deadline,
        **{name: getattr(letterhead, name) for name in SIGNATURE_FIELDS},
    )


# --- Never sent to its own issuer -----------------------------------------------------------

_DECORATION = re.compile(r"^[\s\-–•+]+|\((?:để\s+)?b/c\)|[\s,.;:]+$", re.IGNORECASE)


def _core(line: str) -> str:
    """A recipient line without its dash, "(b/c)" and final punctuation, folded."""
    return fold(_DECORATION.sub(" ", nfc(line)))


def issuer_names(*, issuing_body: str, on_behalf: str) -> set[str]:
    """The ways a recipient line can name the issuer: "Đảng ủy Khối các cơ quan tỉnh", "Đảng ủy
    Khối", and the body signing for it, "Ban Thường vụ Đảng ủy Khối (…)"."""
    body = " ".join(nfc(issuing_body).split())
    names = {fold(body)}
    kind = kind_of_body(body)
    if kind:
        names.add(fold(kind))
    behalf = re.sub(r"^\s*(T/M|K/T|TM\.|KT\.)\s*", "", nfc(on_behalf), flags=re.IGNORECASE)
    if fold(behalf):
        names |= {f"{fold(behalf)} {name}" for name in list(names)}
    return names


def issuer_lines(lines: list[str], *, issuing_body: str, on_behalf: str) -> list[str]:
    """The recipient lines that name the issuer itself."""
    names = issuer_names(issuing_body=issuing_body, on_behalf=on_behalf)
    return [line for line in lines if _core(line) in names]


def _check_recipients(recipients: str, *, issuing_body: str, on_behalf: str) -> None:
    lines = [line for line in recipients.splitlines() if line.strip()]
    own = issuer_lines(lines, issuing_body=issuing_body, on_behalf=on_behalf)
    if own:
        raise ValidationError(
            {
                "recipients": _(
                    "A document is not sent to its own issuer: remove “%(line)s” from the "
                    "recipients."
                )
                % {"line": own[0].strip()}
            }
        )


def _clean(fields: dict[str, Any], allowed: list[str]) -> dict[str, Any]:
    for name in fields:
        if name not in allowed:
            raise ValueError(name)
    return {
        name: nfc(value).strip().replace("\r\n", "\n") if isinstance(value, str) else value
        for name, value in fields.items()
    }


@transaction.atomic
def letterhead_save(*, unit: Unit, by: User, **fields: Any) -> BlocLetterhead:
    """Save the bloc's letterhead (its standing office only); recorded in its history."""
    if not get_scope(by).allows(Action.MANAGE, unit):
        raise PermissionDenied
    letterhead = BlocLetterhead.objects.select_for_update().filter(unit=unit).first()
    letterhead = letterhead or BlocLetterhead(unit=unit)
    for name, value in _clean(fields, LETTERHEAD_FIELDS).items():
        setattr(letterhead, name, value)
    _check_recipients(
        letterhead.recipients,
        issuing_body=letterhead.issuing_body,
        on_behalf=letterhead.on_behalf,
    )
    letterhead.updated_by = by
    letterhead.updated_at = timezone.now()
    letterhead.full_clean()
    letterhead.save()
    return letterhead


@transaction.atomic
def summary_text_save(*, root: Unit, deadline: Deadline, by: User, **fields: Any) -> SummaryText:
    """Save one summary's texts (the unit's standing office only); each save is a version in
    its history."""
    if not get_scope(by).allows(Action.MANAGE, root):
        raise PermissionDenied
    text = SummaryText.objects.select_for_update().filter(root=root, deadline=deadline).first()
    text = text or summary_text_for(root=root, deadline=deadline)
    for name, value in _clean(fields, SUMMARY_TEXT_FIELDS).items():
        setattr(text, name, value)
    _check_recipients(
        text.recipients,
        issuing_body=letterhead_for(root).issuing_body,
        on_behalf=text.on_behalf,
    )
    text.updated_by = by
    text.updated_at = timezone.now()
    text.full_clean()
    text.save()
    return text

"""Text helpers for Vietnamese: NFC normalisation and accent folding for search."""

import unicodedata


def nfc(text: str) -> str:
    """Vietnamese typed on different keyboards arrives composed or decomposed; store NFC."""
    # A NUL byte is refused by PostgreSQL (a server error); it is never meant text.
    return unicodedata.normalize("NFC", text or "").replace("\x00", "")


def fold(text: str) -> str:
    """Lower-case, accent-free form: "Đảng ủy Khối" -> "dang uy khoi".

    Stored beside searchable names so that search ignores accents the same way on SQLite and
    PostgreSQL. "đ" is a letter of its own, not an accented "d", so it needs mapping by hand.
    """
    text = unicodedata.normalize("NFD", (text or "").replace("\x00", ""))
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().split())


def one_line(text: str) -> str:
    """Collapse every run of whitespace (CR, LF, tabs, Unicode line separators) to one space.

    For e-mail subjects and titles: a newline in a header is refused by the mail library
    (header injection), so a subject typed with one would lose the whole e-mail.
    """
    return " ".join(nfc(text).split())

"""PDF documents in Party format (Guideline 36-HD/VPTW), rendered by WeasyPrint.

Three guarantees, each tested in ``tests/reports/test_pdf.py``:

* WeasyPrint never fetches anything outside the project: :class:`ProjectOnlyFetcher` serves only
  files under our bundled folders (the fonts) and refuses every other URL — http(s), ``file:``
  elsewhere on the disk, ``data:``, ``ftp:`` — so user text can never make the server reach out.
* The font is ours: Liberation Serif 2 (metric-compatible with Times New Roman, full Vietnamese,
  SIL OFL, ``reports/fonts/``) is declared with ``@font-face`` and embedded, so the document looks
  the same on any machine, whatever fonts it has.
* Text is NFC-normalised and user text is escaped by the template engine (a ``<script>`` typed
  by a user prints as text).

A long document is rendered in parts (:func:`html_to_document` per part, written to temporary
files) and the parts merged by :func:`merge_pdfs`: WeasyPrint holds a whole document's layout in
memory, so one render of a 3,000-row table would need gigabytes, while parts keep the peak flat.
"""

from __future__ import annotations

import datetime
import logging
import mimetypes
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, pairwise
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string
from django.utils import translation

from danvan.text import nfc

# WeasyPrint logs every layout step at INFO (and parses its own stylesheets when imported):
# keep the logs for what matters. Set before the import, which already logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

FONT_DIR = Path(__file__).resolve().parent / "fonts"
ALLOWED_ROOTS: tuple[Path, ...] = (FONT_DIR,)

FONT_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}


class RefusedURL(ValueError):
    """WeasyPrint asked for something outside the project."""


class ProjectOnlyFetcher(URLFetcher):
    """Serve only files inside ``roots``; refuse everything else (and remember what)."""

    def __init__(self, roots: Iterable[Path] = ALLOWED_ROOTS) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=False)
        self.roots = tuple(Path(root).resolve() for root in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        path = self._local_path(url)
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"Refused to fetch {url[:200]!r}: outside the project")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def _local_path(self, url: str) -> Path | None:
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(parts.path)).resolve()
        except (OSError, ValueError):
            return None
        inside = any(path.is_relative_to(root) for root in self.roots)
        return path if inside and path.is_file() else None


def font_urls() -> dict[str, str]:
    """file: URLs of the bundled font files, for the templates' ``@font-face`` rules."""
    return {style: (FONT_DIR / name).as_uri() for style, name in FONT_FILES.items()}


NBSP = "\u00a0"


def keep_last_words(text: str, count: int = 2) -> str:
    """Join the last ``count`` words with non-breaking spaces, so a wrapped title never leaves
    one word ("2013") alone on its last line."""
    words = text.split(" ")
    if len(words) <= count:
        return NBSP.join(words)
    return " ".join(words[:-count]) + " " + NBSP.join(words[-count:])


QUOTED_NAME = re.compile(r"“[^”]*”")


def keep_quoted_names(text: str) -> str:
    """A quoted name (“Dân vận khéo”) wraps as a whole, never "“Dân vận / khéo”"."""
    return QUOTED_NAME.sub(lambda match: match.group(0).replace(" ", NBSP), text)


# --- Measuring header lines -------------------------------------------------------------------
# The left header column is 45 % of the 160 mm text width; a line wider than that would wrap
# wherever the browser likes. Vietnamese words are several syllables separated by spaces
# ("CƠ QUAN"), so a wrap "at a space" can still cut a word: we choose the breaks ourselves.
LEFT_HEADER_MM = 160 * 0.45 - 1
HEADER_PT = 14
# Party bodies are named "<kind of body> <what it is for>": when a name must wrap, it wraps
# after the kind (36-HD samples: "ĐẢNG ỦY KHỐI / CÁC CƠ QUAN TỈNH").
BODY_KINDS = (
    "ĐẢNG ỦY KHỐI",
    "BAN THƯỜNG VỤ",
    "BAN CHỈ ĐẠO",
    "TỔ CHỈ ĐẠO",
    "ĐẢNG ỦY",
    "ĐẢNG BỘ",
    "CHI BỘ",
)


@lru_cache(maxsize=4)
def _advances(style: str) -> tuple[dict[int, int], int, int]:
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_DIR / FONT_FILES[style], lazy=True)
    cmap = font.getBestCmap()
    metrics = font["hmtx"]
    advances = {code: metrics[name][0] for code, name in cmap.items()}
    return advances, font["head"].unitsPerEm, advances.get(ord("M"), 1000)


def text_width_mm(text: str, *, style: str = "regular", size_pt: float = HEADER_PT) -> float:
    """The printed width of one line in our font (from the font's own advance widths)."""
    advances, units_per_em, fallback = _advances(style)
    units = sum(advances.get(ord(char), fallback) for char in nfc(text))
    return units / units_per_em * size_pt * 25.4 / 72


def header_lines(
    name: str, *, style: str = "regular", width_mm: float = LEFT_HEADER_MM
) -> list[str]:
    """A header name as printed lines, each narrower than ``width_mm``, broken only at spaces.

    Lines the office typed (a name with line breaks) are kept as typed. Otherwise a name that
    fits stays on one line; a longer one wraps after its kind of body, then where the remaining
    lines come out most even.
    """
    typed = [line.strip() for line in nfc(name).splitlines() if line.strip()]
    if len(typed) != 1:
        return typed
    text = " ".join(typed[0].split())

    def width(line: str) -> float:
        return text_width_mm(line, style=style)

    def fits(line: str) -> bool:
        return width(line) <= width_mm

    if fits(text):
        return [text]
    upper = text.upper()
    for kind in BODY_KINDS:
        if upper.startswith(kind + " "):
            return [text[: len(kind)], *header_lines(text[len(kind) + 1 :], style=style)]
    words = text.split(" ")
    for count in range(2, len(words) + 1):
        best = _even_split(words, count, width, width_mm)
        if best:
            return best
    return words


def _even_split(
    words: list[str], count: int, width: Callable[[str], float], width_mm: float
) -> list[str] | None:
    """``words`` in ``count`` lines that all fit, the longest line as short as possible."""
    best, best_width = None, width_mm
    for cuts in combinations(range(1, len(words)), count - 1):
        bounds = (0, *cuts, len(words))
        lines = [" ".join(words[a:b]) for a, b in pairwise(bounds)]
        widest = max(width(line) for line in lines)
        if widest <= best_width:
            best, best_width = lines, widest
    return best


# --- Party-format document header ------------------------------------------------------------


@dataclass
class Signature:
    """The signature block: ``on_behalf`` ("T/M BAN THƯỜNG VỤ", "K/T TỔ TRƯỞNG" or empty),
    ``title`` ("PHÓ BÍ THƯ", "TỔ TRƯỞNG") and the signer's name (blank on drafts)."""

    title: str
    on_behalf: str = ""
    name: str = ""


class PartyFrame:
    """What the Party-format frame (``reports/pdf/base_party.html``, which the award papers'
    frame extends) prints from a document's names, summary, place and date: every document
    printed in that frame is a ``PartyFrame``, so none can lack a line the frame reads.

    A subclass (a dataclass) provides ``parent_body``, ``issuing_body``, ``doc_type``,
    ``summary``, ``place``, ``date``, ``signature``, ``recipients`` and its own
    ``number_line`` (Party "Số 12-BC/ĐUK" or state "Số: 123/QĐ-UBND").
    """

    parent_body: str
    issuing_body: str
    summary: str
    place: str
    date: datetime.date

    @property
    def number_line(self) -> str:
        raise NotImplementedError

    @property
    def place_date(self) -> str:
        """ "Thái Nguyên, ngày 16 tháng 4 năm 2024": day below 10 and months 1–2 take a 0."""
        day = f"{self.date.day:02d}"
        month = f"{self.date.month:02d}" if self.date.month < 3 else str(self.date.month)
        return f"{self.place}, ngày {day} tháng {month} năm {self.date.year}"

    @property
    def parent_body_upper(self) -> str:
        return nfc(self.parent_body).upper()

    @property
    def issuing_body_upper(self) -> str:
        return nfc(self.issuing_body).upper()

    # Header names wrap only between words (issue 12.3).
    @property
    def parent_body_lines(self) -> list[str]:
        return header_lines(self.parent_body_upper, style="regular")

    @property
    def issuing_body_lines(self) -> list[str]:
        return header_lines(self.issuing_body_upper, style="bold")

    @property
    def summary_line(self) -> str:
        return keep_last_words(keep_quoted_names(nfc(self.summary)))


@dataclass
class PartyDocument(PartyFrame):
    """A Party body's document (domain.md §6).

    ``number`` is None while the office has not assigned it: the header then prints
    "Số      -BC/ĐUK" with a blank to fill in by hand at signing.
    """

    parent_body: str
    issuing_body: str
    doc_type: str  # "BÁO CÁO", "KẾ HOẠCH"…
    type_code: str  # "BC", "KH"…
    issuer_code: str  # "ĐUK", "TCĐ"…
    summary: str
    place: str
    date: datetime.date
    signature: Signature
    number: int | str | None = None
    recipients: list[str] = field(default_factory=list)

    @property
    def number_line(self) -> str:
        """Party style: "Số 12-BC/ĐUK" (no colon; number-TYPE/ISSUER)."""
        if self.number in (None, ""):
            number = "\u00a0" * 8  # a blank the office fills in at signing
        elif isinstance(self.number, int):
            number = f"{self.number:02d}"
        else:
            number = str(self.number)
        return f"Số {number}-{self.type_code}/{self.issuer_code}"


# --- Rendering --------------------------------------------------------------------------------


def render_html(template_name: str, context: dict) -> str:
    """The document's HTML in Vietnamese, NFC-normalised, with the font URLs in the context."""
    with translation.override("vi"):
        html = render_to_string(template_name, {"fonts": font_urls(), **context})
    return nfc(html)


def html_to_document(html: str, *, fetcher: ProjectOnlyFetcher | None = None):
    """Lay one HTML string out into pages (a WeasyPrint ``Document``) without writing it."""
    fetcher = fetcher or ProjectOnlyFetcher()
    return HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=fetcher).render()


def html_to_pdf(html: str, *, target=None, fetcher: ProjectOnlyFetcher | None = None):
    """Render one HTML string; returns the bytes, or writes to ``target`` (path or file)."""
    return html_to_document(html, fetcher=fetcher).write_pdf(target)


def anchors_on(page, prefix: str) -> list[str]:
    """The element ids starting with ``prefix`` whose box starts on this laid-out page."""
    return [name for name in page.anchors if name.startswith(prefix)]


def merge_pdfs(parts: Sequence[Path], target) -> int:
    """Concatenate PDF files into ``target`` (path or binary file); returns the page count.

    The parts are read from disk one after the other; each keeps its own font subsets. The
    document information (title, producer) is the first part's.
    """
    from pypdf import PdfReader, PdfWriter

    if len(parts) == 1:
        if hasattr(target, "write"):
            with open(parts[0], "rb") as source:
                shutil.copyfileobj(source, target)
        else:
            shutil.copyfile(parts[0], target)
        return len(PdfReader(parts[0]).pages)
    writer = PdfWriter()
    for path in parts:
        writer.append(str(path))
    metadata = PdfReader(parts[0]).metadata
    if metadata:
        writer.add_metadata(dict(metadata))
    writer.write(target)
    return len(writer.pages)


def render_pdf(template_name: str, context: dict, *, target=None):
    """Render a template to PDF: bytes, or written to ``target``."""
    return html_to_pdf(render_html(template_name, context), target=target)

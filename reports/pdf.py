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
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
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


# --- Party-format document header ------------------------------------------------------------


@dataclass
class Signature:
    """The signature block: ``on_behalf`` ("T/M BAN THƯỜNG VỤ", "K/T TỔ TRƯỞNG" or empty),
    ``title`` ("PHÓ BÍ THƯ", "TỔ TRƯỞNG") and the signer's name (blank on drafts)."""

    title: str
    on_behalf: str = ""
    name: str = ""


@dataclass
class PartyDocument:
    """What the Party-format frame prints around a document's body (domain.md §6).

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

"""Excel downloads with constant memory: each sheet's XML is streamed row by row into the .xlsx
(zip) and on to the browser as it is made, so 100,000 rows cost what 100 do and the download
starts at once. A small writer of our own rather than openpyxl's write-only mode, which spends
~0.1 ms per cell and makes 100,000 registrations take longer than the 10 s budget
(``bench/excel_export.py``); openpyxl still reads these files back in the tests.

Values: str (and lazy text), int, float, Decimal, bool, None, date and naive or aware datetime
(shown in local time, dd/mm/yyyy). The first ``title_rows`` and the header row are bold.

Every sheet is finished the same way, here and nowhere else, so an office can sort and filter
without reformatting: the header row is frozen, an autofilter covers header and data, and each
column has a width. A sheet's headers are plain strings (text columns, width from the header)
or ``Column`` declarations whose ``kind`` decides how a value is written: dates and datetimes
as real Excel dates in Asia/Ho_Chi_Minh (an aware datetime is converted with ``localtime``,
never stripped of its zone), numbers as numbers, and in a date or number column a placeholder
("—", "") becomes an empty cell, so sums and filters keep working.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal
from xml.sax.saxutils import escape

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Characters XML 1.0 forbids (a pasted control character must not corrupt the file).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = datetime.datetime(1899, 12, 30)  # noqa: DTZ001 - Excel's serial-date origin
# Style indexes in styles.xml below.
_BOLD, _DATE, _DATETIME, _INT, _DECIMAL = 1, 2, 3, 4, 5

_OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OOXML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_OOXML}.styles+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    f'<Override PartName="/xl/worksheets/sheet{{n}}.xml" ContentType="{_OOXML}.worksheet+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    f'xmlns:r="{_REL}">'
    "<sheets>{sheets}</sheets><definedNames>{names}</definedNames></workbook>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PKG_REL}">'
    "{sheets}"
    f'<Relationship Id="rIdStyles" Type="{_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
    '<numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    # Built-in #,##0 and #,##0.00: Excel shows them with the reader's separators (3.643).
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="{header}" topLeftCell="A{first}" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A{first}" sqref="A{first}"/>'
    "</sheetView></sheetViews>"
    "<cols>{cols}</cols><sheetData>"
)
_SHEET_TAIL = '</sheetData><autoFilter ref="{ref}"/></worksheet>'

# (name, headers — str or Column —, rows)
Sheet = tuple[str, Sequence[Any], Iterable[Sequence[Any]]]
Kind = Literal["text", "int", "decimal", "date", "datetime"]
# What an export writes when it has no value; in a number or date column it is an empty cell.
_PLACEHOLDERS = frozenset({"", "—", "–", "-"})


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, how its values are written, its width in
    characters (None: from the header, at least 10)."""

    header: Any
    kind: Kind = "text"
    width: float | None = None

    def chars(self) -> float:
        if self.width:
            return self.width
        return float(min(max(len(str(self.header)) + 2, 10), 60))


def _letter(n: int) -> str:
    """Column letters of the 1-based column ``n`` (1 → A, 27 → AA)."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _text(value: str, style: int = 0) -> str:
    value = escape(_ILLEGAL.sub("", value))[:32767]
    s = f' s="{style}"' if style else ""
    return f'<c t="inlineStr"{s}><is><t xml:space="preserve">{value}</t></is></c>'


def _cell(value: Any, bold: bool = False) -> str:
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f"<c><v>{value}</v></c>" if not bold else f'<c s="{_BOLD}"><v>{value}</v></c>'
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        seconds = round((value - _EPOCH).total_seconds())
        return f'<c s="{_DATETIME}"><v>{seconds / 86400!r}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c s="{_DATE}"><v>{(value - _EPOCH.date()).days}</v></c>'
    return _text(str(value), _BOLD if bold else 0)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in _PLACEHOLDERS)


def _date_cell(value: Any) -> str:
    if _is_blank(value):
        return "<c/>"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return _cell(value)


def _datetime_cell(value: Any) -> str:
    if _is_blank(value):
        return "<c/>"
    return _cell(value)


def _number_cell(style: int) -> Callable[[Any], str]:
    def cell(value: Any) -> str:
        if _is_blank(value):
            return "<c/>"
        if isinstance(value, bool):
            value = int(value)
        if isinstance(value, int | float | Decimal):
            # A whole number reads 4, not 4,00 (counts above rates in one column); a fraction
            # in a count column (a score sum) keeps its decimals.
            if isinstance(value, int):
                chosen = _INT
            elif style == _INT and value != int(value):
                chosen = _DECIMAL
            else:
                chosen = style
            return f'<c s="{chosen}"><v>{value}</v></c>'
        return _cell(value)

    return cell


_WRITERS: dict[str, Callable[[Any], str]] = {
    "text": _cell,
    "int": _number_cell(_INT),
    "decimal": _number_cell(_DECIMAL),
    "date": _date_cell,
    "datetime": _datetime_cell,
}


def _columns(headers: Sequence[Any]) -> list[Column]:
    return [h if isinstance(h, Column) else Column(h) for h in headers]


def _row(values: Iterable[Any], bold: bool = False) -> str:
    return "<row>" + "".join(_cell(v, bold) for v in values) + "</row>"


def _typed_row(writers: Sequence[Callable[[Any], str]], values: Sequence[Any]) -> str:
    if len(values) > len(writers):
        writers = [*writers, *[_cell] * (len(values) - len(writers))]
    return "<row>" + "".join(w(v) for w, v in zip(writers, values, strict=False)) + "</row>"


def _sheet_names(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for raw in names:
        base = re.sub(r"[\[\]:*?/\\]", " ", str(raw)).strip()[:31] or "Sheet"
        name, n = base, 2
        while name.lower() in seen:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        seen.add(name.lower())
        result.append(name)
    return result


class _Pipe(io.RawIOBase):
    """A write-only, unseekable stream whose bytes are taken out as they come: zipfile then
    writes each entry's sizes after its data (a data descriptor) instead of seeking back."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def iter_xlsx(
    *,
    sheets: Sequence[Sheet],
    title_rows: Sequence[str] = (),
    rows_per_chunk: int = 1000,
    on_rows: Callable[[int], None] | None = None,
) -> Iterator[bytes]:
    """The .xlsx file as a sequence of byte strings, produced while the rows are read: the
    first bytes leave before the first row is fetched, memory stays that of one chunk.
    ``on_rows(n)`` is told how many data rows (all sheets) are written, once per chunk."""
    names = _sheet_names(name for name, _headers, _rows in sheets)
    header_row = len(title_rows) + 1
    filters: list[str] = []
    written = 0
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for n, (_name, headers, rows) in enumerate(sheets, start=1):
            columns = _columns(headers)
            writers = [_WRITERS[c.kind] for c in columns]
            cols = "".join(
                f'<col min="{i}" max="{i}" width="{c.chars():g}" customWidth="1"/>'
                for i, c in enumerate(columns, start=1)
            )
            with zf.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as out:
                out.write(
                    _SHEET_HEAD.format(header=header_row, first=header_row + 1, cols=cols).encode()
                )
                for text in title_rows:
                    out.write(_row([text], bold=True).encode())
                out.write(_row([str(c.header) for c in columns], bold=True).encode())
                yield pipe.take()
                chunk: list[str] = []
                count = 0
                for row in rows:
                    chunk.append(_typed_row(writers, row))
                    count += 1
                    if len(chunk) == rows_per_chunk:
                        out.write("".join(chunk).encode())
                        chunk = []
                        written += rows_per_chunk
                        if on_rows:
                            on_rows(written)
                        yield pipe.take()
                out.write("".join(chunk).encode())
                last = _letter(max(len(columns), 1))
                ref = f"A{header_row}:{last}{header_row + count}"
                filters.append(f"$A${header_row}:${last}${header_row + count}")
                out.write(_SHEET_TAIL.format(ref=ref).encode())
        count = len(names)
        zf.writestr(
            "[Content_Types].xml",
            _CONTENT_TYPES.format(
                sheets="".join(_SHEET_TYPE.format(n=n) for n in range(1, count + 1))
            ),
        )
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr(
            "xl/workbook.xml",
            _WORKBOOK.format(
                sheets="".join(
                    f'<sheet name="{_attr(name)}" sheetId="{n}" r:id="rId{n}"/>'
                    for n, name in enumerate(names, start=1)
                ),
                # Excel keeps each sheet's autofilter range under this hidden name.
                names="".join(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
                    f"{escape(_quoted(name))}!{ref}</definedName>"
                    for n, (name, ref) in enumerate(zip(names, filters, strict=True))
                ),
            ),
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            _WORKBOOK_RELS.format(
                sheets="".join(
                    f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" '
                    f'Target="worksheets/sheet{n}.xml"/>'
                    for n in range(1, count + 1)
                )
            ),
        )
        zf.writestr("xl/styles.xml", _STYLES)
    yield pipe.take()


def write_xlsx(
    target,
    *,
    sheets: Sequence[Sheet],
    title_rows: Sequence[str] = (),
    on_rows: Callable[[int], None] | None = None,
) -> None:
    """Write sheets of (name, headers, rows) to ``target`` (a path or binary file)."""
    with contextlib.ExitStack() as stack:
        out = target
        if isinstance(target, str | os.PathLike):
            out = stack.enter_context(open(target, "wb"))  # noqa: SIM115
        for data in iter_xlsx(sheets=sheets, title_rows=title_rows, on_rows=on_rows):
            out.write(data)


@dataclass
class Export:
    """One list's Excel download, built from a user and the list's query string by the view
    (to stream it) or by a worker (``exports``: past a size, as a background job). ``count``
    says how many data rows it will hold (one query), before any row is read."""

    filename: str
    sheets: Sequence[Sheet]
    count: Callable[[], int]
    title_rows: Sequence[str] = ()

    def response(self) -> StreamingHttpResponse:
        return xlsx_response(self.filename, sheets=self.sheets, title_rows=self.title_rows)


def xlsx_response(
    filename: str,
    *,
    sheets: Sequence[Sheet],
    title_rows: Sequence[str] = (),
) -> StreamingHttpResponse:
    """An .xlsx download streamed from its first byte while the rows are read (a generator such
    as ``queryset.iterator()``): no spool file, no wait before the download starts. An error
    half-way truncates the file, which Excel then refuses to open, rather than showing a page."""
    response = StreamingHttpResponse(
        iter_xlsx(sheets=sheets, title_rows=title_rows), content_type=XLSX
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response

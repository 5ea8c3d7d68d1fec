"""Excel downloads with constant memory: each sheet's XML is streamed row by row into the .xlsx
(zip) and on to the browser as it is made, so 100,000 rows cost what 100 do and the download
starts at once. A small writer of our own rather than openpyxl's write-only mode, which spends
~0.1 ms per cell and makes 100,000 registrations take longer than the 10 s budget
(``bench/excel_export.py``); openpyxl still reads these files back in the tests.

Values: str (and lazy text), int, float, Decimal, bool, None, date and naive or aware datetime
(shown in local time, dd/mm/yyyy). The first ``title_rows`` and the header row are bold.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Characters XML 1.0 forbids (a pasted control character must not corrupt the file).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = datetime.datetime(1899, 12, 30)  # noqa: DTZ001 - Excel's serial-date origin
# Style indexes in styles.xml below.
_BOLD, _DATE, _DATETIME = 1, 2, 3

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
    "<sheets>{sheets}</sheets></workbook>"
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
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"


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


def _row(values: Iterable[Any], bold: bool = False) -> str:
    return "<row>" + "".join(_cell(v, bold) for v in values) + "</row>"


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
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    title_rows: Sequence[str] = (),
    rows_per_chunk: int = 1000,
) -> Iterator[bytes]:
    """The .xlsx file as a sequence of byte strings, produced while the rows are read: the
    first bytes leave before the first row is fetched, memory stays that of one chunk."""
    names = _sheet_names(name for name, _headers, _rows in sheets)
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for n, (_name, headers, rows) in enumerate(sheets, start=1):
            with zf.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as out:
                out.write(_SHEET_HEAD.encode())
                for text in title_rows:
                    out.write(_row([text], bold=True).encode())
                out.write(_row([str(h) for h in headers], bold=True).encode())
                yield pipe.take()
                chunk: list[str] = []
                for row in rows:
                    chunk.append(_row(row))
                    if len(chunk) == rows_per_chunk:
                        out.write("".join(chunk).encode())
                        chunk = []
                        yield pipe.take()
                out.write("".join(chunk).encode())
                out.write(_SHEET_TAIL.encode())
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
                )
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
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    title_rows: Sequence[str] = (),
) -> None:
    """Write sheets of (name, headers, rows) to ``target`` (a path or binary file)."""
    with contextlib.ExitStack() as stack:
        out = target
        if isinstance(target, str | os.PathLike):
            out = stack.enter_context(open(target, "wb"))  # noqa: SIM115
        for data in iter_xlsx(sheets=sheets, title_rows=title_rows):
            out.write(data)


def xlsx_response(
    filename: str,
    *,
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
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

"""An import file cannot make the server unpack or walk more than a real file would.

The two files that were tried from outside: a 100 KB .xlsx whose one shared string unpacks to
hundreds of megabytes (it took 1.2 GB and 15 s), and a small .xlsx of millions of empty rows
(skipped one by one for 37 s). Both are refused at once with a Vietnamese message, and nothing
is saved.
"""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from units import imports
from units.models import Unit

pytestmark = pytest.mark.django_db

HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã loại đơn vị", "Mã đơn vị cấp trên"]


def rewritten_xlsx(replace: dict[str, bytes]) -> bytes:
    """A real workbook (header + one row) with some of its zip members replaced."""
    workbook = Workbook()
    workbook.active.append(HEADERS)
    workbook.active.append(["X-001", "Chi bộ Thử", "base", ""])
    original = io.BytesIO()
    workbook.save(original)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(original) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def post(client, data: bytes):
    return client.post(
        reverse("admin:units_unit_import"), {"file": SimpleUploadedFile("don-vi.xlsx", data)}
    )


def errors_of(response) -> str:
    return " ".join(response.context["form"].errors.get("file", []))


def test_a_huge_string_is_refused_before_it_is_unpacked(tree, admin_user, login):
    # openpyxl writes strings inline, so the huge string sits in the sheet itself; a shared
    # string (xl/sharedStrings.xml) is one more member and checked the same way.
    huge = b"A" * (imports.MAX_XLSX_MEMBER_BYTES + 1)
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>' + "Mã đơn vị".encode() + b"</t>"
        b'</is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>' + huge + b"</t></is></c>"
        b"</row></sheetData></worksheet>"
    )
    data = rewritten_xlsx({"xl/worksheets/sheet1.xml": sheet})
    assert len(data) < 200_000  # a small upload, far under the upload limit
    before = Unit.objects.count()

    started = time.monotonic()
    response = post(login(admin_user), data)

    assert time.monotonic() - started < 3
    assert response.status_code == 200
    assert "giải nén" in errors_of(response)
    assert Unit.objects.count() == before


def test_empty_rows_count_against_the_row_limit(tree, admin_user, login, monkeypatch):
    # A smaller limit keeps the test quick; the counting is the same at 100,000.
    monkeypatch.setattr(imports, "MAX_ROWS", 2_000)
    rows = "".join(f'<row r="{n}"/>' for n in range(3, 3 + 2_000))
    last = 3 + 2_000
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã đơn vị</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Tên đơn vị</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>Mã loại đơn vị</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>X-001</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>Chi bộ Thử</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>base</t></is></c></row>'
        f"{rows}"
        f'<row r="{last}"><c r="A{last}" t="inlineStr"><is><t>X-002</t></is></c>'
        f'<c r="B{last}" t="inlineStr"><is><t>Chi bộ Cuối</t></is></c>'
        f'<c r="C{last}" t="inlineStr"><is><t>base</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    before = Unit.objects.count()

    response = post(login(admin_user), rewritten_xlsx({"xl/worksheets/sheet1.xml": sheet}))

    assert response.status_code == 200
    assert "2000" in errors_of(response).replace(".", "")
    assert Unit.objects.count() == before

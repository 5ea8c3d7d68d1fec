"""Importing units from Excel or CSV in the admin: all rows or none, problems by row number."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from units.models import Unit

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã loại đơn vị", "Mã đơn vị cấp trên", "Thư điện tử"]


def xlsx(rows, headers=HEADERS, name="don-vi.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows, headers=HEADERS, name="don-vi.csv", delimiter=","):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode("utf-8-sig"))


def upload(client, file):
    return client.post(reverse("admin:units_unit_import"), {"file": file})


@pytest.fixture
def demo_bloc(tree):
    """The samples hang under the demo bloc's short code."""
    Unit.objects.filter(pk=tree.bloc.pk).update(short_code="T01-DUK1")
    Unit.objects.filter(pk=tree.base_a.pk).update(short_code="T01-DUK1-001")
    return tree


@pytest.mark.parametrize("sample", ["units-import.xlsx", "units-import.csv"])
def test_sample_file_imports(demo_bloc, admin_user, login, sample):
    client = login(admin_user)
    before = Unit.objects.count()
    file = SimpleUploadedFile(sample, (SAMPLES / sample).read_bytes())
    response = upload(client, file)
    assert response.status_code == 302, response.context["result"].errors
    assert Unit.objects.count() == before + 4
    group = Unit.objects.get(short_code="T01-DUK1-901-TCD")
    base = Unit.objects.get_parent(group)
    assert base.short_code == "T01-DUK1-901"
    assert Unit.objects.get_parent(base).pk == demo_bloc.bloc.pk
    assert base.email == "vanphong.skhcn@thainguyen.gov.vn"
    # existing short code updated, not duplicated; empty cells kept the old values
    updated = Unit.objects.get(short_code="T01-DUK1-001")
    assert updated.phone == "0208 3852 000"
    assert updated.name == "Đảng bộ Văn phòng Tỉnh ủy"
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    # importing the same file again changes nothing
    file = SimpleUploadedFile(sample, (SAMPLES / sample).read_bytes())
    assert upload(client, file).status_code == 302
    assert Unit.objects.count() == before + 4


def test_new_units_are_searchable_and_sit_in_the_tree(tree, admin_user, login):
    client = login(admin_user)
    rows = [
        ["SKHCN", "Đảng bộ Sở Khoa học và Công nghệ", "base", tree.bloc.short_code, ""],
        ["SKHCN-TCD", "Tổ chỉ đạo – Sở Khoa học", "steering_group", "SKHCN", ""],
        ["STP-2", "Chi bộ Sở Tư pháp 2", "Cơ sở đảng", tree.bloc.short_code, ""],  # type by name
    ]
    assert upload(client, csv_file(rows, delimiter=";")).status_code == 302
    found = Unit.objects.search("so khoa hoc").values_list("short_code", flat=True)
    assert set(found) == {"SKHCN", "SKHCN-TCD"}
    tree.bloc.refresh_from_db()
    assert tree.bloc.numchild == 4
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_bad_rows_are_listed_by_row_number_and_nothing_is_saved(tree, admin_user, login):
    client = login(admin_user)
    before = list(Unit.objects.values_list("pk", "name", "path"))
    rows = [
        ["N1", "Đảng bộ mới", "base", tree.bloc.short_code, ""],  # row 2: fine
        ["N2", "Chi bộ", "khong-co", tree.bloc.short_code, ""],  # row 3: unknown type
        ["N3", "Chi bộ", "base", "KHONG-CO", ""],  # row 4: unknown parent
        ["N1", "Trùng mã", "base", tree.bloc.short_code, ""],  # row 5: short code repeated
        ["N4", "", "base", tree.bloc.short_code, ""],  # row 6: missing name
        ["N5", "Chi bộ", "base", tree.bloc.short_code, "khong-phai-email"],  # row 7: bad e-mail
        ["N6", "Chi bộ", "base", "N7", ""],  # row 8: parent comes later
        ["N7", "Chi bộ", "base", tree.bloc.short_code, ""],  # row 9: fine
        ["N8", "Chi bộ", "base", "", ""],  # row 10: fine for a superuser (a new root)
    ]
    response = upload(client, xlsx(rows))
    assert response.status_code == 200
    errors = response.context["result"].errors
    assert [e.row for e in errors] == [3, 4, 5, 6, 7, 8]
    messages = {e.row: e.message for e in errors}
    assert "khong-co" in messages[3]
    assert "KHONG-CO" in messages[4]
    assert "2" in messages[5]  # names the row where N1 first appears
    assert "Tên đơn vị" in messages[6]
    assert "9" in messages[8]
    assert list(Unit.objects.values_list("pk", "name", "path")) == before
    body = response.content.decode()
    assert "Chưa lưu gì" in body  # Vietnamese, the default language
    assert "<caption>" in body


def test_a_file_that_is_not_a_table_is_refused_clearly(tree, admin_user, login):
    client = login(admin_user)
    response = upload(client, SimpleUploadedFile("don-vi.xlsx", b"not really excel"))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    response = upload(client, SimpleUploadedFile("don-vi.pdf", b"%PDF-1.4"))
    assert response.context["form"].errors["file"]
    response = upload(client, csv_file([["A", "B", "base", "", ""]], headers=["Mã", "Tên"]))
    assert "Mã loại đơn vị" in response.context["form"].errors["file"][0]
    response = upload(client, csv_file([]))
    assert response.context["form"].errors["file"]


def test_the_office_imports_only_inside_its_bloc(tree, standing_office, login):
    standing_office.is_staff = True
    standing_office.save()
    client = login(standing_office)
    rows = [
        ["OK-1", "Chi bộ mới trong khối", "base", tree.bloc.short_code, ""],  # row 2: fine
        ["X-1", "Chi bộ khối khác", "base", tree.bloc2.short_code, ""],  # row 3: not theirs
        [tree.base_c.short_code, "Đổi tên đơn vị khối khác", "base", "", ""],  # row 4
        ["ROOT", "Gốc mới", "province", "", ""],  # row 5: only a superuser adds roots
    ]
    response = upload(client, xlsx(rows))
    assert [e.row for e in response.context["result"].errors] == [3, 4, 5]
    assert "Gang Thép" not in response.content.decode()
    assert not Unit.objects.filter(short_code__in=["OK-1", "X-1", "ROOT"]).exists()
    tree.base_c.refresh_from_db()
    assert tree.base_c.name == "Đảng bộ Công ty Gang Thép"


def test_empty_template_downloads(tree, admin_user, login):
    response = login(admin_user).get(reverse("admin:units_unit_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_template_and_the_page_call_the_column_thu_dien_tu(tree, admin_user, login):
    """One term for e-mail (issue 12.11): the empty template's header and the column list."""
    from openpyxl import load_workbook

    client = login(admin_user)
    template = client.get(reverse("admin:units_unit_import_template"))
    headers = [
        cell.value
        for cell in load_workbook(io.BytesIO(b"".join(template.streaming_content))).active[1]
    ]
    assert "Thư điện tử" in headers
    assert "Email" not in headers
    page = client.get(reverse("admin:units_unit_import")).content.decode()
    assert '<th scope="row">Thư điện tử</th>' in page


@pytest.mark.parametrize("header", ["Email", "E-mail", "thu dien tu"])
def test_a_file_with_the_old_email_header_still_loads(tree, admin_user, login, header):
    headers = [*HEADERS[:-1], header]
    rows = [["SKHCN", "Đảng bộ Sở Khoa học", "base", tree.bloc.short_code, "vp@skhcn.gov.vn"]]
    response = upload(login(admin_user), xlsx(rows, headers=headers))
    assert response.status_code == 302, response.context["result"].errors
    assert Unit.objects.get(short_code="SKHCN").email == "vp@skhcn.gov.vn"

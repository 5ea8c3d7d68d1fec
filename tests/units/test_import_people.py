"""Importing people and their roles: new people get no usable password (they use "forgot
password"), bad rows are listed by row number and nothing is saved."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.units.factories import make_grassroots
from units.models import Membership, Role, Unit, User

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
HEADERS = ["Tên đăng nhập", "Họ và tên", "Thư điện tử", "Mã đơn vị", "Mã vai trò", "Mã đoàn thể"]


def xlsx(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("nguoi-dung.xlsx", buffer.getvalue())


def upload(client, file):
    return client.post(reverse("admin:units_user_import"), {"file": file})


@pytest.fixture
def sample_units(tree):
    Unit.objects.filter(pk=tree.bloc.pk).update(short_code="T01-DUK1")
    tree.bloc.refresh_from_db()
    for code in ("901", "902"):
        base, group = make_grassroots(f"Chi bộ {code}", bloc=tree.bloc)
        Unit.objects.filter(pk=base.pk).update(short_code=f"T01-DUK1-{code}")
        Unit.objects.filter(pk=group.pk).update(short_code=f"T01-DUK1-{code}-TCD")
    return tree


@pytest.mark.parametrize("sample", ["people-import.xlsx", "people-import.csv"])
def test_sample_file_imports(sample_units, admin_user, login, sample):
    client = login(admin_user)
    file = SimpleUploadedFile(sample, (SAMPLES / sample).read_bytes())
    response = upload(client, file)
    assert response.status_code == 302, response.context["result"].errors
    leader = User.objects.get(username="lemai.khcn")
    assert leader.full_name == "Lê Thị Mai"
    assert not leader.has_usable_password()  # they use "forgot password"
    membership = leader.memberships.get()
    assert membership.role == Role.GROUP_LEADER
    assert membership.unit.short_code == "T01-DUK1-901-TCD"
    assert membership.mass_organisation.code == "party_committee"
    assert User.objects.get(username="ngothu.bcd").memberships.get().role == Role.REVIEWER
    assert User.objects.search("le thi mai").get() == leader
    # the same file again: people updated, no role doubled
    roles = Membership.objects.count()
    file = SimpleUploadedFile(sample, (SAMPLES / sample).read_bytes())
    assert upload(client, file).status_code == 302
    assert Membership.objects.count() == roles


def test_a_password_column_sets_a_password(tree, admin_user, login, client):
    rows = [["moi", "Người Mới", "", tree.group_a.short_code, "member", "", "Dv@nKheo2013!"]]
    response = upload(login(admin_user), xlsx(rows, headers=[*HEADERS, "Mật khẩu"]))
    assert response.status_code == 302
    assert User.objects.get(username="moi").check_password("Dv@nKheo2013!")


def test_bad_rows_are_listed_by_row_number_and_nothing_is_saved(
    tree, admin_user, group_leader, login
):
    group = tree.group_a.short_code
    rows = [
        ["nguoimoi", "Người Mới", "moi@example.vn", group, "member", "youth_union"],  # 2 fine
        ["nguoimoi", "Trùng tên", "khac@example.vn", group, "member", ""],  # 3 dup username
        ["a2", "Trùng thư", group_leader.email.upper(), group, "member", ""],  # 4 email taken
        ["a3", "Thư sai", "khong-phai-email", group, "member", ""],  # 5 invalid email
        ["a4", "", "a4@example.vn", group, "member", ""],  # 6 missing full name
        ["a5", "Sai vai trò", "a5@example.vn", tree.base_a.short_code, "leader", ""],  # 7
        ["a6", "Sai đơn vị", "a6@example.vn", "KHONG-CO", "member", ""],  # 8 unknown unit
        ["a7", "Sai đoàn thể", "a7@example.vn", group, "member", "khong-co"],  # 9
        ["a8", "Không thư", "", group, "member", ""],  # 10 no e-mail and no password
        ["a9", "Thư trùng dòng", "MOI@example.vn", group, "member", ""],  # 11 dup in file
    ]
    people, roles = User.objects.count(), Membership.objects.count()
    response = upload(login(admin_user), xlsx(rows))
    assert response.status_code == 200
    errors = response.context["result"].errors
    assert [e.row for e in errors] == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    messages = {e.row: e.message for e in errors}
    assert "2" in messages[3]
    assert "Họ và tên" in messages[6]
    assert "Tổ trưởng" in messages[7] or "leader" in messages[7].lower()
    assert "KHONG-CO" in messages[8]
    assert "2" in messages[11]
    assert (User.objects.count(), Membership.objects.count()) == (people, roles)
    assert not User.objects.filter(username="nguoimoi").exists()


def test_the_office_cannot_take_over_someone_elses_account(tree, standing_office, login):
    standing_office.is_staff = True
    standing_office.save()
    outsider = User.objects.create(username="ngoai", full_name="Người Khối Khác")
    Membership.objects.create(user=outsider, unit=tree.group_c, role=Role.GROUP_MEMBER)
    rows = [
        ["ngoai", "Đổi tên", "chiem@example.vn", tree.group_a.short_code, "member", ""],
        ["admin2", "Quản trị", "q@example.vn", tree.group_c.short_code, "member", ""],
    ]
    User.objects.create(username="admin2", is_superuser=True, is_staff=True)
    response = upload(login(standing_office), xlsx(rows))
    assert sorted({e.row for e in response.context["result"].errors}) == [2, 3]
    outsider.refresh_from_db()
    assert outsider.full_name == "Người Khối Khác"
    assert outsider.email == ""


def test_optional_columns_may_be_left_out(tree, admin_user, login):
    headers = ["Ten dang nhap", "HO VA TEN", "email", "Mã đơn vị", "Mã vai trò"]  # any accents
    rows = [["toithieu", "Người Tối Thiểu", "tt@example.vn", tree.group_a.short_code, "Thành viên"]]
    response = upload(login(admin_user), xlsx(rows, headers=headers))
    assert response.status_code == 302, response.context["result"].errors
    membership = User.objects.get(username="toithieu").memberships.get()
    assert membership.role == Role.GROUP_MEMBER
    assert membership.mass_organisation is None


def test_a_people_file_with_the_old_email_header_still_loads(tree, admin_user, login):
    headers = ["Tên đăng nhập", "Họ và tên", "Email", "Mã đơn vị", "Mã vai trò"]
    rows = [["cu.email", "Người Tệp Cũ", "cu@example.vn", tree.group_a.short_code, "member"]]
    response = upload(login(admin_user), xlsx(rows, headers=headers))
    assert response.status_code == 302, response.context["result"].errors
    assert User.objects.get(username="cu.email").email == "cu@example.vn"

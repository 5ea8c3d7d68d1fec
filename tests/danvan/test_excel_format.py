"""Every Excel download is ready to use: frozen header row, autofilter over header and data,
column widths, real dates in Vietnam's time, numbers as numbers and no "—" in a date or
number column (the shared writer does it for every export)."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from danvan.excel import Column, iter_xlsx

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _book(sheets, title_rows=()):
    data = b"".join(iter_xlsx(sheets=sheets, title_rows=title_rows))
    return load_workbook(io.BytesIO(data))


def test_header_frozen_filtered_and_columns_sized():
    columns = [
        Column("STT", "int", 6),
        Column("Tên", width=40),
        Column("Ngày gửi", "datetime", 18),
        "Ghi chú",
    ]
    rows = [[1, "Chi bộ A", None, ""], [2, "Chi bộ B", None, "x"]]
    sheet = _book([("Đăng ký", columns, rows)], title_rows=["Danh sách", "Năm 2026"]).active
    assert sheet.freeze_panes == "A4"  # two title rows and the header stay on screen
    assert sheet.auto_filter.ref == "A3:D5"
    assert sheet.column_dimensions["A"].width == 6
    assert sheet.column_dimensions["B"].width == 40
    assert sheet.column_dimensions["D"].width >= 10


def test_an_empty_sheet_still_has_its_filter_on_the_header():
    sheet = _book([("Trống", ["Mã", "Tên"], [])]).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B1"


def test_dates_are_real_dates_in_vietnam_time():
    submitted = datetime.datetime(2026, 6, 30, 20, 15, tzinfo=datetime.UTC)  # 03:15 on 1 July
    columns = [Column("Gửi lúc", "datetime"), Column("Ngày gửi", "date"), Column("Hạn", "date")]
    sheet = _book([("Bảng", columns, [[submitted, submitted, datetime.date(2026, 7, 5)]])]).active
    at, day, due = sheet["A2"], sheet["B2"], sheet["C2"]
    assert at.value == submitted.astimezone(HCM).replace(tzinfo=None)
    assert at.value == datetime.datetime(2026, 7, 1, 3, 15)
    assert at.number_format == "dd/mm/yyyy hh:mm"
    assert day.value == datetime.datetime(2026, 7, 1)  # the local day, not the UTC one
    assert day.number_format == "dd/mm/yyyy"
    assert due.value == datetime.datetime(2026, 7, 5)


def test_placeholders_leave_date_and_number_cells_empty():
    columns = [
        Column("Ngày", "date"),
        Column("Số buổi", "int"),
        Column("Điểm", "decimal"),
        Column("Lúc", "datetime"),
    ]
    sheet = _book([("Bảng", columns, [["—", "", None, "—"], [None, 3643, Decimal("1240.5"), ""]])])
    first, second = list(sheet.active.iter_rows(min_row=2, values_only=True))
    assert first == (None, None, None, None)
    assert second == (None, 3643, 1240.5, None)
    assert sheet.active["B3"].number_format == "#,##0"
    assert sheet.active["C3"].number_format == "#,##0.00"


def test_whole_numbers_read_whole_and_fractions_keep_their_decimals():
    columns = [Column("Tổng", "decimal"), Column("Số", "int")]
    sheet = _book([("Tỷ lệ", columns, [[4, 18.5], [50.0, 3]])]).active
    assert sheet["A2"].number_format == "#,##0"  # a count in a rates column: 4, not 4,00
    assert sheet["B2"].number_format == "#,##0.00"  # a score sum in a count column: 18,50
    assert sheet["A3"].number_format == "#,##0.00"
    assert sheet["B3"].number_format == "#,##0"

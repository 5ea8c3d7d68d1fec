"""Write the sample import files beside this script (run once: python docs/samples/make_samples.py).

They fit the demo data (`manage.py seed_demo`): the new units hang under the demo bloc T01-DUK1,
and the people take roles on the steering groups created by the units file. Import the units
file first, then the people file. Headers are the Vietnamese ones of units/imports.py.
"""

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent

UNIT_HEADERS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Mã loại đơn vị",
    "Mã đơn vị cấp trên",
    "Điện thoại",
    "Thư điện tử",
    "Địa chỉ",
    "Người đứng đầu",
]
UNIT_ROWS = [
    # A new organisation, then its steering group (parents come before their children).
    [
        "T01-DUK1-901",
        "Đảng bộ Sở Khoa học và Công nghệ",
        "base",
        "T01-DUK1",
        "0208 3856 123",
        "vanphong.skhcn@thainguyen.gov.vn",
        "Số 10 đường Cách Mạng Tháng Tám, TP Thái Nguyên",
        "Nguyễn Văn Hùng",
    ],
    [
        "T01-DUK1-901-TCD",
        "Tổ chỉ đạo “Dân vận khéo” – Đảng bộ Sở Khoa học và Công nghệ",
        "steering_group",
        "T01-DUK1-901",
        "",
        "",
        "",
        "Lê Thị Mai",
    ],
    [
        "T01-DUK1-902",
        "Chi bộ Trường Chính trị tỉnh",
        "base",
        "T01-DUK1",
        "0208 3855 456",
        "truongchinhtri@thainguyen.gov.vn",
        "Phường Tân Thịnh, TP Thái Nguyên",
        "Trần Quốc Toản",
    ],
    [
        "T01-DUK1-902-TCD",
        "Tổ chỉ đạo “Dân vận khéo” – Chi bộ Trường Chính trị tỉnh",
        "steering_group",
        "T01-DUK1-902",
        "",
        "",
        "",
        "",
    ],
    # An existing short code is updated, not duplicated (empty cells keep the current value).
    ["T01-DUK1-001", "Đảng bộ Văn phòng Tỉnh ủy", "base", "T01-DUK1", "0208 3852 000", "", "", ""],
]

PEOPLE_HEADERS = [
    "Tên đăng nhập",
    "Họ và tên",
    "Thư điện tử",
    "Điện thoại",
    "Chức vụ",
    "Mã đơn vị",
    "Mã vai trò",
    "Mã đoàn thể",
]
PEOPLE_ROWS = [
    ["lemai.khcn", "Lê Thị Mai", "lemai.khcn@example.vn", "0912 345 601",
     "Phó Bí thư Đảng ủy", "T01-DUK1-901-TCD", "leader", "party_committee"],
    ["phamtuan.khcn", "Phạm Anh Tuấn", "phamtuan.khcn@example.vn", "0912 345 602",
     "Chủ tịch Công đoàn cơ sở", "T01-DUK1-901-TCD", "deputy", "trade_union"],
    ["hoangyen.khcn", "Hoàng Thị Yến", "hoangyen.khcn@example.vn", "0912 345 603",
     "Bí thư Chi đoàn", "T01-DUK1-901-TCD", "member", "youth_union"],
    ["dovinh.khcn", "Đỗ Quang Vinh", "dovinh.khcn@example.vn", "",
     "Chánh Văn phòng", "T01-DUK1-901-TCD", "secretary", "office"],
    ["buithao.tct", "Bùi Phương Thảo", "buithao.tct@example.vn", "0912 345 611",
     "Phó Bí thư Chi bộ", "T01-DUK1-902-TCD", "leader", "party_committee"],
    ["vuhai.tct", "Vũ Đức Hải", "vuhai.tct@example.vn", "",
     "Chi hội trưởng Hội Cựu chiến binh", "T01-DUK1-902-TCD", "member", "veterans"],
    ["ngothu.bcd", "Ngô Thị Thu", "ngothu.bcd@example.vn", "0912 345 620",
     "Chuyên viên Ban Dân vận", "T01-DUK1", "reviewer", ""],
]  # fmt: skip


def write_xlsx(path: Path, headers: list[str], rows: list[list[str]]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhập dữ liệu"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column in sheet.columns:  # text cells: phone numbers keep their leading zero
        for cell in column:
            cell.number_format = "@"
        sheet.column_dimensions[column[0].column_letter].width = max(
            12, min(60, max(len(str(c.value or "")) for c in column) + 2)
        )
    workbook.save(path)


def write_csv(path: Path, headers: list[str], rows: list[list[str]]) -> None:
    # UTF-8 with a byte-order mark: Excel then opens the Vietnamese text correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)


if __name__ == "__main__":
    write_xlsx(HERE / "units-import.xlsx", UNIT_HEADERS, UNIT_ROWS)
    write_csv(HERE / "units-import.csv", UNIT_HEADERS, UNIT_ROWS)
    write_xlsx(HERE / "people-import.xlsx", PEOPLE_HEADERS, PEOPLE_ROWS)
    write_csv(HERE / "people-import.csv", PEOPLE_HEADERS, PEOPLE_ROWS)
    print("wrote", ", ".join(p.name for p in sorted(HERE.glob("*-import.*"))))

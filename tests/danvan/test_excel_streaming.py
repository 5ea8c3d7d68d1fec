"""Excel downloads start at once: the file's first bytes leave before any row is read."""

import io

from openpyxl import load_workbook

from danvan.excel import iter_xlsx


def test_first_bytes_leave_before_any_row_is_read_and_the_file_opens():
    read = []

    def rows():
        for n in range(2500):
            read.append(n)
            yield [n, f"Chi bộ {n}"]

    chunks = iter_xlsx(sheets=[("Đăng ký", ["STT", "Tên"], rows())], title_rows=["Danh sách"])
    first = next(chunks)
    assert first.startswith(b"PK")
    assert read == []
    second = next(chunks)
    assert len(read) == 1000  # one chunk of rows at a time, not the whole list
    data = first + second + b"".join(chunks)
    sheet = load_workbook(io.BytesIO(data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Danh sách"
    assert values[1] == ("STT", "Tên")
    assert values[-1] == (2499, "Chi bộ 2499")
    assert len(values) == 2 + 2500

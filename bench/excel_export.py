"""Excel export of 100,000 registrations: wall time and peak memory.

    .venv/bin/python bench/excel_export.py [rows]
    DATABASE_URL=postgres://… .venv/bin/python bench/excel_export.py --queue [login]

``--queue`` runs the real export path instead: the review queue's "Download Excel" as ``login``
(default ``admin``, who reviews everything) through the whole Django stack (``bench.settings``)
against the seeded database in ``DATABASE_URL`` (``seed_demo --scale national``: 139,000 sent
registrations), and reports the time to the first byte, the total time, rows and peak memory.

Target (issue 6): ≤ 10 s and ≤ 100 MB peak. The world (SQLite, bulk inserts) is built in one
child process; another streams the rows from the database (``QuerySet.iterator``) through
``danvan.excel.write_xlsx`` (streamed XML) into a file and reports its time and peak RSS.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _world  # noqa: E402

ROWS = 100_000
TARGET_SECONDS = 10.0
TARGET_MB = 100.0


def child_build(db: Path, rows: int) -> None:
    _world.setup_django(db)
    _world.migrate()
    units = 300
    print(json.dumps(_world.build(units, registrations_per_unit=rows / units)))


def child_export(db: Path, output: Path) -> None:
    _world.setup_django(db)
    from danvan.excel import write_xlsx
    from models_registry.models import Registration

    headers = [
        "Mã",
        "Cơ sở đảng",
        "Tên",
        "Loại",
        "Cấp",
        "Lĩnh vực",
        "Năm",
        "Trạng thái",
        "Kinh phí (đồng)",
        "Ngày công",
        "Điểm",
    ]
    baseline = _world.peak_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    rows = (
        Registration.objects.order_by("unit__path", "pk")
        .values_list(
            "pk",
            "unit__name",
            "name",
            "kind",
            "level",
            "primary_field__name",
            "year",
            "status",
            "budget_vnd",
            "workdays",
            "final_score",
        )
        .iterator(chunk_size=2000)
    )
    write_xlsx(output, sheets=[("Đăng ký", headers, rows)], title_rows=["Danh sách đăng ký"])
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "cpu": time.process_time() - cpu_started,
                "peak_mb": _world.peak_rss_mb(),
                "baseline_mb": baseline,
            }
        )
    )


def main(rows: int) -> int:
    here = Path(__file__).resolve()
    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as tmp:
        db = Path(tmp) / "excel.sqlite3"
        _world.run_child(here, "--build", str(db), str(rows))
        output = Path(tmp) / "export.xlsx"
        result = json.loads(_world.run_child(here, "--export", str(db), str(output)))
        size = output.stat().st_size // 1024
    ok = result["seconds"] <= TARGET_SECONDS and result["peak_mb"] <= TARGET_MB
    print(
        f"{rows} registrations: {result['seconds']:.2f} s wall, {result['cpu']:.2f} s CPU, "
        f"peak {result['peak_mb']:.1f} MB (Django loaded: {result['baseline_mb']:.1f} MB), "
        f"{size} KB"
    )
    print(f"target ≤ {TARGET_SECONDS:.0f} s and ≤ {TARGET_MB:.0f} MB: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


def queue_export(login: str) -> int:
    import io
    import os

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.test import Client
    from openpyxl import load_workbook

    from units.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=login))
    baseline = _world.peak_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    response = client.get("/registrations/review/", {"export": "xlsx"})
    assert response.status_code == 200, response.status_code
    chunks = iter(response.streaming_content)
    first = next(chunks)
    first_byte = time.perf_counter() - started
    size, body = len(first), io.BytesIO()
    body.write(first)
    for chunk in chunks:
        size += len(chunk)
        body.write(chunk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak = _world.peak_rss_mb()
    body.seek(0)
    rows = sum(1 for _row in load_workbook(body, read_only=True).active.iter_rows())
    print(
        f"review queue export as {login}: {rows - 2} rows, first byte after {first_byte:.2f} s, "
        f"{seconds:.1f} s wall, {cpu:.1f} s CPU, {size // 1024} KB, peak {peak:.0f} MB "
        f"(Django loaded: {baseline:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--queue":
        sys.exit(queue_export(sys.argv[2] if len(sys.argv) > 2 else "admin"))
    if len(sys.argv) > 1 and sys.argv[1] == "--build":
        child_build(Path(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--export":
        child_export(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS))

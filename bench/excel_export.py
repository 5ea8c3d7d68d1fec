"""Excel export of 100,000 registrations: wall time and peak memory.

    .venv/bin/python bench/excel_export.py [rows]

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


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--build":
        child_build(Path(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--export":
        child_export(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS))

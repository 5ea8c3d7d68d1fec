"""Excel export of 100,000 registrations: wall time and peak memory.

    .venv/bin/python bench/excel_export.py [rows]
    .venv/bin/python bench/excel_export.py --job [rows]
    DATABASE_URL=postgres://… .venv/bin/python bench/excel_export.py --queue [login]

``--job`` runs the background-job path of a large export (``exports``): the review queue of the
same world as a superuser, past the streaming threshold, so the request saves an export job; the
worker's task (``exports.tasks.export_task``: claim, heartbeat, the export rebuilt with the
requester's scope, written with progress, saved to MEDIA_ROOT) is then timed in its own process,
as a heavy-queue worker runs it.

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


def child_job(db: Path, media: Path) -> None:
    import os

    os.environ["DJANGO_MEDIA_ROOT"] = str(media)
    _world.setup_django(db)
    from danvan.models import JobStatus
    from exports.models import ExportJob
    from exports.tasks import export_task
    from tests.accounts.helpers import VerifiedClient  # the superuser's second factor passed
    from units.models import User

    admin = User.objects.create(username="bench-admin", is_superuser=True, is_staff=True)
    client = VerifiedClient(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    # The request: count the rows, save the job (the local settings run tasks eagerly, so keep
    # it from running here: the worker's part is measured on its own below).
    from django.test.utils import override_settings

    started = time.perf_counter()
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, DANVAN_BROKER_BACKOFF_SECONDS=3600):
        from notifications import queue

        queue._broker_down_until = time.monotonic() + 3600  # no broker: left for the "sweep"
        response = client.get("/registrations/review/", {"export": "xlsx"})
    request_seconds = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith("/exports/"), response["Location"]
    job = ExportJob.objects.get()
    baseline = _world.peak_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    export_task(job.pk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    print(
        json.dumps(
            {
                "request": request_seconds,
                "seconds": seconds,
                "cpu": cpu,
                "peak_mb": _world.peak_rss_mb(),
                "baseline_mb": baseline,
                "rows": job.rows,
                "kb": job.file.size // 1024,
            }
        )
    )


def job_path(rows: int) -> int:
    here = Path(__file__).resolve()
    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as tmp:
        db = Path(tmp) / "excel.sqlite3"
        _world.run_child(here, "--build", str(db), str(rows))
        r = json.loads(_world.run_child(here, "--job-child", str(db), str(Path(tmp) / "media")))
    ok = r["seconds"] <= TARGET_SECONDS and r["peak_mb"] <= TARGET_MB
    print(
        f"export job, review queue of {r['rows']} registrations: request {r['request']:.2f} s "
        f"(count + job saved), worker {r['seconds']:.2f} s wall, {r['cpu']:.2f} s CPU, "
        f"peak {r['peak_mb']:.1f} MB (Django loaded: {r['baseline_mb']:.1f} MB), {r['kb']} KB"
    )
    print(f"target ≤ {TARGET_SECONDS:.0f} s and ≤ {TARGET_MB:.0f} MB: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


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
    from openpyxl import load_workbook

    from tests.accounts.helpers import VerifiedClient  # the second factor passed
    from units.models import User

    client = VerifiedClient(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=login))
    baseline = _world.peak_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    from django.test.utils import override_settings

    # The streamed path, whatever the size (past the threshold the page makes a job: --job).
    with override_settings(DANVAN_EXPORT_STREAM_MAX_ROWS=10**9):
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
    if len(sys.argv) > 1 and sys.argv[1] == "--job":
        sys.exit(job_path(int(sys.argv[2]) if len(sys.argv) > 2 else ROWS))
    if len(sys.argv) > 1 and sys.argv[1] == "--job-child":
        child_job(Path(sys.argv[2]), Path(sys.argv[3]))
        sys.exit(0)
    if len(sys.argv) > 1 and sys.argv[1] == "--build":
        child_build(Path(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--export":
        child_export(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS))

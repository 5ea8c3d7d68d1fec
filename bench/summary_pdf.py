"""Bloc summary PDF: wall time and peak memory for 100, 300, 1000 and 3000 grassroots
organisations.

    .venv/bin/python bench/summary_pdf.py            # 100 / 300 / 1000 / 3000 units
    .venv/bin/python bench/summary_pdf.py 300        # one size

Target (issue 6): 300 units (province scale) in ≤ 10 s and ≤ 300 MB peak; the cost grows
linearly with the number of units and memory stays bounded (3000 units ≤ 300 MB too): the
document is rendered in parts of ``SUMMARY_ITEMS_PER_PART`` table rows and merged.

Each size is built in a child process (SQLite, bulk inserts, 5 registrations per unit) and
rendered in a fresh one, which reports its own wall time and peak RSS (Django, WeasyPrint and
the fonts included). CPU time is printed beside wall time: on a
machine busy with other work the wall time grows, the CPU time does not.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _world  # noqa: E402

SIZES = (100, 300, 1000, 3000)
TARGET_SECONDS = 10.0
TARGET_MB = 300.0


def child_build(db: Path, units: int) -> None:
    _world.setup_django(db)
    _world.migrate()
    print(json.dumps(_world.build(units, registrations_per_unit=5)))


def child_render(db: Path, ids: str, output: Path) -> None:
    _world.setup_django(db)
    from campaigns.models import Deadline
    from reports.documents import render_bloc_summary
    from units.models import Unit

    data = json.loads(ids)
    deadline = Deadline.objects.select_related("campaign", "applies_to").get(pk=data["deadline"])
    bloc = Unit.objects.get(pk=data["bloc"])
    parts = []
    started, cpu_started = time.perf_counter(), time.process_time()
    render_bloc_summary(
        root=bloc,
        deadline=deadline,
        target=output,
        on_progress=lambda done, total: parts.append(done),
    )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    import subprocess

    pages = subprocess.run(  # noqa: S603
        ["/usr/bin/pdfinfo", str(output)], capture_output=True, text=True, check=False
    ).stdout
    page_count = next(
        (line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?"
    )
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "cpu": cpu,
                "peak_mb": _world.peak_rss_mb(),
                "pages": page_count,
                "parts": len(parts),
            }
        )
    )


def main(sizes: tuple[int, ...]) -> int:
    here = Path(__file__).resolve()
    rows = []
    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as tmp:
        for units in sizes:
            db = Path(tmp) / f"summary-{units}.sqlite3"
            ids = _world.run_child(here, "--build", str(db), str(units))
            output = Path(tmp) / f"summary-{units}.pdf"
            result = json.loads(_world.run_child(here, "--render", str(db), ids, str(output)))
            result["units"] = units
            result["kb"] = output.stat().st_size // 1024
            rows.append(result)
            print(
                f"{units:>5} units: {result['seconds']:6.2f} s wall, {result['cpu']:6.2f} s CPU, "
                f"peak {result['peak_mb']:6.1f} MB, "
                f"{result['pages']} pages in {result['parts']} parts, {result['kb']} KB",
                flush=True,
            )
    ok = True
    for row in rows:
        if row["units"] == 300:
            met = row["seconds"] <= TARGET_SECONDS and row["peak_mb"] <= TARGET_MB
            ok = ok and met
            print(
                f"target 300 units ≤ {TARGET_SECONDS:.0f} s and ≤ {TARGET_MB:.0f} MB: "
                f"{'met' if met else 'MISSED'}"
            )
        elif row["units"] > 300:
            met = row["peak_mb"] <= TARGET_MB
            ok = ok and met
            print(
                f"target {row['units']} units ≤ {TARGET_MB:.0f} MB (bounded memory): "
                f"{'met' if met else 'MISSED'}"
            )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        for key, label in (("seconds", "wall"), ("cpu", "CPU")):
            per_unit = [(r[key] / r["units"]) * 1000 for r in rows]
            print(
                f"{label} ms per unit: "
                + ", ".join(f"{r['units']}: {p:.1f}" for r, p in zip(rows, per_unit, strict=True))
                + f" (×{last['units'] / first['units']:.0f} units → "
                f"×{last[key] / first[key]:.1f} {label} time)"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--build":
        child_build(Path(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--render":
        child_render(Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))
    else:
        chosen = tuple(int(a) for a in sys.argv[1:]) or SIZES
        sys.exit(main(chosen))

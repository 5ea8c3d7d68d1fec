"""Benchmark ``manage.py seed_demo`` at each scale, each on a fresh SQLite file.

    .venv/bin/python bench/seed_demo.py                      # small, province, national
    .venv/bin/python bench/seed_demo.py --scales small province

For each scale: migrate a new database (not timed), then run ``seed_demo --scale <scale>`` in a
child process and print its wall time, CPU time and peak resident memory (of that child only),
with the counts the command reports and the 1-minute load average before and after (other work on
the machine stretches wall time, not CPU time). The database files are removed afterwards unless
``--keep``. Targets on an idle 2-core machine: small ≤ 3 s, province ≤ 10 s, national ≤ 120 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALES = ["small", "province", "national"]


def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Run ``command``; return wall seconds, CPU seconds, peak RSS in KiB and its output."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as output:
        child = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        output.seek(0)
        text = output.read().decode(errors="replace")
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{text}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, text


def bench(scale: str, folder: Path, keep: bool) -> None:
    db = folder / f"seed-{scale}.sqlite3"
    db.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "danvan.settings.local",
        "DATABASE_URL": f"sqlite:///{db}",
    }
    python = sys.executable
    subprocess.run(  # noqa: S603
        [python, "manage.py", "migrate", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    load_before = os.getloadavg()[0]
    wall, cpu, rss_kib, text = run_measured(
        [python, "manage.py", "seed_demo", "--scale", scale], env
    )
    load_after = os.getloadavg()[0]
    counts = [line for line in text.splitlines() if ":" in line and line[:1].isalpha()]
    counts = [line for line in counts if not line.startswith(("seed_demo", "Demo logins", "Step"))]
    print(f"seed_demo --scale {scale:<9} wall {wall:6.1f} s   cpu {cpu:6.1f} s   ", end="")
    size_mib = db.stat().st_size / 2**20
    print(f"peak RSS {rss_kib / 1024:6.0f} MiB   db {size_mib:5.0f} MiB   ", end="")
    # Wall time only means something on an idle machine: CPU time is the steadier figure.
    print(f"load {load_before:.1f} -> {load_after:.1f}")
    for line in counts:
        print(f"    {line}")
    if not keep:
        db.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", choices=SCALES, default=SCALES)
    parser.add_argument("--keep", action="store_true", help="keep the SQLite files")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    for scale in args.scales:
        bench(scale, args.dir, args.keep)


if __name__ == "__main__":
    main()

"""Time ``manage.py backup`` and ``manage.py restore`` for a seeded demo on PostgreSQL.

    bash scripts/with-services.sh .venv/bin/python bench/backup_restore.py --scale province
    bash scripts/with-services.sh .venv/bin/python bench/backup_restore.py --files 500

Needs the DATABASE_URL that ``scripts/with-services.sh`` exports (a throwaway cluster). Migrates
and seeds the database (not timed), optionally adds ``--files`` synthetic uploads of
``--file-kib`` each so the file half of the archive weighs something, then times the backup,
creates a second, empty database and times the restore into it (with its verification of every
table's rows and every file's SHA-256) into an empty media folder. Prints wall seconds, archive
size, rows, tables and files.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, env: dict[str, str]) -> tuple[float, str]:
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return time.monotonic() - started, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="province", choices=["small", "province", "national"])
    parser.add_argument("--files", type=int, default=0, help="synthetic uploads to add")
    parser.add_argument("--file-kib", type=int, default=256)
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("run through scripts/with-services.sh (needs a PostgreSQL DATABASE_URL)")

    with tempfile.TemporaryDirectory(prefix="danvan-bench-backup-") as work:
        work = Path(work)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "danvan.settings.local",
            "CELERY_TASK_ALWAYS_EAGER": "true",
            "DJANGO_MEDIA_ROOT": str(work / "media"),
        }
        manage("migrate", "--noinput", env=env)
        seconds, _ = manage("seed_demo", "--scale", options.scale, env=env)
        print(f"seed_demo --scale {options.scale}: {seconds:.1f} s (not part of the figures)")
        if options.files:
            folder = work / "media" / "private" / "bench"
            folder.mkdir(parents=True, exist_ok=True)
            for n in range(options.files):
                (folder / f"tep-{n:05d}.pdf").write_bytes(
                    b"%PDF-1.4\n" + secrets.token_bytes(options.file_kib * 1024)
                )

        archive = work / "backup.tar"
        seconds, report = manage("backup", "--output", str(archive), env=env)
        size = archive.stat().st_size / 1048576
        print(f"backup:  {seconds:5.1f} s wall, archive {size:.1f} MiB — {report}")

        parts = urlsplit(url)
        restore_url = urlunsplit(parts._replace(path="/danvan_restore"))
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-c",
                "import psycopg2,sys;c=psycopg2.connect(sys.argv[1]);c.autocommit=True;"
                "c.cursor().execute('CREATE DATABASE danvan_restore TEMPLATE template0')",
                url,
            ],
            check=True,
        )
        restore_env = {
            **env,
            "DATABASE_URL": restore_url,
            "DJANGO_MEDIA_ROOT": str(work / "restored-media"),
        }
        seconds, report = manage("restore", str(archive), env=restore_env)
        print(f"restore: {seconds:5.1f} s wall (into a new database, verified) — {report}")
        print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

"""One archive holds the whole platform: the database, the uploaded files and a manifest.

Layout of the ``.tar``::

    manifest.json        format, created time, Django version, engine, migration state,
                         rows per table, each file's SHA-256 and size, the dump's SHA-256
    database.pgdump      PostgreSQL: ``pg_dump --format=custom`` (or database.json on SQLite:
                         ``dumpdata``, primary keys kept)
    media/<name>         every file under MEDIA_ROOT

Consistency on PostgreSQL: the row counts, the migration state and ``pg_dump`` read one and the
same snapshot (``pg_export_snapshot`` in a REPEATABLE READ transaction handed to ``pg_dump
--snapshot``), so the manifest describes exactly the dump. Files are not transactional: one
uploaded while the backup runs may be in the archive without its row, never the reverse for a
row committed before the backup began.

``restore`` goes only into an empty database and an empty media folder (``force`` wipes both
first) and then checks the manifest: a row count or a file hash that differs fails loudly.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .storage import CHUNK, digest_of

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.json"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    mismatches: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- helpers


def pg_tool(name: str) -> str:
    """Find ``pg_dump`` / ``pg_restore``: $DANVAN_PG_BIN, the newest Debian cluster's bin
    folder (it must not be older than the server), then PATH."""
    candidates = []
    if os.environ.get("DANVAN_PG_BIN"):
        candidates.append(Path(os.environ["DANVAN_PG_BIN"]) / name)
    debian = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: [int(x) if x.isdigit() else 0 for x in p.parts[-3].split(".")],
        reverse=True,
    )
    candidates.extend(debian)
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(
        f"{name} not found: install postgresql-client or set DANVAN_PG_BIN to its folder."
    )


def pg_env() -> dict[str, str]:
    """libpq's environment for the connection Django uses (the test database under pytest)."""
    conf = connection.settings_dict
    env = dict(os.environ)
    for var, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if conf.get(key):
            env[var] = str(conf[key])
    return env


def run(cmd: list[str], **kwargs) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, env=pg_env(), check=False, **kwargs)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed ({done.returncode}): {done.stderr.strip()}")


def engine() -> str:
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def table_names() -> list[str]:
    """Every table of every installed model (many-to-many tables included)."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    return sorted(set(connection.introspection.django_table_names()) & existing)


def row_counts(tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            # Table names come from introspection, quoted: nothing user-typed reaches the SQL.
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608  # nosec B608
            counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations() -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            state.setdefault(app, []).append(name)
    return state


def code_migrations() -> dict[str, list[str]]:
    """The migrations this code has (what ``migrate`` would apply on an empty database)."""
    state: dict[str, list[str]] = {}
    for app, name in sorted(MigrationLoader(None, ignore_no_migrations=True).graph.nodes):
        state.setdefault(app, []).append(name)
    return state


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def file_digest(path: Path) -> tuple[str, int]:
    with path.open("rb") as handle:
        return digest_of(iter(lambda: handle.read(CHUNK), b""))


# ---------------------------------------------------------------- backup


ARCHIVE_PREFIX = "danvan-backup-"


def default_output(folder: Path | None = None) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return (folder or Path.cwd()) / f"{ARCHIVE_PREFIX}{stamp}.tar"


def prune_backups(folder: Path, *, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest finished archives in ``folder``; returns the deleted.

    Only names this module writes count (a ``.partial`` in progress, or any other file an
    operator put there, is left alone); the time stamp in the name orders them.
    """
    if keep < 1:
        raise BackupError("keep at least one backup.")
    archives = sorted(Path(folder).glob(f"{ARCHIVE_PREFIX}*.tar"), key=lambda p: p.name)
    old = archives[:-keep]
    for path in old:
        path.unlink()
    return old


def scheduled_backup(folder: Path, *, keep: int) -> tuple[Path, list[Path]]:
    """The nightly backup: a new archive in ``folder``, then only the ``keep`` newest kept
    (pruned after the new one is complete, so a failed night never leaves fewer)."""
    output = default_output(Path(folder))
    create_backup(output)
    return output, prune_backups(folder, keep=keep)


def create_backup(output: Path) -> dict:
    """Write the archive to ``output`` (atomically: a partial archive never has the final
    name) and return its manifest."""
    if connection.in_atomic_block:
        raise BackupError("backup must run outside a transaction (it opens its own snapshot).")
    vendor = engine()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="danvan-backup-") as work:
        dump = Path(work) / DUMP_NAMES[vendor]
        with transaction.atomic():
            if vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    cursor.execute("SELECT pg_export_snapshot()")
                    snapshot = cursor.fetchone()[0]
                run(
                    [
                        pg_tool("pg_dump"),
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        f"--snapshot={snapshot}",
                        f"--file={dump}",
                    ]
                )
            else:
                # SQLite: one read transaction holds a shared lock, so writers wait and the
                # counts below describe the dump.
                # all=True: through the base managers, so soft-removed records (campaigns
                # activities) are dumped like every other row the counts include.
                call_command("dumpdata", output=str(dump), verbosity=0, all=True)
            tables = table_names()
            counts = row_counts(tables)
            migrations_state = applied_migrations()
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "django": django.get_version(),
            "engine": vendor,
            "database": {"name": dump.name, "sha256": file_digest(dump)[0]},
            "migrations": migrations_state,
            "tables": counts,
            "files": [],
        }
        root = Path(settings.MEDIA_ROOT)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(dump, arcname=dump.name)
            for path in media_files(root):
                relative = path.relative_to(root).as_posix()
                sha256, size = file_digest(path)
                tar.add(path, arcname=MEDIA_PREFIX + relative, recursive=False)
                manifest["files"].append({"path": relative, "sha256": sha256, "size": size})
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(datetime.datetime.now(tz=datetime.UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
        partial.replace(output)
    return manifest


# ---------------------------------------------------------------- restore


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, ValueError, AttributeError) as error:
        raise BackupError(f"not a backup archive: no readable {MANIFEST} ({error}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}.")
    return manifest


def database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def wipe_database() -> None:
    """Drop every table (``restore --force`` and the restore drill)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    else:
        with connection.cursor() as cursor:
            names = connection.introspection.table_names(cursor)
            cursor.execute("PRAGMA foreign_keys = OFF")
            for name in names:
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(name)}")
            cursor.execute("PRAGMA foreign_keys = ON")


def wipe_media(root: Path) -> None:
    if root.is_dir():
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()


def safe_member_path(root: Path, relative: str) -> Path:
    """Where an archive member goes, refusing names that climb out of MEDIA_ROOT."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise BackupError(f"refusing archive member outside the media folder: {relative!r}")
    return root.joinpath(*pure.parts)


def restore_backup(archive: Path, *, force: bool = False) -> RestoreReport:
    """Restore ``archive`` into the configured database and MEDIA_ROOT, then verify it."""
    vendor = engine()
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(archive, "r") as tar:
        manifest = read_manifest(tar)
        if manifest["engine"] != vendor:
            raise BackupError(
                f"this archive holds a {manifest['engine']} database; the configured database "
                f"is {vendor}."
            )
        dump_name = manifest["database"]["name"]
        if vendor == "sqlite" and manifest["migrations"] != code_migrations():
            raise BackupError(
                "the archive's migrations differ from this code's: restore it with the release "
                "that made it (SQLite archives are loaded through the current models)."
            )
        if not force:
            if not database_is_empty():
                raise BackupError(
                    "the database is not empty: restore into a new, empty database, or pass "
                    "--force to drop every table first."
                )
            if media_files(root):
                raise BackupError(
                    f"the media folder {root} is not empty: point DJANGO_MEDIA_ROOT at an empty "
                    "folder, or pass --force to delete its files first."
                )
        with tempfile.TemporaryDirectory(prefix="danvan-restore-") as work:
            dump = Path(work) / dump_name
            with dump.open("wb") as handle:
                shutil.copyfileobj(tar.extractfile(dump_name), handle, CHUNK)
            if file_digest(dump)[0] != manifest["database"]["sha256"]:
                raise BackupError("the archive's database dump is damaged (SHA-256 differs).")
            if force:
                wipe_database()
                wipe_media(root)
            if vendor == "postgresql":
                run(
                    [
                        pg_tool("pg_restore"),
                        "--no-owner",
                        "--no-privileges",
                        "--single-transaction",
                        "--exit-on-error",
                        f"--dbname={connection.settings_dict['NAME']}",
                        str(dump),
                    ]
                )
            else:
                call_command("migrate", interactive=False, verbosity=0)
                call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
                call_command("loaddata", str(dump), verbosity=0)
        root.mkdir(parents=True, exist_ok=True)
        for member in tar.getmembers():
            if not member.name.startswith(MEDIA_PREFIX) or not member.isfile():
                continue
            target = safe_member_path(root, member.name[len(MEDIA_PREFIX) :])
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as handle:
                shutil.copyfileobj(tar.extractfile(member), handle, CHUNK)
    return verify_restore(manifest, root)


def verify_restore(manifest: dict, root: Path) -> RestoreReport:
    """Compare the restored database and files with what the manifest promised."""
    report = RestoreReport()
    expected = manifest["tables"]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    missing_tables = sorted(set(expected) - existing)
    report.mismatches += [f"table {name}: missing" for name in missing_tables]
    counts = row_counts(sorted(set(expected) & existing))
    for table, count in counts.items():
        if count != expected[table]:
            report.mismatches.append(f"table {table}: {count} rows, archive says {expected[table]}")
    report.tables = len(counts)
    report.rows = sum(counts.values())
    for entry in manifest["files"]:
        path = safe_member_path(root, entry["path"])
        if not path.is_file():
            report.mismatches.append(f"file {entry['path']}: missing")
            continue
        if file_digest(path) != (entry["sha256"], entry["size"]):
            report.mismatches.append(f"file {entry['path']}: content differs")
            continue
        report.files += 1
    return report

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into an EMPTY database and an EMPTY media folder, "
        "then check every table's row count and every file's SHA-256 against its manifest. "
        "Exits non-zero, saying what differs, when anything does."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="first DROP every table of the configured database and DELETE every file "
            "under MEDIA_ROOT (for restore drills; never needed for a new server)",
        )

    def handle(self, *args, archive, force=False, **options):
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file")
        started = time.monotonic()
        try:
            report = restore_backup(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        if report.mismatches:
            shown = "\n".join(f"  {line}" for line in report.mismatches[:50])
            more = len(report.mismatches) - 50
            raise CommandError(
                f"restored, but {len(report.mismatches)} check(s) FAILED against the manifest:\n"
                + shown
                + (f"\n  … and {more} more" if more > 0 else "")
            )
        self.stdout.write(
            f"restored and verified: {report.rows} rows in {report.tables} tables, "
            f"{report.files} files, in {elapsed:.1f} s"
        )

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, create_backup, default_output, prune_backups


class Command(BaseCommand):
    help = (
        "Write one consistent archive (.tar): the database (pg_dump custom format, or dumpdata "
        "on SQLite), every uploaded file and manifest.json (SHA-256 and size of each file, rows "
        "per table, Django version, migrations, created time)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="archive path (default: ./danvan-backup-<time>.tar)"
        )
        parser.add_argument(
            "--keep",
            type=int,
            help="then delete all but the KEEP newest danvan-backup-*.tar in the archive's folder",
        )

    def handle(self, *args, output=None, keep=None, **options):
        output = output or default_output()
        started = time.monotonic()
        try:
            manifest = create_backup(output)
            removed = prune_backups(output.parent, keep=keep) if keep is not None else []
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{output}: {sum(manifest['tables'].values())} rows in {len(manifest['tables'])} "
            f"tables, {len(manifest['files'])} files, {output.stat().st_size / 1048576:.1f} MiB "
            f"in {time.monotonic() - started:.1f} s"
        )
        for path in removed:
            self.stdout.write(f"removed old backup {path.name}")

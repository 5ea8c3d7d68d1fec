"""Backup → wipe → restore on PostgreSQL gives back every table's rows and every file's bytes;
a restore over existing data or of a damaged archive is refused, saying why."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from operations.backup import media_files, row_counts, table_names, wipe_database, wipe_media
from tests.awards.factories import award_campaign, make_proposal
from tests.steering.factories import WorkingRegulationFactory

from .conftest import sha256_of

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump round trip"),
]


def snapshot(root: Path) -> tuple[dict[str, int], dict[str, str]]:
    files = {path.relative_to(root).as_posix(): sha256_of(path) for path in media_files(root)}
    return row_counts(table_names()), files


def test_backup_wipe_restore_gives_back_every_row_and_file(
    tree, group_member, standing_office, decision_with_file, settings, tmp_path
):
    decision_with_file(tree.base_a, "A")
    decision_with_file(tree.base_b, "B")
    WorkingRegulationFactory(unit=tree.base_a)
    make_proposal(tree.base_a, award_campaign(tree.bloc))  # two more files, nominees
    root = Path(settings.MEDIA_ROOT)
    counts_before, files_before = snapshot(root)
    assert len(files_before) == 4
    assert counts_before["units_unit"] > 0

    archive = tmp_path / "backup.tar"
    call_command("backup", output=archive)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert "database.pgdump" in tar.getnames()
    assert manifest["tables"] == counts_before
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == files_before
    assert manifest["migrations"]["operations"]

    wipe_database()
    wipe_media(root)
    assert not table_names()
    assert not media_files(root)

    call_command("restore", str(archive))

    assert snapshot(root) == (counts_before, files_before)


def test_restore_refuses_a_database_that_is_not_empty(tree, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", output=archive)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


def test_restore_reports_a_file_that_differs_from_the_manifest(
    tree, decision_with_file, settings, tmp_path
):
    decision_with_file()
    archive = tmp_path / "backup.tar"
    call_command("backup", output=archive)
    # Tamper with the archive: same name, other bytes than the manifest's hash.
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            if member.name.startswith("media/"):
                content = b"%PDF-1.4 not the original"
                member.size = len(content)
                data = io.BytesIO(content)
            target.addfile(member, data)
    with pytest.raises(CommandError, match="content differs"):
        call_command("restore", str(tampered), force=True)
    assert table_names()  # the database itself came back

"""The nightly backup is scheduled: beat names a task that exists, routed to the worker that has
the backup folder, and the task writes an archive and keeps only the newest N (issue 9)."""

import json
import tarfile
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import connection

from danvan.celery import app
from operations.backup import BackupError, prune_backups
from operations.tasks import nightly_backup

ROOT = Path(__file__).resolve().parents[2]
SERVICES = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"beat entry {name} names no task"


def test_the_nightly_backup_runs_where_the_backup_folder_is():
    entry = settings.CELERY_BEAT_SCHEDULE["backup-nightly"]
    assert entry["task"] == nightly_backup.name
    assert entry["schedule"].hour == {2}
    queue = settings.CELERY_TASK_ROUTES[nightly_backup.name]["queue"]
    workers = [
        s for s in SERVICES.values() if "worker" in s.get("command", []) and queue in s["command"]
    ]
    assert workers, f"no compose worker consumes {queue}"
    for worker in workers:
        folder = worker["environment"]["DANVAN_BACKUP_DIR"]
        assert int(worker["environment"]["DANVAN_BACKUP_KEEP"]) >= 1
        mounts = {volume.split(":")[1] for volume in worker["volumes"]}
        assert {folder, worker["environment"]["DJANGO_MEDIA_ROOT"]} <= mounts


def test_pruning_keeps_the_newest_archives_and_nothing_else_is_touched(tmp_path):
    names = [f"danvan-backup-2013060{day}-020000.tar" for day in range(1, 6)]
    for name in [*names, "danvan-backup-20130606-020000.tar.partial", "ghi-chu.txt"]:
        (tmp_path / name).write_text("x")
    removed = prune_backups(tmp_path, keep=2)
    assert sorted(p.name for p in removed) == names[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*names[3:], "danvan-backup-20130606-020000.tar.partial", "ghi-chu.txt"]
    )
    with pytest.raises(BackupError):
        prune_backups(tmp_path, keep=0)


def test_without_a_backup_folder_nothing_is_written(settings, tmp_path, monkeypatch):
    settings.DANVAN_BACKUP_DIR = ""
    monkeypatch.chdir(tmp_path)
    assert nightly_backup() == ""
    assert not list(tmp_path.iterdir())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump")
def test_the_nightly_task_writes_an_archive_and_keeps_the_newest(settings, tmp_path, tree):
    folder = tmp_path / "backups"
    folder.mkdir()
    for day in (1, 2, 3):
        (folder / f"danvan-backup-2013060{day}-020000.tar").write_text("old")
    settings.DANVAN_BACKUP_DIR = str(folder)
    settings.DANVAN_BACKUP_KEEP = 2

    written = Path(nightly_backup.apply().get())

    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["danvan-backup-20130603-020000.tar", written.name]
    )
    with tarfile.open(written) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["tables"]["units_unit"] == type(tree.bloc).objects.count()

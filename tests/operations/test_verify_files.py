"""The nightly check finds files that went missing or were changed on disk and tells the
standing office that owns them, once; a clean run tells nobody."""

from pathlib import Path

import pytest
from django.core.management import call_command

from notifications.models import EmailOutbox, Notification
from operations.models import FileState, StoredFile
from operations.tasks import verify_files

pytestmark = pytest.mark.django_db


def test_altered_and_missing_files_are_reported_to_the_standing_office(
    tree, standing_office, decision_with_file, settings, django_capture_on_commit_callbacks
):
    settings.DANVAN_VERIFY_FILES_BATCH = 1  # three batches, chained as tasks
    altered = decision_with_file(tree.base_a, "A")
    missing = decision_with_file(tree.base_b, "B")
    decision_with_file(tree.base_c, "C")  # intact (and another bloc's)
    root = Path(settings.MEDIA_ROOT)
    (root / altered.file.name).write_bytes(b"%PDF-1.4 replaced by someone")
    (root / missing.file.name).unlink()

    with django_capture_on_commit_callbacks(execute=True):
        verify_files.delay()

    notes = Notification.objects.filter(recipient=standing_office, kind="stored_files")
    body = "\n".join(note.body for note in notes)
    assert missing.file.name in body
    assert "mất" in body
    assert altered.file.name in body
    assert "thay đổi" in body
    assert notes.count() == 2  # one per batch that found something
    mails = EmailOutbox.objects.filter(recipient=standing_office, kind="stored_files")
    assert mails.count() == 2
    assert all(mail.subject.startswith("Tệp lưu trữ bị mất hoặc bị thay đổi") for mail in mails)
    assert StoredFile.objects.get(name=missing.file.name).state == FileState.MISSING
    assert StoredFile.objects.get(name=altered.file.name).state == FileState.ALTERED

    # The next night the same problems are not reported again.
    with django_capture_on_commit_callbacks(execute=True):
        verify_files.delay()
    assert Notification.objects.filter(kind="stored_files").count() == 2


def test_a_clean_run_tells_nobody(tree, standing_office, decision_with_file):
    decision_with_file(tree.base_a, "A")
    decision_with_file(tree.base_b, "B")
    call_command("verify_files")
    assert not Notification.objects.filter(kind="stored_files").exists()
    assert not EmailOutbox.objects.filter(kind="stored_files").exists()
    assert set(StoredFile.objects.values_list("state", flat=True)) == {FileState.OK}


def test_the_command_fails_on_a_new_problem(tree, standing_office, decision_with_file, settings):
    decision = decision_with_file()
    (Path(settings.MEDIA_ROOT) / decision.file.name).unlink()
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_files")
    assert exit_info.value.code == 1
    assert Notification.objects.filter(recipient=standing_office, kind="stored_files").exists()


def test_another_blocs_office_is_not_told(tree, standing_office, decision_with_file, settings):
    from tests.units.factories import person_with_role
    from units.models import Role

    other_office = person_with_role(Role.STANDING_OFFICE, tree.bloc2, username="thuongtruc2")
    decision = decision_with_file(tree.base_a)
    (Path(settings.MEDIA_ROOT) / decision.file.name).unlink()
    with pytest.raises(SystemExit):
        call_command("verify_files")
    assert Notification.objects.filter(recipient=standing_office).exists()
    assert not Notification.objects.filter(recipient=other_office).exists()


def test_a_file_put_back_is_intact_again_and_a_new_loss_is_reported_again(
    tree, standing_office, decision_with_file, settings
):
    decision = decision_with_file()
    path = Path(settings.MEDIA_ROOT) / decision.file.name
    content = path.read_bytes()
    path.unlink()
    with pytest.raises(SystemExit):
        call_command("verify_files")
    path.write_bytes(content)  # restored from the backup
    call_command("verify_files")
    assert StoredFile.objects.get(name=decision.file.name).state == FileState.OK
    path.unlink()
    with pytest.raises(SystemExit):
        call_command("verify_files")
    assert Notification.objects.filter(recipient=standing_office, kind="stored_files").count() == 2

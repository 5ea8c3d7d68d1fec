"""Every stored file gets its SHA-256 and size recorded when it is written, whichever app
stores it."""

import hashlib
from pathlib import Path

import pytest
from django.urls import reverse

from operations.integrity import file_fields
from operations.models import FileState, StoredFile
from operations.storage import HashingStorageMixin
from steering.models import FoundingDecision
from tests.campaigns.factories import pdf_upload

pytestmark = pytest.mark.django_db


def test_an_upload_records_its_sha256_and_size(tree, group_member, login, settings):
    upload = pdf_upload("qd-thanh-lap.pdf")
    content = upload.read()
    upload.seek(0)
    response = login(group_member).post(
        reverse("steering:decision_edit", args=[tree.base_a.pk]),
        {"number": "15-QĐ/ĐU", "decided_on": "05/03/2013", "file": upload},
    )
    assert response.status_code == 302
    name = FoundingDecision.objects.get(unit=tree.base_a).file.name
    record = StoredFile.objects.get(name=name)
    assert record.sha256 == hashlib.sha256(content).hexdigest()
    assert record.size == len(content)
    assert record.state == FileState.OK
    assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == content


def test_deleting_a_stored_file_forgets_its_record(decision_with_file):
    decision = decision_with_file()
    name = decision.file.name
    decision.file.delete()
    assert not StoredFile.objects.filter(name=name).exists()


def test_every_file_field_saves_through_the_recording_storage():
    fields = file_fields()
    assert len(fields) >= 10  # campaigns, steering, registry, reports, awards, support
    for model, name in fields:
        storage = model._meta.get_field(name).storage
        assert isinstance(storage, HashingStorageMixin), f"{model.__name__}.{name}"

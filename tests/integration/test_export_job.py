"""A large Excel export asked for through the page is made by a real Celery worker (heavy queue,
PostgreSQL, Redis) for the person who asked, with that person's scope and filters; the waiting
page shows progress and then the download, which only the requester reaches."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.models import JobStatus
from exports.models import ExportJob
from models_registry.models import Status
from tests.integration.conftest import wait_for
from tests.models_registry.conftest import at_status
from tests.models_registry.factories import make_campaign, make_registration

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_worker_makes_the_export_the_requester_downloads(
    workers, tree, reviewer, reviewer2, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DANVAN_EXPORT_STREAM_MAX_ROWS = 2
    campaign = make_campaign(tree.province)
    for n in range(3):
        at_status(make_registration(tree.base_a, campaign, name=f"Mô hình {n}"), Status.SUBMITTED)
    at_status(make_registration(tree.base_c, campaign, name="Của khối khác"), Status.SUBMITTED)
    worker = workers(DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT))

    client = login(reviewer)
    response = client.get(reverse("models_registry:queue"), {"export": "xlsx"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("exports:job", args=[job.pk])

    def done() -> bool:
        job.refresh_from_db()
        return job.status == JobStatus.DONE

    wait_for(done, timeout=60, what="the export job")
    assert "exports.tasks.export_task" in worker.log.read_text()
    assert (job.attempts, job.progress, job.rows) == (1, 100, 3)
    html = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert reverse("exports:download", args=[job.pk]) in html
    assert "hx-trigger" not in html
    download = client.get(reverse("exports:download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    names = {row[2] for row in list(sheet.iter_rows(values_only=True))[2:]}
    assert names == {"Mô hình 0", "Mô hình 1", "Mô hình 2"}  # not the other bloc's
    assert login(reviewer2).get(reverse("exports:download", args=[job.pk])).status_code == 404

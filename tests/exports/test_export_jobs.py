"""Excel exports of lists: streamed up to the threshold; past it a job made by a worker for the
requester with the requester's scope and filters, a Vietnamese waiting page, and a download only
the requester reaches. The tasks run eagerly here (the tests' configuration), against PostgreSQL;
``danvan.jobs`` (claim, lease, sweep) is also exercised by tests/reports/test_render_jobs.py."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from danvan.celery import app as celery_app
from danvan.models import JobStatus
from exports.models import ExportJob
from exports.services import export_jobs_purge
from exports.tasks import sweep_export_jobs
from models_registry.models import Status
from tests.models_registry.conftest import at_status
from tests.models_registry.factories import make_campaign, make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture
def sent(tree):
    """Three sent-in registrations of the first bloc, one of the second."""
    campaign = make_campaign(tree.province)
    mine = [
        at_status(make_registration(unit, campaign, name=f"Mô hình {n}"), Status.SUBMITTED)
        for n, unit in enumerate([tree.base_a, tree.base_b, tree.base_a], start=1)
    ]
    at_status(make_registration(tree.base_c, campaign, name="Của khối khác"), Status.SUBMITTED)
    return mine


def names_in(content: bytes) -> set[str]:
    sheet = load_workbook(io.BytesIO(content)).active
    return {row[2] for row in list(sheet.iter_rows(values_only=True))[2:]}


def test_a_small_list_streams_as_before(settings, sent, reviewer, login):
    settings.DANVAN_EXPORT_STREAM_MAX_ROWS = 10
    response = login(reviewer).get(reverse("models_registry:queue"), {"export": "xlsx"})
    assert response.streaming
    assert names_in(b"".join(response.streaming_content)) == {"Mô hình 1", "Mô hình 2", "Mô hình 3"}
    assert not ExportJob.objects.exists()


def test_a_large_list_becomes_a_job_the_requester_downloads(
    settings, sent, reviewer, reviewer2, login, client, django_capture_on_commit_callbacks
):
    settings.DANVAN_EXPORT_STREAM_MAX_ROWS = 0
    url = reverse("models_registry:queue")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(reviewer).get(url, {"export": "xlsx", "unit": "so tu phap"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:job", args=[job.pk])
    assert (job.kind, job.requested_by, job.rows) == ("registrations.queue", reviewer, 1)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.progress == 100
    page = client.get(response["Location"]).content.decode()
    assert "Tải tệp Excel" in page  # Vietnamese by default
    assert 'http-equiv="refresh"' not in page  # done: no more reloading
    download = client.get(reverse("exports:download", args=[job.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="dang-ky-mo-hinh')
    assert names_in(b"".join(download.streaming_content)) == {"Mô hình 2"}  # the filter kept
    # Anybody else — even a reviewer — meets a 404, as for a job that does not exist.
    other = login(reviewer2)
    for name in ("job", "job_status", "download"):
        assert other.get(reverse(f"exports:{name}", args=[job.pk])).status_code == 404


def test_the_worker_applies_the_requesters_scope(
    settings, sent, reviewer2, login, django_capture_on_commit_callbacks
):
    settings.DANVAN_EXPORT_STREAM_MAX_ROWS = 0
    client = login(reviewer2)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("models_registry:queue"), {"export": "xlsx"})
    job = ExportJob.objects.get()
    download = client.get(reverse("exports:download", args=[job.pk]))
    assert names_in(b"".join(download.streaming_content)) == {"Của khối khác"}


def test_a_waiting_job_polls_and_reloads_without_javascript(reviewer, login):
    job = ExportJob.objects.create(
        kind="registrations.queue", requested_by=reviewer, rows=9000, filename="x.xlsx"
    )
    client = login(reviewer)
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page
    assert 'hx-trigger="every 2s"' in page
    assert 'role="progressbar"' in page
    assert "9000" in page.replace(".", "")
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_the_sweep_makes_a_job_the_broker_never_got(settings, sent, reviewer):
    job = ExportJob.objects.create(
        kind="registrations.queue",
        requested_by=reviewer,
        rows=3,
        filename="dang-ky-mo-hinh.xlsx",
        created_at=timezone.now() - datetime.timedelta(minutes=2),
    )
    assert sweep_export_jobs() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert names_in(job.file.open("rb").read()) == {"Mô hình 1", "Mô hình 2", "Mô hình 3"}
    assert sweep_export_jobs() == 0


def test_old_files_are_removed(settings, sent, reviewer, tmp_path):
    settings.DANVAN_EXPORT_STREAM_MAX_ROWS = 0
    settings.DANVAN_EXPORT_KEEP_DAYS = 7
    job = ExportJob.objects.create(
        kind="registrations.queue",
        requested_by=reviewer,
        rows=3,
        filename="a.xlsx",
        created_at=timezone.now() - datetime.timedelta(minutes=2),
    )
    sweep_export_jobs()
    job.refresh_from_db()
    path = job.file.path
    assert export_jobs_purge(now=timezone.now() + datetime.timedelta(days=6)) == 0
    assert export_jobs_purge(now=timezone.now() + datetime.timedelta(days=8)) == 1
    assert not ExportJob.objects.exists()
    assert not (tmp_path / path).exists()

"""A bloc summary PDF whose render is cut by a PostgreSQL restart still ends "ready" (issue 9,
fault 1): real Celery worker (embedded beat sweeping every second), real PostgreSQL restarted
with ``pg_ctl restart -m fast`` while the job is running, lease 3 s. The worker's connection dies
under it; the job must not stay "running" for good, and the page the reviewer polls must end
with the download link. The time from the restart to the job being ready is printed."""

import time

import pytest
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.urls import reverse

from reports.models import JobStatus, RenderJob
from reports.services import render_job_request
from tests.integration.conftest import wait_for
from tests.integration.test_database_restart import pg_ctl
from tests.integration.test_render_job_recovery import LEASE, period  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def status(job: RenderJob) -> str | None:
    """The job's status, or None while this process's own connection is reconnecting."""
    try:
        job.refresh_from_db()
    except (OperationalError, InterfaceError):
        connection.close()
        return None
    return job.status


def test_a_database_restart_mid_render_ends_in_a_ready_job(
    workers,
    period,  # noqa: F811
    tree,
    reviewer,
    login,
    capsys,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    worker = workers(**LEASE, DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT))
    job = render_job_request(root=tree.bloc, deadline=period, by=reviewer)
    wait_for(lambda: status(job) == JobStatus.RUNNING, timeout=60, what="the render to start")

    pg_ctl("restart", "-m", "fast")
    restarted = time.monotonic()
    connection.close()  # ours died with the restart too

    wait_for(
        lambda: status(job) in (JobStatus.DONE, JobStatus.FAILED),
        timeout=120,
        what="the job to end after the restart",
    )
    took = time.monotonic() - restarted
    with capsys.disabled():
        print(f"\nrender job ended {job.status} {took:.1f} s after a PostgreSQL restart")

    html = login(reviewer).get(reverse("reports:job_status", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html  # the page stops polling
    assert job.status == JobStatus.DONE, worker.log.read_text()[-3000:]
    assert job.progress == 100
    assert job.file.open("rb").read(5) == b"%PDF-"
    assert reverse("reports:job_download", args=[job.pk]) in html

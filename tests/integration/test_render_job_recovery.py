"""A bloc summary PDF whose worker is SIGKILLed mid-render still ends "ready", rendered once.

Real Celery workers (each with its embedded beat sweeping every second) against PostgreSQL and
Redis, a lease of 3 s: the only worker takes the job and is killed while it renders; a second
worker started then (as a restarted container would be) sees the heartbeat go stale and renders
the job again. Starting the second worker only after the kill makes sure the killed one is the
renderer (with two from the start, the sweep's copy of a queued job's message reached both, and
the test sometimes killed the idle one). The recovery time printed runs from the kill to the job
being ready, the new worker's start-up included.
"""

import time
from pathlib import Path

import pytest
from django.urls import reverse

from reports.models import JobStatus, RenderJob
from reports.services import render_job_request
from tests.integration.conftest import wait_for
from tests.reports.factories import make_campaign, make_deadline
from tests.units.factories import make_grassroots

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEASE = {"DANVAN_RENDER_LEASE_SECONDS": "3", "DANVAN_RENDER_SWEEP_SECONDS": "1"}


@pytest.fixture
def period(tree):
    # Enough organisations that the render takes a few seconds: long enough to be killed in.
    for n in range(60):
        make_grassroots(f"Đảng bộ cơ quan số {n + 1}", bloc=tree.bloc)
    return make_deadline(make_campaign(tree.province), applies_to=tree.bloc)


def status(job: RenderJob) -> str:
    job.refresh_from_db()
    return job.status


def test_a_worker_killed_mid_render_leaves_a_job_another_worker_finishes_once(
    workers, period, tree, reviewer, login, capsys, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    env = {**LEASE, "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    renderer = workers(**env)
    job = render_job_request(root=tree.bloc, deadline=period, by=reviewer)
    wait_for(lambda: status(job) == JobStatus.RUNNING, timeout=60, what="the render to start")
    renderer.kill()
    killed_at = time.monotonic()
    assert status(job) == JobStatus.RUNNING, "the render ended before its worker was killed"
    other = workers(**env)

    wait_for(lambda: status(job) == JobStatus.DONE, timeout=120, what="the job to recover")
    recovery = time.monotonic() - killed_at
    with capsys.disabled():
        print(f"\nrender job recovered {recovery:.1f} s after its worker was killed (lease 3 s)")

    assert job.attempts == 2
    assert job.progress == 100
    assert job.file.open("rb").read(5) == b"%PDF-"
    rendered = list(Path(settings.MEDIA_ROOT).rglob(f"bao-cao-tong-hop-{period.pk}-{job.pk}*.pdf"))
    assert len(rendered) == 1
    assert "render_summary_task" in other.log.read_text()
    html = login(reviewer).get(reverse("reports:job_status", args=[job.pk])).content.decode()
    assert reverse("reports:job_download", args=[job.pk]) in html
    assert "hx-trigger" not in html

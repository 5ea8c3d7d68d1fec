"""Render jobs a broker outage left waiting are picked up by beat's sweep and rendered once.

A request whose broker was down leaves its job *pending* (``render_job_request`` logs and carries
on): these tests start from that state, saved a while ago, and run the real sweep and task
(eager, as configured for tests) against PostgreSQL.
"""

import datetime
import threading
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import timezone

from danvan.celery import app as celery_app
from reports.models import JobStatus, RenderJob
from reports.tasks import render_summary_task, sweep_render_jobs

from .factories import make_deadline


@pytest.fixture
def period(stats_fixture, tree):
    return make_deadline(stats_fixture.campaign, applies_to=tree.bloc)


@pytest.fixture(autouse=True)
def eager():
    """Tasks run in the process that publishes them (the tests' default, whatever ran before)."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def rendered_files(media: Path) -> list[Path]:
    return sorted(media.rglob("*.pdf"))


def stuck_job(period, tree, reviewer, *, age=datetime.timedelta(minutes=2), **fields):
    return RenderJob.objects.create(
        root=tree.bloc,
        deadline=period,
        requested_by=reviewer,
        created_at=timezone.now() - age,
        **fields,
    )


def test_a_job_the_broker_never_got_is_rendered_by_the_sweep(period, tree, reviewer, media):
    job = stuck_job(period, tree, reviewer)
    assert sweep_render_jobs() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.progress == 100
    assert job.pages >= 1
    assert job.file.open("rb").read(5) == b"%PDF-"
    assert len(rendered_files(media)) == 1


def test_a_second_sweep_and_a_repeated_message_render_nothing_more(period, tree, reviewer, media):
    job = stuck_job(period, tree, reviewer)
    assert sweep_render_jobs() == 1
    assert sweep_render_jobs() == 0
    render_summary_task(job.pk)  # the same message delivered twice
    assert len(rendered_files(media)) == 1


def test_a_job_saved_less_than_a_minute_ago_is_left_to_its_own_message(
    period, tree, reviewer, media
):
    job = stuck_job(period, tree, reviewer, age=datetime.timedelta(seconds=20))
    assert sweep_render_jobs() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING
    assert rendered_files(media) == []


def test_a_queued_job_whose_message_was_lost_is_queued_again(
    period, tree, reviewer, media, settings
):
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    lost = stuck_job(period, tree, reviewer, status=JobStatus.QUEUED, enqueued_at=long_ago)
    waiting = stuck_job(period, tree, reviewer, status=JobStatus.QUEUED, enqueued_at=timezone.now())
    assert sweep_render_jobs() == 1
    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert lost.status == JobStatus.DONE
    assert waiting.status == JobStatus.QUEUED  # its message is still on its way


def test_done_running_and_failed_jobs_are_not_swept(period, tree, reviewer, media):
    for status in (JobStatus.DONE, JobStatus.RUNNING, JobStatus.FAILED):
        stuck_job(period, tree, reviewer, status=status)
    assert sweep_render_jobs() == 0
    assert rendered_files(media) == []


def test_the_waiting_page_keeps_polling_a_queued_job(period, tree, reviewer, login):
    from django.urls import reverse

    job = stuck_job(period, tree, reviewer, status=JobStatus.QUEUED)
    html = login(reviewer).get(reverse("reports:job_status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_render_a_stuck_job_once(period, tree, reviewer, media):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    job = stuck_job(period, tree, reviewer)
    barrier = threading.Barrier(2)
    handed: list[int | str] = []

    def sweep():
        try:
            celery_app.set_current()  # a new thread has no current Celery app of its own
            barrier.wait()
            handed.append(sweep_render_jobs())
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            handed.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(handed) == [0, 1]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert len(rendered_files(media)) == 1


# --- Jobs whose worker died: the lease (heartbeat) --------------------------------------------


def test_a_running_job_whose_heartbeat_stopped_is_taken_over_by_the_sweep(
    period, tree, reviewer, media, settings
):
    stale = timezone.now() - datetime.timedelta(seconds=settings.DANVAN_RENDER_LEASE_SECONDS + 5)
    job = stuck_job(
        period, tree, reviewer, status=JobStatus.RUNNING, heartbeat_at=stale, attempts=1
    )
    alive = stuck_job(
        period, tree, reviewer, status=JobStatus.RUNNING, heartbeat_at=timezone.now(), attempts=1
    )
    assert sweep_render_jobs() == 1
    job.refresh_from_db()
    alive.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 2
    assert alive.status == JobStatus.RUNNING  # its worker is still beating
    assert len(rendered_files(media)) == 1


def test_a_redelivered_message_takes_over_a_stale_job_but_not_a_live_one(
    period, tree, reviewer, media, settings
):
    stale = timezone.now() - datetime.timedelta(seconds=settings.DANVAN_RENDER_LEASE_SECONDS + 5)
    job = stuck_job(
        period, tree, reviewer, status=JobStatus.RUNNING, heartbeat_at=stale, attempts=1
    )
    alive = stuck_job(
        period, tree, reviewer, status=JobStatus.RUNNING, heartbeat_at=timezone.now(), attempts=1
    )
    render_summary_task(alive.pk)
    render_summary_task(job.pk)
    render_summary_task(job.pk)
    job.refresh_from_db()
    alive.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert alive.status == JobStatus.RUNNING
    assert len(rendered_files(media)) == 1


def test_a_worker_that_lost_its_lease_writes_nothing(period, tree, reviewer, media):
    from reports.services import render_job_claim, render_job_mark

    job = stuck_job(period, tree, reviewer)
    first = render_job_claim(job_id=job.pk)
    RenderJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1)
    )
    second = render_job_claim(job_id=job.pk)
    assert (first.attempts, second.attempts) == (1, 2)
    assert not render_job_mark(job.pk, attempt=first.attempts, status=JobStatus.DONE)
    assert render_job_mark(job.pk, attempt=second.attempts, progress=50)
    job.refresh_from_db()
    assert (job.status, job.progress) == (JobStatus.RUNNING, 50)


def test_a_job_that_lost_its_worker_three_times_fails_and_the_page_offers_a_retry(
    period, tree, reviewer, media, settings, login, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    stale = timezone.now() - datetime.timedelta(seconds=settings.DANVAN_RENDER_LEASE_SECONDS + 5)
    job = stuck_job(
        period, tree, reviewer, status=JobStatus.RUNNING, heartbeat_at=stale, attempts=3
    )
    sweep_render_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert rendered_files(media) == []
    html = login(reviewer).get(reverse("reports:job_status", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html  # the page stops polling
    assert "Không tạo được tệp PDF" in html
    assert "Thử lại" in html
    # The retry is a new request for the same period and unit.
    with django_capture_on_commit_callbacks(execute=True):
        response = login(reviewer).post(
            reverse("reports:summary") + f"?period={period.pk}&unit={tree.bloc.pk}"
        )
    assert response.status_code == 302
    assert RenderJob.objects.filter(status=JobStatus.DONE).count() == 1

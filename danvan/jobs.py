"""Background jobs that make a file for the person waiting (``danvan.models.BackgroundJob``):
the bloc-summary PDF (``reports``) and large Excel exports (``exports``) share this.

The request saves a *pending* row and hands it to the broker once committed (``request_on_commit``,
through the circuit breaker of ``notifications.queue``); a worker claims it under a row lock
(``claim``), stamps a heartbeat from a thread while it works (``heartbeat``) and writes progress and
the result only while it still holds the claim (``mark``). Beat's sweep (``sweep``) queues again the
jobs a broker outage left pending and those whose worker died; after ``MAX_ATTEMPTS`` claims whose
worker stopped, a job fails (the page offers to try again).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from .models import BackgroundJob, JobStatus

# A job still pending this long after it was saved missed the broker (outage): the sweep queues
# it again. A queued job whose message has not started after the task time limit was lost.
STUCK_AFTER = datetime.timedelta(minutes=1)
SWEEP_BATCH = 50
# A job whose worker died this many times is given up (failed: "try again") rather than taken
# over for ever: a job that kills its worker every time would otherwise loop.
MAX_ATTEMPTS = 3
PROGRESS_CLAIMED = 5

Job = TypeVar("Job", bound=BackgroundJob)
Publish = Callable[[int], bool]

logger = logging.getLogger(__name__)


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.DANVAN_RENDER_LEASE_SECONDS)


def lost_its_worker(now: datetime.datetime) -> Q:
    """Running, but no heartbeat within the lease: the worker was killed or lost the database."""
    stale = now - lease()
    return Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, created_at__lt=stale)
    )


def request_on_commit(job: BackgroundJob, publish: Publish) -> None:
    """Hand a saved job to the broker once its row is committed; left pending for the sweep
    when the broker is unavailable (``publish`` returns False)."""
    model = type(job)

    def hand_over() -> None:
        if publish(job.pk):
            model.objects.filter(pk=job.pk, status=JobStatus.PENDING).update(
                status=JobStatus.QUEUED, enqueued_at=timezone.now()
            )

    transaction.on_commit(hand_over)


def claim(
    model: type[Job],
    job_id: int,
    *,
    related: tuple[str, ...] = (),
    now: datetime.datetime | None = None,
) -> Job | None:
    """Take a job: pending, queued, or running with a stale heartbeat.

    None when there is nothing to do (done, failed, or another worker alive on it). The row lock
    (waited for: the only other holders are short claims) makes two copies of a message, or a
    message and the sweep, take it once; ``attempts`` is the claim's token, so a worker that lost
    its lease can no longer write to the job (``mark``).
    """
    now = now or timezone.now()
    with transaction.atomic():
        job = (
            model.objects.select_for_update(of=("self",))
            .select_related(*related)
            .filter(
                Q(pk=job_id)
                & (Q(status__in=[JobStatus.PENDING, JobStatus.QUEUED]) | lost_its_worker(now))
            )
            .first()
        )
        if job is None:
            return None
        if job.attempts >= MAX_ATTEMPTS:
            job.status, job.finished_at = JobStatus.FAILED, now
            job.error = f"Gave up after {job.attempts} attempts whose worker stopped."
            job.save(update_fields=["status", "finished_at", "error"])
            return None
        job.status, job.progress, job.error = JobStatus.RUNNING, PROGRESS_CLAIMED, ""
        job.attempts += 1
        job.heartbeat_at = now
        job.save(update_fields=["status", "progress", "error", "attempts", "heartbeat_at"])
    return job


def sweep(model: type[BackgroundJob], publish: Publish, *, now=None) -> int:
    """Queue again the jobs the broker never got (or lost) and those whose worker died.

    Each job is claimed under ``SELECT … FOR UPDATE SKIP LOCKED`` and moved to *queued* with a
    fresh ``enqueued_at`` before the claim commits, so two sweeps at once never take the same
    job; the task itself starts a job only from pending/queued (or running with a stale
    heartbeat), so it runs once even if its message arrives twice. Returns how many were
    handed over.
    """
    now = now or timezone.now()
    lost_after = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    with transaction.atomic():
        claimed = list(
            model.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=JobStatus.PENDING, created_at__lt=now - STUCK_AFTER)
                | Q(status=JobStatus.QUEUED, enqueued_at__lt=now - lost_after)
                | lost_its_worker(now)
            )
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        model.objects.filter(pk__in=claimed).update(status=JobStatus.QUEUED, enqueued_at=now)
    handed = 0
    for job_id in claimed:
        if publish(job_id):
            handed += 1
        else:  # the broker is still down: leave them pending for the next sweep
            model.objects.filter(pk__in=claimed, status=JobStatus.QUEUED, enqueued_at=now).update(
                status=JobStatus.PENDING
            )
            break
    return handed


def mark(model: type[BackgroundJob], job_id: int, *, attempt: int | None = None, **fields: Any):
    """Write a job's progress or result and stamp its heartbeat; False if the lease was lost.

    With ``attempt``, only the worker holding that claim writes (the job is still running under
    it). A connection the database dropped (PostgreSQL restarted mid-job) is closed and the
    write tried once more on a fresh one, so the job ends "ready" or "failed", not "running".
    """
    fields.setdefault("heartbeat_at", timezone.now())
    rows = model.objects.filter(pk=job_id)
    if attempt is not None:
        rows = rows.filter(attempts=attempt, status=JobStatus.RUNNING)
    try:
        return rows.update(**fields) == 1
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block:
            raise
        logger.warning("Database connection lost; %s %s written again", model.__name__, job_id)
        connection.close()
        return rows.update(**fields) == 1


@contextlib.contextmanager
def heartbeat(model: type[BackgroundJob], job_id: int, attempt: int) -> Iterator[None]:
    """Stamp the job's heartbeat from a thread while the work runs.

    One step (a WeasyPrint part, a slow query) can take longer than the lease, so progress alone
    is not a sign of life; this thread beats three times per lease whatever the work is doing,
    and stops with the process: a killed worker's job goes stale and is taken over.
    """
    stop = threading.Event()
    every = max(settings.DANVAN_RENDER_LEASE_SECONDS / 3, 0.5)

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    if not mark(model, job_id, attempt=attempt):
                        return  # taken over or finished
                except DatabaseError:  # the database is away: the next beat tries again
                    connection.close()
        finally:
            connection.close()  # this thread's own connection

    name = f"{model.__name__}-{job_id}-heartbeat"
    thread = threading.Thread(target=beat, name=name, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def progress_writer(model: type[BackgroundJob], job: BackgroundJob, *, upto: int = 90):
    """``on_progress(done, total)`` for the work: PROGRESS_CLAIMED … ``upto`` %, never raising
    (progress is cosmetic; the result is written on a fresh connection)."""

    def on_progress(done: int, total: int) -> None:
        share = min(done / total, 1) if total else 1
        try:
            mark(
                model,
                job.pk,
                attempt=job.attempts,
                progress=PROGRESS_CLAIMED + int(share * (upto - PROGRESS_CLAIMED)),
            )
        except DatabaseError:
            logger.warning("Progress of %s %s not saved", model.__name__, job.pk, exc_info=True)

    return on_progress


def run(model: type[Job], job: Job, make: Callable[[Any], dict[str, Any]], filename: str) -> None:
    """Make a claimed job's file under its heartbeat and record the result.

    ``make(spool)`` writes the file into a temporary file and returns extra fields to record
    (pages, rows…). A worker that lost its lease meanwhile deletes its copy (the other worker's
    file is the one kept); an error marks the job failed and is raised for Celery's log.
    """
    import tempfile

    from django.core.files import File

    attempt = job.attempts
    with heartbeat(model, job.pk, attempt):
        try:
            with tempfile.TemporaryFile() as spool:
                extra = make(spool)
                mark(model, job.pk, attempt=attempt, progress=95)
                spool.seek(0)
                job.file.save(filename, File(spool), save=False)
            written = mark(
                model,
                job.pk,
                attempt=attempt,
                file=job.file.name,
                status=JobStatus.DONE,
                progress=100,
                error="",
                finished_at=timezone.now(),
                **extra,
            )
            if not written:
                job.file.delete(save=False)
        except Exception as exc:
            mark(
                model,
                job.pk,
                attempt=attempt,
                status=JobStatus.FAILED,
                error=str(exc)[:2000],
                finished_at=timezone.now(),
            )
            raise

"""A real Celery worker (with embedded beat) against the test database and the real Redis.

The test command (``scripts/with-services.sh``) exports REDIS_URL, DANVAN_REDIS_PORT and
DANVAN_REDIS_SERVER. The worker sees the test database because the tests are transactional
(data is committed) and the worker's DATABASE_URL names pytest-django's test database. E-mails go
to a file-based backend (``notifications.mail_backends.FileBackend``: one file per process and
connection) in a temporary folder both processes can read.
"""

from __future__ import annotations

import email
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from danvan.celery import app as celery_app
from notifications.mail_backends import SEPARATOR
from notifications.queue import reset_breaker

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def redis_port() -> str:
    return os.environ["DANVAN_REDIS_PORT"]


def redis_cli(*args: str) -> str:
    command = [shutil.which("redis-cli") or "redis-cli", "-h", "127.0.0.1", "-p", redis_port()]
    result = subprocess.run(  # noqa: S603 - fixed command line
        [*command, *args], capture_output=True, text=True, check=False
    )
    return result.stdout.strip()


def redis_up() -> bool:
    return redis_cli("ping") == "PONG"


def redis_stop() -> None:
    redis_cli("shutdown", "nosave")
    wait_for(lambda: not redis_up(), timeout=10, what="Redis to stop")


def redis_start() -> None:
    if redis_up():
        return
    folder = os.environ.get("DANVAN_SERVICES_DIR", "/tmp")  # noqa: S108
    server = os.environ.get("DANVAN_REDIS_SERVER", "redis-server")
    subprocess.run(  # noqa: S603 - the server the test command started
        [
            server,
            "--port",
            redis_port(),
            "--bind",
            "127.0.0.1",
            "--daemonize",
            "yes",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            folder,
            "--logfile",
            str(Path(folder) / "redis-restarted.log"),
        ],
        check=True,
        capture_output=True,
    )
    wait_for(redis_up, timeout=10, what="Redis to start")


def wait_for(condition, *, timeout: float, what: str, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class MailDir:
    """The file-based e-mail backend's folder: one file per connection, messages inside.

    A message counts as delivered once written whole (followed by its separator): a process
    killed in the middle of writing leaves a tail that, like SMTP data without its final dot,
    was never delivered.
    """

    def __init__(self, path: Path):
        self.path = path

    def messages(self) -> list[email.message.Message]:
        found = []
        for file in sorted(self.path.glob("*.log")):
            chunks = file.read_bytes().split(b"\n" + SEPARATOR + b"\n")
            for chunk in chunks[:-1]:  # the last piece is empty, or an unfinished message
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk.strip()))
        return found

    def ids(self) -> Counter:
        """How many times each Message-ID reached the transport."""
        # A long Message-ID is folded onto a second line, as RFC 5322 allows; readers unfold it.
        return Counter("".join(str(m["Message-ID"]).split()) for m in self.messages())

    def count(self) -> int:
        return sum(self.ids().values())


class Worker:
    concurrency = 2  # pool processes, each sending one batch at a time

    def __init__(self, env: dict, workdir: Path, name: str):
        self.env, self.workdir, self.name = env, workdir, name
        self.log = workdir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        self.log.write_text("")
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [
                CELERY,
                "-A",
                "danvan",
                "worker",
                "-B",
                "-s",
                str(self.workdir / f"{self.name}-beat"),
                "-l",
                "INFO",
                "-c",
                str(self.concurrency),
                # Every queue (light and heavy): one worker stands in for the production pair.
                "-Q",
                ",".join(settings.DANVAN_QUEUES),
                "-n",
                f"{self.name}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() takes the pool too
        )
        wait_for(
            lambda: "ready." in self.log.read_text(errors="replace") or self.process.poll(),
            timeout=30,
            what="the Celery worker",
        )
        assert self.process.poll() is None, self.log.read_text()
        return self

    def kill(self) -> None:
        """SIGKILL the whole worker (main process, pool processes, beat): no cleanup at all."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture
def mail_dir(tmp_path) -> MailDir:
    folder = tmp_path / "mail"
    folder.mkdir()
    return MailDir(folder)


@pytest.fixture
def not_eager(settings):
    """This process publishes to the real broker, as the web server does."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    reset_breaker()
    yield
    celery_app.conf.task_always_eager = before
    reset_breaker()


@pytest.fixture
def workers(transactional_db, mail_dir, tmp_path, not_eager):
    """``workers(**env)`` starts a worker; all are stopped (and Redis is back up) afterwards."""
    assert redis_up(), "the integration tests need the Redis started by scripts/test.sh"
    url = urlsplit(os.environ["DATABASE_URL"])
    test_db = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "danvan.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "False",
        "DATABASE_URL": urlunsplit(url._replace(path=f"/{test_db}")),
        "DJANGO_EMAIL_BACKEND": "notifications.mail_backends.FileBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir.path),
        "DANVAN_OUTBOX_SWEEP_SECONDS": "1",
        "DANVAN_REMINDERS_SWEEP_SECONDS": "1",
        "DANVAN_OUTBOX_RETRY_BASE_SECONDS": "1",
        "DANVAN_BROKER_BACKOFF_SECONDS": "1",
        "DANVAN_OUTBOX_BATCH_SIZE": "50",
        "PYTHONPATH": str(ROOT),
    }
    started: list[Worker] = []

    def start(**extra_env: str) -> Worker:
        worker = Worker({**env, **extra_env}, tmp_path, f"worker{len(started) + 1}")
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.stop()
    redis_start()
    # Drop what the killed workers left in the broker so later tests start clean.
    redis_cli("flushall")

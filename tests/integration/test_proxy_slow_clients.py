"""Slow and oversized uploads through the real nginx config in front of gunicorn.conf.py.

Issue 9, fault 3: on gunicorn's defaults a slow upload was cut at the worker timeout, held the
only worker meanwhile (the login page waited for it) and a 200 MiB body was read in full before
being refused. Here gunicorn runs the project's config with one sync worker and a 3 s timeout,
so that the fault shows in seconds: straight to gunicorn a 6-second upload is cut and the login
page waits; through nginx, which buffers the whole body first, the upload gets its answer, the
login page answers at once, and an oversized body is refused from its headers.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from tests.integration.conftest import ROOT, wait_for
from tests.integration.nginx import nginx_binary, write_nginx_config

pytestmark = [pytest.mark.services, pytest.mark.django_db]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
BODY = 120_000  # bytes, sent in 20 pieces 0.3 s apart: a 6-second upload
PIECES = 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2)  # noqa: S310  # nosec B310  # loopback
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


@pytest.fixture
def stack():
    """gunicorn (project config, one sync worker, 3 s timeout) and nginx in front of it."""
    work = Path(tempfile.mkdtemp(prefix="danvan-proxy-test-"))
    work.chmod(0o755)
    (work / "static").mkdir()
    (work / "media").mkdir()
    web, proxy = free_port(), free_port()
    url = urlsplit(os.environ["DATABASE_URL"])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.integration.production_like",
        "DJANGO_SECRET_KEY": "integration-test-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": urlunsplit(url._replace(path=f"/{connection.settings_dict['NAME']}")),
        "PYTHONPATH": str(ROOT),
        "GUNICORN_BIND": f"127.0.0.1:{web}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_WORKER_CLASS": "sync",
        "GUNICORN_TIMEOUT": "3",
        "GUNICORN_LOGLEVEL": "warning",
    }
    log = work / "gunicorn.log"
    gunicorn = subprocess.Popen(  # noqa: S603 - our own command line
        [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    config = write_nginx_config(
        work,
        listen=f"127.0.0.1:{proxy}",
        upstream=f"127.0.0.1:{web}",
        static_root=str(work / "static"),
        media_root=str(work / "media"),
    )
    nginx = subprocess.Popen(  # noqa: S603 - fixed command line
        [nginx_binary(), "-p", str(work), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: answers(f"http://127.0.0.1:{web}/healthz"), timeout=60, what="gunicorn")
        wait_for(lambda: answers(f"http://127.0.0.1:{proxy}/healthz"), timeout=30, what="nginx")
        yield {"direct": web, "proxy": proxy, "log": log}
    finally:
        nginx.terminate()
        gunicorn.terminate()
        nginx.wait(timeout=15)
        gunicorn.wait(timeout=15)


def slow_post(port: str | int, result: dict) -> None:
    """POST ``BODY`` bytes slowly; ``result['status']`` is the status line, or '' if cut."""
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", int(port)), timeout=30) as conn:
            conn.sendall(
                b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: %d\r\n\r\n" % BODY
            )
            piece = b"a" * (BODY // PIECES)
            for _ in range(PIECES):
                conn.sendall(piece)
                time.sleep(0.3)
            result["status"] = conn.recv(64).split(b"\r\n")[0].decode()
    except OSError:
        result["status"] = ""
    result["seconds"] = time.monotonic() - started


def login_page_seconds(port: int) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=30) as page:  # noqa: S310  # nosec B310
        assert page.status == 200
    return time.monotonic() - started


def upload_while_logging_in(port: int) -> tuple[dict, float]:
    result: dict = {}
    upload = threading.Thread(target=slow_post, args=(port, result))
    upload.start()
    time.sleep(0.5)  # the upload is in flight
    seconds = login_page_seconds(port)
    upload.join(timeout=60)
    return result, seconds


@pytest.mark.skipif(nginx_binary() is None, reason="nginx is installed by scripts/with-services.sh")
def test_a_slow_upload_holds_nobody_up_behind_the_proxy(stack):
    result, login = upload_while_logging_in(stack["proxy"])
    print(
        f"through nginx: upload answered {result['status']!r} after {result['seconds']:.1f} s; "
        f"login page during it {login * 1000:.0f} ms"
    )
    # Answered (the CSRF refusal of a cookie-less login: what matters is that it got an answer
    # past the worker timeout), and the one worker was free for the login page meanwhile.
    assert result["status"].startswith("HTTP/1.1 403"), result
    assert result["seconds"] > 5
    assert login < 2


@pytest.mark.skipif(nginx_binary() is None, reason="nginx is installed by scripts/with-services.sh")
def test_without_the_proxy_the_same_upload_is_cut_and_blocks_the_worker(stack):
    """The fault itself, so this test would have failed the old shape."""
    result, login = upload_while_logging_in(stack["direct"])
    print(f"straight to gunicorn: upload {result!r}; login page waited {login:.1f} s")
    assert result["status"] == "", result  # cut at the worker timeout, no answer at all
    # The login page waited until the only worker was killed (its timeout is 3 s).
    assert login > 1


@pytest.mark.skipif(nginx_binary() is None, reason="nginx is installed by scripts/with-services.sh")
def test_an_oversized_body_is_refused_from_its_headers(stack):
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", stack["proxy"]), timeout=30) as conn:
        conn.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/octet-stream\r\n"
            b"Content-Length: %d\r\n\r\n" % (200 * 1024 * 1024)
        )
        status = conn.recv(64).split(b"\r\n")[0].decode()
    assert status.startswith("HTTP/1.1 413"), status
    assert time.monotonic() - started < 2

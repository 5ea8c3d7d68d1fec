"""PostgreSQL restarts under a running gunicorn with the production settings.

Persistent connections (CONN_MAX_AGE) are health-checked (CONN_HEALTH_CHECKS), so the first
request after a restart reconnects instead of failing on the dead socket; while the database is
stopped every page that needs it answers a Vietnamese 503 with Retry-After, never a 500. The
test prints the time from the restart command returning to the first page served.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection
from django.urls import reverse

from tests.integration.conftest import ROOT, wait_for

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# The server and this process sign sessions with one key, or the server sees nobody logged in.
LOGIN_TITLE = "<title>Đăng nhập"
SECRET_KEY = "integration-test-secret-key-" + "x" * 40


def pg_ctl(*args: str) -> None:
    """Run pg_ctl on the test command's throwaway cluster (as ``postgres`` when root)."""
    folder = Path(os.environ["DANVAN_SERVICES_DIR"]) / "pg"
    command = [
        str(Path(os.environ["DANVAN_PG_BIN"]) / "pg_ctl"),
        "-D",
        str(folder / "data"),
        "-l",
        str(folder / "postgres.log"),
        "-w",
        "-t",
        "60",
        *args,
    ]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, cwd="/")  # noqa: S603


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, cookie: str) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def server(tmp_path):
    """One sync gunicorn worker: the process whose kept connection a restart kills."""
    port = free_port()
    url = urlsplit(os.environ["DATABASE_URL"])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.integration.production_like",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": urlunsplit(url._replace(path=f"/{connection.settings_dict['NAME']}")),
        "PYTHONPATH": str(ROOT),
    }
    log = tmp_path / "gunicorn.log"
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [GUNICORN, "danvan.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=tmp_path,  # not the project folder: its gunicorn.conf.py is production's, not ours
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310
        except urllib.error.HTTPError:
            return True
        except OSError:
            return process.poll() is not None
        return True

    wait_for(up, timeout=60, what="gunicorn", every=0.2)
    assert process.poll() is None, log.read_text()
    yield base
    process.terminate()
    process.wait(timeout=15)
    connection.close()  # this process's connection died with the server's restart too


def test_a_database_restart_costs_no_500_and_an_outage_answers_503(
    server, client, standing_office, capsys, settings
):
    settings.SECRET_KEY = SECRET_KEY
    client.force_login(standing_office)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    # Not a page the page cache may hold: each request below reads the database.
    home = server + reverse("campaigns:list")
    status, _, html = get(home, cookie)
    assert status == 200, html  # the worker now keeps a connection
    assert LOGIN_TITLE not in html, "the server did not see the session"

    pg_ctl("restart", "-m", "fast")
    restarted = time.monotonic()
    status, _, html = get(home, cookie)
    first_request = time.monotonic() - restarted
    assert status == 200, html[:2000]
    assert LOGIN_TITLE not in html

    pg_ctl("stop", "-m", "fast")
    try:
        status, headers, html = get(home, cookie)
        assert status == 503, html[:2000]
        assert int(headers["Retry-After"]) > 0
        assert "Hệ thống tạm thời gián đoạn" in html
        assert 'class="navbar-brand' in html  # the site's layout
    finally:
        pg_ctl("start")
    started = time.monotonic()
    status, _, html = get(home, cookie)
    after_outage = time.monotonic() - started
    assert status == 200, html[:2000]
    assert LOGIN_TITLE not in html
    with capsys.disabled():
        print(
            f"\nfirst request after a PostgreSQL restart: {first_request * 1000:.0f} ms; "
            f"after an outage: {after_outage * 1000:.0f} ms"
        )

"""Slow uploads, a huge body and protected downloads through real nginx + gunicorn on loopback.

    .venv/bin/python bench/proxy_uploads.py [--uploads 3] [--size-mb 3] [--rate 60k]
        [--baseline]

Starts throwaway PostgreSQL and Redis through ``scripts/with-services.sh`` (unless
``DANVAN_SERVICES_DIR`` or ``DATABASE_URL`` says they exist), migrates, seeds the small demo,
renders ``deploy/nginx/danvan.conf`` for loopback, starts nginx (Debian's package) in front of
``gunicorn -c gunicorn.conf.py`` with ``bench.settings`` (production settings on plain HTTP) and
measures, as issue 9 asks:

1. ``--uploads`` leaders' founding-decision scans of ``--size-mb`` MB each, sent at the same
   time by ``curl --limit-rate`` through nginx: each one's status and duration;
2. while they are in flight, the login page fetched every second: median and worst time;
3. a 200 MiB body, announced (Content-Length) and chunked: nginx's status, time, bytes sent;
4. the uploaded file downloaded back: sent by nginx through X-Accel-Redirect (headers kept).

``--baseline`` runs step 1–2 against gunicorn's defaults (one sync worker, 30 s timeout, no
proxy) for comparison. Ports: DANVAN_BENCH_NGINX_PORT (58480), DANVAN_BENCH_WEB_PORT (58481).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

if not os.environ.get("DANVAN_SERVICES_DIR") and not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SKIP_BROWSER", "1")
    os.environ.setdefault("DANVAN_PG_PORT", "55512")
    os.environ.setdefault("DANVAN_REDIS_PORT", "56459")
    script = str(ROOT / "scripts" / "with-services.sh")
    os.execv("/bin/bash", ["bash", script, sys.executable, *sys.argv])  # noqa: S606

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
NGINX_PORT = int(os.environ.get("DANVAN_BENCH_NGINX_PORT", "58480"))
WEB_PORT = int(os.environ.get("DANVAN_BENCH_WEB_PORT", "58481"))
WORK = Path(tempfile.mkdtemp(prefix="danvan-bench-proxy-"))
WORK.chmod(0o755)  # nginx workers (not root) read static files and media below it
os.environ.setdefault("DANVAN_BENCH_STATIC_ROOT", str(WORK / "static"))
os.environ.setdefault("DJANGO_MEDIA_ROOT", str(WORK / "media"))
os.environ["DANVAN_X_ACCEL_REDIRECT_PREFIX"] = "/protected/"


def manage(*args: str) -> None:
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )


def wait_for(url: str, what: str) -> None:
    for _ in range(150):
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310  # nosec B310  # our loopback http URL
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{what} did not answer {url} within 30 s")


def start_nginx() -> subprocess.Popen:
    from tests.integration.nginx import write_nginx_config

    write_nginx_config(
        WORK,
        listen=f"127.0.0.1:{NGINX_PORT}",
        upstream=f"127.0.0.1:{WEB_PORT}",
        static_root=os.environ["DANVAN_BENCH_STATIC_ROOT"],
        media_root=os.environ["DJANGO_MEDIA_ROOT"],
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    process = subprocess.Popen(  # noqa: S603 - fixed command line
        [nginx, "-p", str(WORK), "-c", str(WORK / "nginx.conf")], start_new_session=True
    )
    wait_for(f"http://127.0.0.1:{NGINX_PORT}/healthz", "nginx")
    return process


def start_gunicorn(*, baseline: bool) -> subprocess.Popen:
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    if baseline:
        # gunicorn's defaults (one sync worker, 30 s timeout). Started outside the project
        # folder: gunicorn reads ./gunicorn.conf.py by itself when no -c is given.
        cwd = WORK
        command = [gunicorn, "danvan.wsgi:application", f"--bind=127.0.0.1:{WEB_PORT}"]
        command.append(f"--chdir={ROOT}")
    else:
        cwd = ROOT
        command = [gunicorn, "-c", "gunicorn.conf.py"]
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{WEB_PORT}",
        "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "3"),
        "GUNICORN_LOGLEVEL": "warning",
    }
    process = subprocess.Popen(command, cwd=cwd, env=env, start_new_session=True)  # noqa: S603
    wait_for(f"http://127.0.0.1:{WEB_PORT}/healthz", "gunicorn")
    return process


def prepare(size_mb: int) -> tuple[str, int, Path]:
    """A leader's session and organisation, and the scan to upload."""
    import django

    django.setup()
    from django.test import Client

    from tests.campaigns.factories import big_pdf_upload
    from units.models import Membership, Unit

    membership = Membership.objects.select_related("unit").get(user__username="totruong")
    organisation = Unit.objects.get(path=membership.unit.path[: -Unit.steplen])
    client = Client()
    client.force_login(membership.user)
    scan = WORK / "quyet-dinh.pdf"
    scan.write_bytes(big_pdf_upload(size_mb * 1024 * 1024).read())
    return client.cookies["sessionid"].value, organisation.pk, scan


CURL = shutil.which("curl") or "/usr/bin/curl"


def curl(*args: str) -> str:
    run = subprocess.run(  # noqa: S603 - fixed command line
        [CURL, "-s", "-S", *args], capture_output=True, text=True, check=False, timeout=600
    )
    return run.stdout


def upload(base: str, session: str, unit_pk: int, scan: Path, rate: str, index: int) -> dict:
    jar = WORK / f"cookies-{index}.txt"
    url = f"{base}/steering/units/{unit_pk}/decision/"
    page = curl("-c", str(jar), "-b", f"sessionid={session}", url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    started = time.monotonic()
    out = curl(
        *("-b", str(jar), "-b", f"sessionid={session}", "--limit-rate", rate),
        *("-o", "/dev/null", "-w", "%{http_code} %{size_upload}"),
        *("-F", f"csrfmiddlewaretoken={token}", "-F", f"number={index}-QĐ/ĐU"),
        *("-F", "decided_on=05/03/2013", "-F", f"file=@{scan};type=application/pdf"),
        *("-H", f"Referer: {url}", url),
    )
    status, sent = (out.split() + ["000", "0"])[:2]
    return {"status": status, "seconds": time.monotonic() - started, "sent": float(sent)}


def time_login(base: str) -> float:
    out = curl("-o", "/dev/null", "-w", "%{http_code} %{time_total}", f"{base}/accounts/login/")
    status, seconds = out.split()
    return float(seconds) if status == "200" else float("inf")


def slow_uploads(base: str, args, session: str, unit_pk: int, scan: Path) -> None:
    results: list[dict] = []
    threads = [
        threading.Thread(
            target=lambda i=i: results.append(upload(base, session, unit_pk, scan, args.rate, i))
        )
        for i in range(args.uploads)
    ]
    idle = [time_login(base) for _ in range(5)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    during = []
    while any(thread.is_alive() for thread in threads):
        during.append(time_login(base))
        time.sleep(1)
    for thread in threads:
        thread.join()
    print(f"{args.uploads} uploads of {args.size_mb} MB at {args.rate}/s each:")
    for result in sorted(results, key=lambda r: r["seconds"]):
        print(
            f"  HTTP {result['status']} after {result['seconds']:.1f} s "
            f"({result['sent'] / 1048576:.2f} MiB sent)"
        )
    print(
        f"login page idle: median {statistics.median(idle) * 1000:.0f} ms; during the uploads: "
        f"median {statistics.median(during) * 1000:.0f} ms, worst {max(during) * 1000:.0f} ms "
        f"over {len(during)} fetches"
    )


def huge_body(base: str) -> None:
    """A 200 MiB body: announced, nginx answers from the headers alone; chunked, it counts."""
    host, port = base.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/octet-stream\r\n"
            b"Content-Length: %d\r\n\r\n" % (200 * 1024 * 1024)
        )
        status = conn.recv(64).split(b"\r\n")[0].decode()
    print(
        f"200 MiB body (Content-Length): {status} after {time.monotonic() - started:.3f} s, "
        "0 bytes of the body sent"
    )
    big = WORK / "huge.bin"
    with big.open("wb") as file:
        file.truncate(200 * 1024 * 1024)
    started = time.monotonic()
    out = curl(
        *("-o", "/dev/null", "-H", "Expect:", "-H", "Transfer-Encoding: chunked"),
        *("-w", "%{http_code} %{size_upload}", "--data-binary", f"@{big}"),
        f"{base}/accounts/login/",
    )
    status, sent = (out.split() + ["000", "0"])[:2]
    print(
        f"200 MiB body (chunked): HTTP {status} after {time.monotonic() - started:.2f} s, "
        f"{float(sent) / 1048576:.1f} MiB sent before nginx cut it"
    )


def download_back(base: str, session: str, unit_pk: int) -> None:
    from steering.models import FoundingDecision

    decision = FoundingDecision.objects.get(unit_id=unit_pk)  # the scan uploaded above
    url = f"{base}/steering/decisions/{decision.pk}/file/"
    headers = curl("-D", "-", "-o", str(WORK / "back.pdf"), "-b", f"sessionid={session}", url)
    keep = ("HTTP/", "content-type", "content-disposition", "cache-control", "x-accel")
    shown = [line for line in headers.splitlines() if line.lower().startswith(keep)]
    same = (WORK / "back.pdf").read_bytes() == decision.file.open("rb").read()
    print("download through nginx (X-Accel-Redirect):", "; ".join(shown), f"; identical: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=3)
    parser.add_argument("--size-mb", type=int, default=3)
    parser.add_argument("--rate", default="60k", help="curl --limit-rate per upload")
    parser.add_argument("--baseline", action="store_true", help="gunicorn defaults, no proxy")
    args = parser.parse_args()

    manage("migrate", "--noinput")
    manage("seed_demo", "--if-empty")
    manage("collectstatic", "--noinput")
    session, unit_pk, scan = prepare(args.size_mb)
    processes = [start_gunicorn(baseline=args.baseline)]
    try:
        if args.baseline:
            base = f"http://127.0.0.1:{WEB_PORT}"
            print("baseline: gunicorn defaults (1 sync worker, 30 s timeout), no proxy")
        else:
            processes.append(start_nginx())
            base = f"http://127.0.0.1:{NGINX_PORT}"
            print("nginx (deploy/nginx/danvan.conf) + gunicorn -c gunicorn.conf.py")
        slow_uploads(base, args, session, unit_pk, scan)
        if not args.baseline:
            huge_body(base)
            download_back(base, session, unit_pk)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()

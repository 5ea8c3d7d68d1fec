"""Page throughput, latency and weight from outside: gunicorn + PostgreSQL + Redis on loopback.

    .venv/bin/python bench/pages.py [--scale province|national] [--duration 15] [--journey 60]
        [--workers 3] [--connections 16] [--pages hello,member_home,…] [--no-weight] [--writes 5]

Starts throwaway PostgreSQL and Redis through ``scripts/with-services.sh`` unless
``DANVAN_SERVICES_DIR`` says it runs inside it already (``bench/run_all.sh`` does; with
``DATABASE_URL`` pointing at a database of your own, nothing is started). Migrates, seeds an empty
database with ``seed_demo --scale …``, collects static files, logs the demo people in (session
cookies written to the database, as a login does), starts ``gunicorn`` with ``bench.settings``
(production settings on plain HTTP, plus the bench-only ``/bench/hello/`` view) and runs ``wrk``
(Debian's package) against each page: requests/s, p50/p95/p99 latency, non-2xx responses and the
ratio to the bare hello view measured in the same run. Then a mixed journey (members and
reviewers, ``bench/journey.lua``) and each page's weight: bytes transferred with gzip for the first
load (HTML plus every stylesheet, script and image it links) and with static files cached.
Targets (issue 10): review queue ≥ 0.25 × hello, member home ≥ 0.3 ×, completeness board ≥ 0.10 ×;
journey ≥ 100 req/s with 0 errors and p95 < 500 ms; first load ≤ 150 KB, cached ≤ 30 KB.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))

if not os.environ.get("DANVAN_SERVICES_DIR") and not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SKIP_BROWSER", "1")
    os.environ.setdefault("DANVAN_PG_PORT", "55512")
    os.environ.setdefault("DANVAN_REDIS_PORT", "56459")
    script = str(ROOT / "scripts" / "with-services.sh")
    os.execv("/bin/bash", ["bash", script, sys.executable, *sys.argv])  # noqa: S606

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

# (name, login, path or None when looked up) — the pages of issue 10's table.
PAGES = [
    ("hello", None, "/bench/hello/"),
    # The same view for a logged-in member: the fixed cost of session, user and scope.
    ("hello_member", "thanhvien", "/bench/hello/"),
    ("member_home", "thanhvien", "/"),
    ("reviewer_home", "bancd", "/"),
    ("review_queue", "bancd", "/registrations/review/"),
    ("not_registered", "bancd", "/registrations/not-registered/"),
    ("completeness_board", "bancd", "/reports/board/"),
    ("setup_board", "bancd", "/steering/board/"),
    ("registration_detail", "bancd", None),
    ("library", "thanhvien", "/registrations/library/"),
    ("admin_registrations", "admin", "/admin/models_registry/registration/"),
]
TARGETS = {"member_home": 0.3, "review_queue": 0.25, "completeness_board": 0.10}
# The journey: what members and reviewers do on a deadline day, in proportion.
JOURNEY = [
    ("thanhvien", "/"),
    ("thanhvien", "/registrations/"),
    ("thanhvien", "/registrations/library/"),
    ("totruong", "/"),
    ("totruong", "/steering/"),
    ("totruong", "/reports/"),
    ("bancd", "/"),
    ("bancd", "/registrations/review/"),
    ("bancd", "/registrations/review/?page=2"),
    ("bancd", "/reports/board/"),
    ("bancd", "/steering/board/"),
    ("bancd2", "/registrations/not-registered/"),
    ("bancd2", "/registrations/review/?status=submitted"),
]


def prepare(scale: str, own_tree: bool = True) -> dict[str, str]:
    """Migrate, seed, collect static files; return a session cookie per login. For another
    checkout (``--app-root``) its own manage.py has done the first three."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from units.models import User

    if own_tree:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("seed_demo", scale=scale, if_empty=True, verbosity=0)
        seeded = time.perf_counter() - started
        if seeded > 5:
            print(f"seed_demo --scale {scale}: {seeded:.0f} s")
        call_command("collectstatic", interactive=False, verbosity=0)
        print(f"static files in {settings.STATIC_ROOT}")
    cookies = {}
    logins = {login for _n, login, _p in PAGES if login} | {login for login, _p in JOURNEY}
    for login in sorted(logins):
        cookies[login] = session_for(User.objects.get(username=login))
    from django.db import connections

    connections.close_all()
    return cookies


def session_for(user) -> str:
    """A logged-in session written straight to the session store, as login() leaves it (no
    login signal, so no last-login write: the same code serves an older checkout's database)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = login_backend(settings.AUTHENTICATION_BACKENDS)
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.update(second_factor_passed(user))
    session.save()
    return session.session_key


def login_backend(backends: list[str]) -> str:
    """The backend login() records: the first that can load a user (django-axes' backend, listed
    first to count failures, cannot)."""
    from django.utils.module_loading import import_string

    return next(path for path in backends if hasattr(import_string(path), "get_user"))


def second_factor_passed(user) -> dict[str, str]:
    """What django_otp.login leaves in a staff session once a code was accepted, so staff pages
    are measured, not the code page. An older checkout without a second factor gets nothing."""
    try:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from accounts.second_factor import second_factor_required
    except ImportError:
        return {}
    if not second_factor_required(user):
        return {}
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "bench"}
    )
    return {DEVICE_ID_SESSION_KEY: device.persistent_id}


def detail_path() -> str:
    from models_registry.models import Registration
    from units.models import User

    reviewer = User.objects.get(username="bancd")
    pk = Registration.objects.for_action(reviewer, "review").order_by("-pk").values("pk")[0]["pk"]
    return f"/registrations/{pk}/"


def start_gunicorn(
    port: int, workers: int, production_config: bool, app_root: Path = ROOT
) -> subprocess.Popen:
    """Issue 10's shape (N sync workers, nothing else) unless ``production_config``: then the
    project's gunicorn.conf.py (gthread workers and threads, its own count) on our port."""
    config = str(app_root / "gunicorn.conf.py") if production_config else "/dev/null"
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        f"--config={config}",
        "danvan.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        f"--chdir={app_root}",
    ]
    if not production_config:
        command += ["--worker-class=sync", f"--workers={workers}"]
    env = {**os.environ, "PYTHONPATH": str(app_root)}
    server = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/hello/", timeout=1):  # noqa: S310  # nosec B310  # local http URL
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not answer /bench/hello/ within 30 s")


def start_writer(args) -> subprocess.Popen:
    """bench/writer.py with the served checkout's code and settings."""
    env = {**os.environ, "PYTHONPATH": str(args.app_root)}
    command = [sys.executable, str(BENCH / "writer.py"), str(args.writes), args.writer_login]
    return subprocess.Popen(  # noqa: S603
        command, cwd=args.app_root, env=env, stdout=subprocess.PIPE, text=True
    )


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def fetch(url: str, cookie: str | None, *, gzip_ok: bool = True) -> tuple[int, dict, bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}"
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310  # nosec B310  # our http URL
        return response.status, dict(response.headers), response.read()


def wrk(url: str, cookie: str | None, *, duration: int, connections: int, script: Path) -> dict:
    command = [
        "wrk",
        f"-t{min(2, connections)}",  # wrk needs a connection per thread
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout=10s",
        "-s",
        str(script),
    ]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    run = subprocess.run(  # noqa: S603
        [*command, url], capture_output=True, text=True, check=True, timeout=duration + 60
    )
    line = next(line for line in run.stdout.splitlines() if line.startswith("JSON "))
    return json.loads(line[5:])


def measure_pages(base: str, paths, cookies, args) -> list[dict]:
    results = []
    for name, login, path in paths:
        cookie = cookies.get(login) if login else None
        status, _headers, _body = fetch(base + path, cookie)
        if status != 200:
            raise SystemExit(f"{name}: {path} answered {status}, not 200")
        figures = wrk(
            base + path,
            cookie,
            duration=args.duration,
            connections=args.connections,
            script=BENCH / "report.lua",
        )
        figures.update(name=name, path=path)
        results.append(figures)
        print(
            f"  {name:22} {figures['rps']:8.1f} req/s  p50 {figures['p50']:6.0f} ms  "
            f"p95 {figures['p95']:6.0f} ms  p99 {figures['p99']:6.0f} ms  "
            f"errors {figures['errors']}",
            flush=True,
        )
    return results


def run_journey(base: str, cookies: dict, args) -> dict:
    """The mixed journey: each wrk connection cycles through JOURNEY's (login, path) pairs.

    Each step is fetched once first, as each page is before its own run: the figures are those
    of pages already visited (in the page cache when it is on), not of a cold start."""
    for login, path in JOURNEY:
        status, _headers, _body = fetch(base + path, cookies[login])
        if status >= 400:
            raise SystemExit(f"journey: {path} as {login} answered {status}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as steps:
        steps.write("steps = {\n")
        for login, path in JOURNEY:
            steps.write(f'  {{"{path}", "sessionid={cookies[login]}"}},\n')
        steps.write("}\n")
        steps.write((BENCH / "journey.lua").read_text())
        script = Path(steps.name)
    try:
        return wrk(
            base + "/",
            None,
            duration=args.journey,
            connections=args.connections,
            script=script,
        )
    finally:
        script.unlink()


ASSET = re.compile(r"""<(?:link[^>]+href|script[^>]+src|img[^>]+src)=["']([^"']+)["']""")


def page_weight(base: str, paths, cookies) -> list[tuple[str, int, int, int, str]]:
    """(page, first-load bytes, cached bytes, assets, cache-control of the assets)."""
    rows = []
    for name, login, path in paths:
        if name == "hello":
            continue
        _status, headers, body = fetch(base + path, cookies.get(login))
        html = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
        assets = sorted({a for a in ASSET.findall(html.decode()) if a.startswith("/static/")})
        first, cache_control = len(body), set()
        for asset in assets:
            _s, asset_headers, asset_body = fetch(base + asset, None)
            first += len(asset_body)
            cache_control.add(asset_headers.get("Cache-Control", "none"))
        rows.append((name, first, len(body), len(assets), ", ".join(sorted(cache_control))))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="province")
    parser.add_argument("--duration", type=int, default=15, help="seconds of wrk per page")
    parser.add_argument("--journey", type=int, default=60, help="seconds of mixed journey")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_HTTP_PORT", 8741)))
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    parser.add_argument("--no-weight", action="store_true")
    parser.add_argument(
        "--writes",
        type=float,
        default=0,
        help="save() this many registrations a second in the second bloc (bench/writer.py) "
        "during every run: a deadline day's writes elsewhere",
    )
    parser.add_argument("--writer-login", default="bancd_dn", help="whose bloc --writes edits")
    parser.add_argument(
        "--app-root",
        type=Path,
        default=ROOT,
        help="serve another checkout (migrated, seeded and collectstatic'ed by its manage.py, "
        "with bench/settings.py and bench/hello_urls.py copied in): before/after in one run",
    )
    parser.add_argument(
        "--production-config",
        action="store_true",
        help="gunicorn.conf.py's workers and threads instead of --workers sync workers",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    cookies = prepare(args.scale, own_tree=args.app_root.resolve() == ROOT)
    from units.models import Unit

    units = Unit.objects.count()
    paths = [(n, login, p or detail_path()) for n, login, p in PAGES]
    if args.pages:
        wanted = {"hello", *args.pages.split(",")}
        paths = [row for row in paths if row[0] in wanted]
    from django.db import connections

    connections.close_all()
    load = os.getloadavg()
    shape = "gunicorn.conf.py" if args.production_config else f"{args.workers} sync workers"
    print(
        f"{args.scale}: {units} units; gunicorn {shape}; wrk -t2 "
        f"-c{args.connections} -d{args.duration}s; load average {load[0]:.1f} before"
    )
    server = start_gunicorn(args.port, args.workers, args.production_config, args.app_root)
    base = f"http://127.0.0.1:{args.port}"
    writer = start_writer(args) if args.writes else None
    try:
        results = measure_pages(base, paths, cookies, args)
        # The machine's load drifts during a run: hello again at the end, and the ratios use
        # the mean of both.
        hello_again = measure_pages(base, [paths[0]], cookies, args)[0]
        journey = run_journey(base, cookies, args) if args.journey else None
        weights = [] if args.no_weight else page_weight(base, paths, cookies)
    finally:
        stop(server)
        if writer is not None:
            writer.terminate()
            print(writer.communicate(timeout=30)[0].strip())

    hello_first = next(r["rps"] for r in results if r["name"] == "hello")
    hello = (hello_first + hello_again["rps"]) / 2
    print(
        f"\nhello: {hello_first:.0f} req/s first, {hello_again['rps']:.0f} req/s last; "
        f"ratios use {hello:.0f}"
    )
    print(
        f"\n| page ({args.scale}, {units} units) | req/s | × hello | p50 ms | p95 ms | p99 ms |"
        " non-2xx | target |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        ratio = r["rps"] / hello if hello else 0
        target = TARGETS.get(r["name"])
        verdict = ""
        if target:
            verdict = f"≥ {target} {'met' if ratio >= target else 'MISSED'}"
        print(
            f"| {r['name']} | {r['rps']:.1f} | {ratio:.3f} | {r['p50']:.0f} | {r['p95']:.0f} | "
            f"{r['p99']:.0f} | {r['errors']} | {verdict} |"
        )
    if journey:
        ok = journey["rps"] >= 100 and journey["errors"] == 0 and journey["p95"] < 500
        print(
            f"\nmixed journey ({len(JOURNEY)} steps, {args.journey} s): "
            f"{journey['rps']:.1f} req/s, {journey['requests']} requests, "
            f"{journey['errors']} errors, p50 {journey['p50']:.0f} ms, "
            f"p95 {journey['p95']:.0f} ms, p99 {journey['p99']:.0f} ms; "
            f"target ≥ 100 req/s, 0 errors, p95 < 500 ms: {'met' if ok else 'MISSED'}"
        )
    if weights:
        print(
            "\n| page | first load KB (gzip) | static cached KB | assets | assets' Cache-Control |"
        )
        print("| --- | --- | --- | --- | --- |")
        for name, first, cached, count, cache_control in weights:
            print(
                f"| {name} | {first / 1024:.1f} | {cached / 1024:.1f} | {count} | {cache_control} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

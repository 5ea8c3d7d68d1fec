"""Where one request of each main page spends its time: cProfile through the whole Django stack.

    DATABASE_URL=postgres://…  .venv/bin/python bench/profile_pages.py [--scale province]
        [--seed] [--top 15] [--page review_queue] [--requests 1]

Runs against the PostgreSQL in ``DATABASE_URL`` with ``bench.settings`` (production's settings on
plain HTTP). ``--seed`` first fills an empty database with ``seed_demo --scale …``. Each page is
requested once to warm the caches (templates, translations, the connection), then profiled for
``--requests`` requests through the test client (middleware, context processors, templates and
all). Printed per page: wall and CPU milliseconds per request, SQL queries, the share of the
time spent in template rendering, SQL (cursor execute + fetch), gettext, crispy-forms and the
``|date`` filter, the number of gettext and ``|date`` calls (cProfile call counts do not depend
on the machine's load, wall times do), and the top cumulative entries.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def setup(scale: str, seed: bool) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if seed:
        call_command("seed_demo", scale=scale, if_empty=True, verbosity=0)
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def pages() -> list[tuple[str, str, str]]:
    """(name, login, url) of each main page, looked up in the seeded data."""
    from django.urls import reverse

    from models_registry.models import Registration
    from units.models import User

    reviewer = User.objects.get(username="bancd")
    registration = (
        Registration.objects.for_action(reviewer, "review").order_by("-pk").values("pk").first()
    )
    return [
        ("hello", "thanhvien", "/bench/hello/"),
        ("member_home", "thanhvien", reverse("home")),
        ("reviewer_home", "bancd", reverse("home")),
        ("review_queue", "bancd", reverse("models_registry:queue")),
        ("not_registered", "bancd", reverse("models_registry:not_registered")),
        ("completeness_board", "bancd", reverse("reports:board")),
        ("setup_board", "bancd", reverse("steering:board")),
        (
            "registration_detail",
            "bancd",
            reverse("models_registry:detail", args=[registration["pk"]]),
        ),
        ("library", "thanhvien", reverse("models_registry:library")),
        ("admin_registrations", "admin", "/admin/models_registry/registration/"),
    ]


# (label, entry points, nested). cProfile's cumulative time of one function counts only its
# outermost calls, so for a chain of entry points that call each other (Template.render through
# includes, the cursor wrappers) the largest cumulative time is the category's; ``nested=None``
# says so. Otherwise the category's time is that of calls made from outside ``nested`` code, so
# that crispy-forms calling itself is counted once.
def _is(file_part: str, *names: str):
    return lambda key: file_part in key[0] and key[2] in names


def _in(*file_parts: str):
    return lambda key: any(part in key[0] for part in file_parts)


CATEGORIES = [
    ("templates", _is("django/template/base.py", "render"), None),
    ("orm", _is("django/db/models/query.py", "_fetch_all"), None),
    ("sql", _is("django/db/backends/utils.py", "execute", "executemany"), None),
    (
        "gettext",
        _is("django/utils/translation/__init__.py", "gettext", "pgettext", "ngettext"),
        _in("django/utils/translation/"),
    ),
    # The |crispy / |as_crispy_field filters and the {% crispy %} tag; the {% crispy_field %} tag
    # is what their own templates call, so it is left out.
    (
        "crispy",
        lambda key: key[0].endswith(("crispy_forms_filters.py", "crispy_forms_tags.py")),
        _in("crispy_forms"),
    ),
    ("date_filter", _is("django/template/defaultfilters.py", "date"), _in("defaultfilters")),
]


def _category_figures(stats: pstats.Stats) -> dict[str, tuple[int, float]]:
    """Per category: (calls, cumulative seconds)."""
    raw = stats.stats  # type: ignore[attr-defined]
    figures = {}
    for label, entry, nested in CATEGORIES:
        keys = [key for key in raw if entry(key)]
        calls = sum(raw[key][1] for key in keys)
        if nested is None:
            seconds = max((raw[key][3] for key in keys), default=0.0)
            calls = min((raw[key][1] for key in keys), default=0)
        else:
            seconds = 0.0
            for key in keys:
                _, _, _, ct, callers = raw[key]
                if not callers:
                    seconds += ct
                for caller, (_, _, _, caller_ct) in callers.items():
                    if not nested(caller):
                        seconds += caller_ct
        figures[label] = (calls, seconds)
    return figures


def _project_hot_spots(stats: pstats.Stats, total: float, count: int = 6) -> str:
    """The project's own functions (not views or access wrappers) with the most cumulative time."""
    raw = stats.stats  # type: ignore[attr-defined]
    ours = [
        (ct, key)
        for key, (_, _, _, ct, _) in raw.items()
        if key[0].startswith(str(ROOT))
        and ".venv" not in key[0]
        and not key[0].endswith(("views.py", "access.py", "health.py", "profile_pages.py"))
    ]
    ours.sort(reverse=True)
    return ", ".join(
        f"{Path(key[0]).relative_to(ROOT)}:{key[2]} {100 * ct / total:.0f}%"
        for ct, key in ours[:count]
    )


def profile_page(client, url: str, requests: int) -> tuple[pstats.Stats, float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up: template cache, translations, connection
    assert response.status_code == 200, (url, response.status_code)
    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        profiler.enable()
        for _ in range(requests):
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        profiler.disable()
        wall = (time.perf_counter() - started) / requests
        cpu = (time.process_time() - cpu_started) / requests
    assert response.status_code == 200, (url, response.status_code)
    size = len(response.content) if not response.streaming else 0
    return pstats.Stats(profiler), wall, cpu, len(queries) // requests, size


def _pass_second_factor(client, user) -> None:
    """What django_otp.login leaves in a staff session once a code was accepted, so staff pages
    are profiled, not the code page (force_login alone stops at the second factor)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.second_factor import second_factor_required

    if not second_factor_required(user):
        return
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "bench"}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="province")
    parser.add_argument("--seed", action="store_true", help="seed an empty database first")
    parser.add_argument("--top", type=int, default=12, help="cumulative entries to print")
    parser.add_argument("--page", action="append", help="only these pages (repeatable)")
    parser.add_argument("--requests", type=int, default=1, help="profiled requests per page")
    args = parser.parse_args()
    setup(args.scale, args.seed)

    from django.test import Client

    from units.models import Unit, User

    print(
        f"{Unit.objects.count()} units, database {os.environ.get('DATABASE_URL', '?')}, "
        f"{args.requests} profiled request(s) per page after one warm-up"
    )
    summary = []
    clients: dict[str, Client] = {}
    for name, login, url in pages():
        if args.page and name not in args.page:
            continue
        if login not in clients:
            clients[login] = Client(HTTP_HOST="127.0.0.1")
            clients[login].force_login(User.objects.get(username=login))
            _pass_second_factor(clients[login], User.objects.get(username=login))
        stats, wall, cpu, queries, size = profile_page(clients[login], url, args.requests)
        total = stats.total_tt  # type: ignore[attr-defined]
        figures = _category_figures(stats)
        print(f"\n=== {name}  {url}  ({login})")
        print(
            f"wall {wall * 1000:.1f} ms, CPU {cpu * 1000:.1f} ms, profiled {total * 1000:.1f} ms, "
            f"{queries} queries, {size / 1024:.1f} KB HTML"
        )
        shares = []
        for label, (calls, seconds) in figures.items():
            share = 100 * seconds / total if total else 0
            shares.append(f"{label} {share:.0f}% ({calls // args.requests} calls)")
        print("  " + "; ".join(shares))
        print("  project code: " + _project_hot_spots(stats, total))
        if args.top:
            stats.sort_stats("cumulative").print_stats(args.top)
        summary.append((name, wall, cpu, queries, figures, total))

    print(
        "\n| page | wall ms | CPU ms | queries | templates % | ORM % | SQL % | gettext calls |"
        " crispy % | `|date` calls |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, wall, cpu, queries, figures, total in summary:

        def pct(label: str, figures=figures, total=total) -> str:
            return f"{100 * figures[label][1] / total:.0f}" if total else "0"

        print(
            f"| {name} | {wall * 1000:.0f} | {cpu * 1000:.0f} | {queries} | {pct('templates')} | "
            f"{pct('orm')} | {pct('sql')} | {figures['gettext'][0] // args.requests} | "
            f"{pct('crispy')} | {figures['date_filter'][0] // args.requests} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

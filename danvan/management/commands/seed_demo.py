import os
import random
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards import demo as awards_demo
from campaigns import demo as campaigns_demo
from danvan.reference_data import load_reference_data
from models_registry import demo as registry_demo
from reminders import demo as reminders_demo
from reports import demo as reports_demo
from steering import demo as steering_demo
from support import demo as support_demo
from units import demo as units_demo
from units.bulk import fast_seeding
from units.models import Unit

DEMO_ACCOUNTS = [
    ("admin", "superuser: Django admin"),
    ("thuongtruc", "standing office of the bloc steering committee"),
    ("bancd", "reviewer for the whole bloc"),
    ("totruong", "leader of the first organisation's steering group"),
    ("thanhvien", "member of that steering group"),
    ("totruong2", "leader of another organisation's steering group"),
    ("thuongtruc_dn", "standing office of the second bloc (enterprises)"),
    ("bancd_dn", "reviewer for the second bloc"),
    ("totruong_dn", "leader of a steering group in the second bloc"),
]


# Settings of throwaway databases where DEBUG is off on purpose: the tests and the benchmarks.
THROWAWAY_SETTINGS = ("danvan.settings.test", "bench.settings")
REFUSED = (
    "seed_demo chỉ chạy trên bản demo (DEBUG bật) hoặc khi kiểm thử, đo hiệu năng ({test}); không "
    "bao giờ chạy với cấu hình production ({module}). / seed_demo runs only on a demo (DEBUG on) "
    "or under the test or benchmark settings ({test}), never with production settings ({module})."
)


def refuse_production() -> None:
    """The rule: DEBUG on, or a throwaway database's settings; a module named production never."""
    module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    throwaway = module in THROWAWAY_SETTINGS
    if module.rsplit(".", 1)[-1] == "production" or not (settings.DEBUG or throwaway):
        raise CommandError(REFUSED.format(test=", ".join(THROWAWAY_SETTINGS), module=module))


class Command(BaseCommand):
    help = "Load deterministic demo data: a bloc, its organisations, steering groups and people."
    # A data loader: the system checks import every URL module (WeasyPrint among them), which
    # is most of a small run's time. ``manage.py check`` and the test suite run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(units_demo.SCALES), default="small")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database has units."
        )
        parser.add_argument(
            "--flush", action="store_true", help="Erase the whole database first (demo only!)."
        )

    def handle(self, *args, scale, if_empty, flush, **options):
        refuse_production()
        if flush:
            call_command("flush", "--noinput", verbosity=0)
            load_reference_data()
        if Unit.objects.exists():
            if if_empty:
                self.stdout.write("Demo data already present; nothing to do.")
                return
            raise CommandError("The database already holds units. Use --flush to start over.")
        started = time.monotonic()
        ctx = units_demo.DemoContext(scale=scale, rng=random.Random(2013))  # noqa: S311
        # Each app seeds its own part, in dependency order.
        steps = [
            units_demo.seed,
            campaigns_demo.seed,
            steering_demo.seed,
            registry_demo.seed,
            reports_demo.seed,
            reminders_demo.seed,
            awards_demo.seed,
            support_demo.seed,
        ]
        # One transaction; on SQLite with relaxed durability while it loads (restored after).
        with fast_seeding(), transaction.atomic():
            for step in steps:
                step(ctx)
        for line in ctx.log:
            self.stdout.write(line)
        self.stdout.write(f"seed_demo --scale {scale}: {time.monotonic() - started:.1f} s")
        self.stdout.write("Demo logins (password danvan2013):")
        for username, what in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} {what}")

"""Fan deadline reminders out to 10,000 recipients through a real Celery worker.

    DANVAN_PG_PORT=55490 DANVAN_REDIS_PORT=56490 .venv/bin/python bench/reminders_fanout.py

Starts throwaway PostgreSQL + Redis through ``scripts/with-services.sh`` (unless already inside
it), builds 2,000 grassroots organisations whose steering groups have 5 people each, starts
``celery -A danvan worker`` and runs the morning reminder job for "7 days before" the deadline.
Prints: enqueue time (what the morning job or a request waits for: planning + one transaction
writing one queued ``UnitReminder`` per organisation + publishing one message), the time until
the worker has written every recipient's log row, in-app notification and outbox e-mail (stage 2),
total time until every e-mail reached the mail backend
(``notifications.mail_backends.FileBackend``: one file per process), and duplicates: copies of a
Message-ID beyond the first (the reader sees one message per Message-ID; distinct Message-IDs
must equal the e-mails queued). Targets: enqueue ≤ 1 s, total ≤ 60 s, 0 duplicates.
Environment: BENCH_UNITS (2000), BENCH_PEOPLE (5), BENCH_CONCURRENCY (4: the batches wait on
PostgreSQL and the disk as much as on the CPU, so 4 pool processes keep 2 cores busy).
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNITS = int(os.environ.get("BENCH_UNITS", "2000"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "5"))
CONCURRENCY = os.environ.get("BENCH_CONCURRENCY", "4")

if not os.environ.get("DANVAN_SERVICES_DIR"):
    os.environ.setdefault("SKIP_BROWSER", "1")
    os.environ.setdefault("DANVAN_PG_PORT", "55490")
    os.environ.setdefault("DANVAN_REDIS_PORT", "56490")
    script = str(ROOT / "scripts" / "with-services.sh")
    os.execv("/bin/bash", ["bash", script, sys.executable, *sys.argv])  # noqa: S606

MAIL_DIR = Path(tempfile.mkdtemp(prefix="danvan-bench-mail-"))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "danvan.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "False",
        "DJANGO_EMAIL_BACKEND": "notifications.mail_backends.FileBackend",
        "DJANGO_EMAIL_FILE_PATH": str(MAIL_DIR),
        "DANVAN_OUTBOX_BATCH_SIZE": os.environ.get("DANVAN_OUTBOX_BATCH_SIZE", "200"),
        "DANVAN_OUTBOX_SWEEP_SECONDS": "2",
        "PYTHONPATH": str(ROOT),
    }
)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.urls import reverse  # noqa: E402

from campaigns.models import Campaign, CampaignStatus, Deadline, DeadlineKind  # noqa: E402
from notifications.models import EmailOutbox, OutboxStatus  # noqa: E402
from reminders.models import UnitReminder  # noqa: E402
from reminders.services import reminders_send  # noqa: E402
from units.bulk import bulk_add_children  # noqa: E402
from units.models import MassOrganisation, Membership, Role, Unit, UnitType, User  # noqa: E402

DUE = datetime.date(2013, 3, 31)


def build() -> Deadline:
    call_command("migrate", verbosity=0)
    types = {t.code: t for t in UnitType.objects.all()}
    union = MassOrganisation.objects.first()
    (bloc,) = bulk_add_children(
        None, [Unit(name="Đảng ủy Khối (bench)", short_code="BENCH", unit_type=types["bloc"])]
    )
    bases = []
    for i in range(UNITS):
        unit = Unit(name=f"Chi bộ số {i}", short_code=f"B{i:05d}", unit_type=types["base"])
        unit.normalise()
        bases.append(unit)
    bases = bulk_add_children(bloc, bases)
    # Steering groups: paths assigned in memory, one bulk insert (bases have no children yet).
    created = []
    for base in bases:
        group = Unit(
            name=f"Tổ chỉ đạo – {base.name}",
            short_code=f"G{base.short_code}",
            unit_type=types["steering_group"],
            depth=base.depth + 1,
            numchild=0,
            path=Unit._get_path(base.path, base.depth + 1, 1),
        )
        group.normalise()
        created.append(group)
    created = Unit.objects.bulk_create(created, batch_size=5000)
    Unit.objects.filter(pk__in=[b.pk for b in bases]).update(numchild=1)
    password = make_password("danvan2013")
    users = []
    for i in range(UNITS * PEOPLE):
        user = User(
            username=f"bench{i}",
            full_name=f"Nguyễn Văn Bench {i}",
            email=f"bench{i}@example.vn",
            password=password,
        )
        user.normalise()
        users.append(user)
    users = User.objects.bulk_create(users, batch_size=5000)
    memberships = [
        Membership(
            user=users[g * PEOPLE + p],
            unit=group,
            role=Role.GROUP_LEADER if p == 0 else Role.GROUP_MEMBER,
            mass_organisation=union,
        )
        for g, group in enumerate(created)
        for p in range(PEOPLE)
    ]
    Membership.objects.bulk_create(memberships, batch_size=5000)
    campaign = Campaign.objects.create(
        name="Dân vận khéo 2011–2015 (bench)",
        code="bench",
        status=CampaignStatus.ACTIVE,
        root_unit=bloc,
        start_date=datetime.date(2011, 1, 1),
        end_date=datetime.date(2015, 12, 31),
    )
    return Deadline.objects.create(
        campaign=campaign,
        year=2013,
        kind=DeadlineKind.REGISTRATION,
        title="Đăng ký mô hình, điển hình năm 2013",
        due_date=DUE,
        applies_to=bloc,
    )


def start_worker(log: Path) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "danvan",
            "worker",
            "-B",
            "-s",
            str(MAIL_DIR.parent / "danvan-bench-beat"),
            "-c",
            CONCURRENCY,
            "-l",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    time.sleep(1)
    return process


def delivered() -> Counter:
    """How many times each Message-ID reached the mail backend."""
    ids: Counter = Counter()
    for file in MAIL_DIR.glob("*.log"):
        for line in file.read_bytes().splitlines():
            if line.startswith(b"Message-ID:"):
                ids[line.split(b":", 1)[1].strip()] += 1
    return ids


def main() -> None:
    started = time.monotonic()
    deadline = build()
    recipients = UNITS * PEOPLE
    took = time.monotonic() - started
    print(f"data: {UNITS} organisations, {recipients} recipients in {took:.1f} s")
    log = MAIL_DIR.parent / "danvan-bench-worker.log"
    worker = start_worker(log)
    try:
        time.sleep(3)  # let the worker finish booting so it does not compete with the enqueue
        reverse("home")  # a running server has its URL conf loaded already
        t0 = time.monotonic()
        summary = reminders_send(today=DUE - datetime.timedelta(days=7), deadline_ids=[deadline.pk])
        enqueue = time.monotonic() - t0
        sent = 0
        written = None
        while time.monotonic() - t0 < 300:
            if written is None and not UnitReminder.objects.queued().exists():
                written = time.monotonic() - t0
            sent = EmailOutbox.objects.filter(status=OutboxStatus.SENT).count()
            if sent >= summary.emails:
                break
            time.sleep(0.25)
        total = time.monotonic() - t0
        time.sleep(3)  # a sweep or two more: anything sent twice would show now
        ids = delivered()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    duplicates = sum(n - 1 for n in ids.values() if n > 1)
    print(f"reminders written: {summary.messages}, e-mails queued: {summary.emails}")
    print(f"enqueue time: {enqueue:.2f} s (target ≤ 1 s)")
    if written is not None:
        print(f"every recipient's rows written by the worker after {written:.1f} s")
    print(f"all delivered: {sent}/{summary.emails} in {total:.1f} s (target ≤ 60 s)")
    print(f"messages in the mail folder: {sum(ids.values())}, distinct Message-IDs: {len(ids)}")
    print(f"duplicates: {duplicates} (target 0)")
    missing = summary.emails - len(ids)
    print(f"reminders missing: {missing} (distinct Message-IDs must equal e-mails queued)")
    print(f"worker concurrency: {CONCURRENCY}, batch size {os.environ['DANVAN_OUTBOX_BATCH_SIZE']}")


if __name__ == "__main__":
    main()

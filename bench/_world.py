"""Shared by the report benchmarks: a throwaway SQLite database holding one province, one bloc
with N grassroots organisations, a campaign, a report period, registrations and reports.

Each benchmark builds its world in one child process and measures in another, so the peak
memory reported is that of the measured work (plus Django itself), not of the data set-up.
"""

from __future__ import annotations

import datetime
import os
import random
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(db_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "danvan.settings.local"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(units: int, registrations_per_unit: float, seed: int = 2013) -> dict:
    """Insert the world in bulk; returns ids the measured step needs."""
    from django.utils import timezone

    from campaigns.models import Campaign, CampaignStatus, Deadline, DeadlineKind
    from models_registry.models import Field, Kind, Level, Registration, Status
    from reports.models import PeriodicReport, ReportStatus
    from units.bulk import bulk_add_children
    from units.models import Unit, UnitType, User

    rng = random.Random(seed)
    types = {t.code: t for t in UnitType.objects.all()}
    (province,) = bulk_add_children(
        None, [Unit(name="Tỉnh Thái Nguyên", short_code="P1", unit_type=types["province"])]
    )
    (bloc,) = bulk_add_children(
        province,
        [Unit(name="Đảng ủy Khối các cơ quan tỉnh", short_code="K1", unit_type=types["bloc"])],
    )
    bases = bulk_add_children(
        bloc,
        [
            Unit(name=f"Đảng bộ cơ quan số {i}", short_code=f"B{i:06d}", unit_type=types["base"])
            for i in range(units)
        ],
    )
    user = User.objects.create(username="bench", full_name="Người đo")
    campaign = Campaign.objects.create(
        name="Phong trào thi đua “Dân vận khéo” 2011–2015",
        code="bench",
        status=CampaignStatus.ACTIVE,
        is_current=True,
        root_unit=province,
        start_date=datetime.date(2011, 1, 1),
        end_date=datetime.date(2015, 12, 31),
    )
    deadline = Deadline.objects.create(
        campaign=campaign,
        year=2013,
        kind=DeadlineKind.ANNUAL_REPORT,
        title="Báo cáo năm 2013",
        due_date=datetime.date(2013, 11, 15),
        applies_to=bloc,
    )
    fields = list(Field.objects.all())
    kinds = [Kind.MODEL] * 8 + [Kind.COLLECTIVE_EXEMPLAR, Kind.INDIVIDUAL_EXEMPLAR]
    states = [Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS, Status.RECOGNISED] * 3 + [
        Status.OUTSTANDING
    ]
    total = int(units * registrations_per_unit)
    now = timezone.now()
    batch = []
    for i in range(total):
        unit = bases[i % units]
        registration = Registration(
            unit=unit,
            campaign=campaign,
            year=2013,
            kind=rng.choice(kinds),
            level=Level.BLOC if rng.random() < 0.05 else Level.GRASSROOTS,
            primary_field=rng.choice(fields),
            name=f"Mô hình “Dân vận khéo” số {i} – {unit.name}",
            status=rng.choice(states),
            budget_vnd=rng.randrange(0, 50) * 1_000_000,
            workdays=rng.randrange(0, 200),
            final_score=rng.randrange(75, 100),
            created_at=now,
            updated_at=now,
        )
        registration.search_text = registration.name.lower()
        batch.append(registration)
        if len(batch) == 5000:
            Registration.objects.bulk_create(batch)
            batch = []
    Registration.objects.bulk_create(batch)
    PeriodicReport.objects.bulk_create(
        PeriodicReport(
            unit=unit,
            deadline=deadline,
            status=ReportStatus.SUBMITTED,
            is_late=rng.random() < 0.2,
            submitted_at=now,
        )
        for unit in bases
        if rng.random() < 0.8
    )
    return {"deadline": deadline.pk, "bloc": bloc.pk, "user": user.pk}


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(script: Path, *args: str) -> str:
    out = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(script), *args], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return out.stdout.strip().splitlines()[-1]

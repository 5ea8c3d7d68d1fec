"""Factories for the reports tests: campaigns, deadlines and registrations in a given state.

Registrations are created directly (their own workflow is tested in tests/models_registry):
here only their resulting numbers matter.
"""

from __future__ import annotations

import datetime
from itertools import count

from django.utils import translation

from campaigns.models import Campaign, CampaignStatus, Deadline, DeadlineKind
from models_registry.models import Field, Kind, Level, Registration, Status
from units.models import Unit

_seq = count(1)


def make_campaign(root: Unit, **fields) -> Campaign:
    n = next(_seq)
    fields.setdefault("name", "Phong trào thi đua “Dân vận khéo” 2011–2015")
    fields.setdefault("code", f"dvk-{n}")
    fields.setdefault("status", CampaignStatus.ACTIVE)
    fields.setdefault("is_current", True)
    fields.setdefault("start_date", datetime.date(2011, 1, 1))
    fields.setdefault("end_date", datetime.date(2015, 12, 31))
    return Campaign.objects.create(root_unit=root, **fields)


def make_deadline(
    campaign: Campaign,
    *,
    kind=DeadlineKind.SIX_MONTH_REPORT,
    year=2013,
    due=datetime.date(2013, 6, 15),
    applies_to: Unit | None = None,
    **fields,
) -> Deadline:
    with translation.override("vi"):  # as a clerk would title it: "Báo cáo 6 tháng 2013"
        fields.setdefault("title", f"{DeadlineKind(kind).label} {year}")
    return Deadline.objects.create(
        campaign=campaign,
        kind=kind,
        year=year,
        due_date=due,
        applies_to=applies_to or campaign.root_unit,
        **fields,
    )


def field(code: str) -> Field:
    return Field.objects.get(code=code)


def make_registration(unit: Unit, campaign: Campaign, **fields) -> Registration:
    n = next(_seq)
    fields.setdefault("name", f"Mô hình “Dân vận khéo” số {n}")
    fields.setdefault("year", 2013)
    fields.setdefault("kind", Kind.MODEL)
    fields.setdefault("level", Level.GRASSROOTS)
    fields.setdefault("status", Status.SUBMITTED)
    if "primary_field" not in fields:
        fields["primary_field"] = field("economy")
    return Registration.objects.create(unit=unit, campaign=campaign, **fields)

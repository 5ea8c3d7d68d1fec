"""Campaigns, deadlines and steering groups for the reminder tests."""

import datetime

from campaigns.models import Campaign, CampaignStatus, Deadline, DeadlineExtension, DeadlineKind
from models_registry.models import Kind, Registration, Status
from tests.units.factories import UserFactory, person_with_role
from units.models import Role, Unit, User

_n = iter(range(1, 10**9))

DUE = datetime.date(2013, 3, 31)


def make_campaign(root: Unit, **fields) -> Campaign:
    fields.setdefault("name", "Phong trào thi đua “Dân vận khéo” 2011–2015")
    fields.setdefault("code", f"dvk-r{next(_n)}")
    fields.setdefault("status", CampaignStatus.ACTIVE)
    fields.setdefault("start_date", datetime.date(2011, 1, 1))
    fields.setdefault("end_date", datetime.date(2015, 12, 31))
    return Campaign.objects.create(root_unit=root, **fields)


def make_deadline(campaign: Campaign, *, applies_to: Unit, due=DUE, kind=None, **fields):
    return Deadline.objects.create(
        campaign=campaign,
        year=fields.pop("year", due.year),
        kind=kind or DeadlineKind.REGISTRATION,
        title=fields.pop("title", "Đăng ký mô hình, điển hình năm 2013"),
        due_date=due,
        applies_to=applies_to,
        **fields,
    )


def extend(deadline: Deadline, unit: Unit, due: datetime.date, by: User) -> DeadlineExtension:
    return DeadlineExtension.objects.create(
        deadline=deadline, unit=unit, due_date=due, reason="Đơn vị mới kiện toàn", granted_by=by
    )


def submit_registration(unit: Unit, campaign: Campaign, year: int = 2013, status=None):
    return Registration.objects.create(
        unit=unit,
        campaign=campaign,
        year=year,
        name=f"Mô hình số {next(_n)}",
        kind=Kind.MODEL,
        status=status or Status.SUBMITTED,
    )


def staff_group(group: Unit, *, members: int = 2, prefix: str = "tv") -> list[User]:
    """A leader and ``members`` members on a steering group; returns [leader, *members]."""
    tag = next(_n)
    people = [person_with_role(Role.GROUP_LEADER, group, username=f"{prefix}lead{tag}")]
    people += [
        person_with_role(Role.GROUP_MEMBER, group, username=f"{prefix}{tag}m{i}")
        for i in range(members)
    ]
    return people


def user_without_email(**fields) -> User:
    return UserFactory(email="", **fields)

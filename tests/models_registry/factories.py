"""Factories for campaigns and registrations used by the registry tests."""

import datetime
from decimal import Decimal

from campaigns.models import Campaign, CampaignStatus, Deadline, DeadlineKind
from models_registry.models import Field, Kind, Organisation, Partner, Registration, Target
from units.models import Unit

_n = iter(range(1, 10**9))


def make_campaign(root: Unit, **fields) -> Campaign:
    fields.setdefault("name", "Phong trào thi đua “Dân vận khéo” 2021–2025")
    fields.setdefault("code", f"dvk-{next(_n)}")
    fields.setdefault("status", CampaignStatus.ACTIVE)
    fields.setdefault("is_current", True)
    fields.setdefault("start_date", datetime.date(2021, 1, 1))
    fields.setdefault("end_date", datetime.date(2030, 12, 31))
    return Campaign.objects.create(root_unit=root, **fields)


def make_deadline(campaign: Campaign, *, year: int, due: datetime.date, applies_to: Unit):
    return Deadline.objects.create(
        campaign=campaign,
        year=year,
        kind=DeadlineKind.REGISTRATION,
        title=f"Đăng ký mô hình năm {year}",
        due_date=due,
        applies_to=applies_to,
    )


COMPLETE = {
    "situation": "Người dân còn ngại đến cơ quan làm thủ tục.",
    "objectives": "Rút ngắn thời gian giải quyết hồ sơ.",
    "content": "Tổ chức tiếp nhận hồ sơ tại nhà cho người cao tuổi.",
    "scope": "Toàn tỉnh; 2.000 lượt người dân.",
    "implementers": "Chi đoàn thanh niên thực hiện; Công đoàn phối hợp.",
    "expected_outputs": "Báo cáo kết quả hằng quý.",
    "sustainability": "Duy trì thường xuyên, nhân rộng sang các phòng.",
    "contact_name": "Nguyễn Thị Lan",
    "contact_phone": "0912345678",
    "start_date": datetime.date(2025, 3, 1),
    "evaluation_date": datetime.date(2025, 11, 30),
    "budget_vnd": 15_000_000,
    "workdays": 120,
}


def make_registration(
    unit: Unit, campaign: Campaign, *, complete: bool = True, year: int = 2025, **fields
) -> Registration:
    values = {
        "name": f"Mô hình “Dân vận khéo” số {next(_n)}",
        "kind": Kind.MODEL,
        "year": year,
    }
    if complete:
        values.update(COMPLETE)
        values["primary_field"] = Field.objects.get(code="economy")
        values["lead_organisation"] = Organisation.objects.get(code="youth_union")
    values.update(fields)
    registration = Registration(unit=unit, campaign=campaign, **values)
    registration.normalise()
    registration.save()
    if complete:
        Target.objects.create(
            registration=registration,
            name="Hồ sơ giải quyết đúng hạn",
            target_value=Decimal(100),
            measure="%",
        )
        Partner.objects.create(
            registration=registration,
            organisation=Organisation.objects.get(code="trade_union"),
            role="Phối hợp tuyên truyền",
        )
    return registration

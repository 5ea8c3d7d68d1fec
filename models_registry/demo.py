"""Demo registrations in every state, with history and scores (called by seed_demo).

About 3–6 registrations per grassroots organisation over the campaign's last years (national
scale ≈ 150,000), some organisations not registered this year, bulk inserts only.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus
from units.demo import DemoContext, person_name

from .models import (
    Comment,
    Criterion,
    Field,
    Kind,
    Level,
    Organisation,
    Partner,
    Registration,
    RegistrationEvent,
    Rubric,
    Score,
    ScoreItem,
    ScoreKind,
    Status,
    Target,
)
from .selectors import default_year

S = Status
NAMES = [
    "Dân vận khéo trong cải cách thủ tục hành chính",
    "Tiếp dân thân thiện, giải quyết đúng hẹn",
    "Bữa cơm nghĩa tình cho bệnh nhân nghèo",
    "Ngày thứ Bảy tình nguyện",
    "Đảng viên đi đầu, cơ quan văn minh",
    "Nuôi heo đất giúp đoàn viên khó khăn",
    "Số hóa hồ sơ, phục vụ người dân tận tình",
    "Chi đoàn đồng hành cùng bản vùng cao",
    "Mái ấm công đoàn",
    "Cựu chiến binh gương mẫu giữ gìn trật tự khu dân cư",
    "Phụ nữ tiết kiệm vì người nghèo",
    "Tủ sách pháp luật cơ sở",
    "Dân vận khéo trong thu ngân sách",
    "Hỗ trợ người cao tuổi làm thủ tục trực tuyến",
    "Góc an sinh cơ quan",
    "Chung tay xây dựng nông thôn mới",
    "Nói không với rác thải nhựa",
    "Tuổi trẻ xung kích chuyển đổi số",
]
TARGETS = [
    ("Hồ sơ giải quyết đúng hạn", 100, "%"),
    ("Hộ khó khăn được hỗ trợ", 20, "hộ"),
    ("Buổi tuyên truyền", 12, "buổi"),
    ("Lượt người dân được hướng dẫn", 500, "lượt"),
    ("Kinh phí vận động", 50, "triệu đồng"),
]
ROLES = [
    "Phối hợp tuyên truyền",
    "Vận động hội viên tham gia",
    "Hỗ trợ kinh phí",
    "Tổ chức ra quân",
]

# Path of steps to reach each state (the event history).
PATHS: dict[str, list[tuple[str, str]]] = {
    S.DRAFT: [],
    S.SUBMITTED: [("submit", S.SUBMITTED)],
    S.RETURNED: [("submit", S.SUBMITTED), ("return", S.RETURNED)],
    S.RESUBMITTED: [("submit", S.SUBMITTED), ("return", S.RETURNED), ("resubmit", S.RESUBMITTED)],
    S.ACCEPTED: [("submit", S.SUBMITTED), ("accept", S.ACCEPTED)],
    S.IN_PROGRESS: [("submit", S.SUBMITTED), ("accept", S.ACCEPTED), ("start", S.IN_PROGRESS)],
}
PATHS[S.SELF_ASSESSED] = PATHS[S.IN_PROGRESS] + [("self_assess", S.SELF_ASSESSED)]
PATHS[S.UNDER_REVIEW] = PATHS[S.SELF_ASSESSED] + [("begin_review", S.UNDER_REVIEW)]
PATHS[S.RECOGNISED] = PATHS[S.UNDER_REVIEW] + [("recognise", S.RECOGNISED)]
PATHS[S.NOT_RECOGNISED] = PATHS[S.UNDER_REVIEW] + [("not_recognise", S.NOT_RECOGNISED)]
PATHS[S.OUTSTANDING] = PATHS[S.RECOGNISED] + [("mark_outstanding", S.OUTSTANDING)]
PATHS[S.WITHDRAWN] = [("submit", S.SUBMITTED), ("withdraw", S.WITHDRAWN)]

REVIEWER_STEPS = {
    "return",
    "accept",
    "begin_review",
    "recognise",
    "not_recognise",
    "mark_outstanding",
}
COMMENTS = {
    "return": "Đề nghị bổ sung chỉ tiêu đo đếm được và ý kiến của cấp ủy.",
    "not_recognise": "Kết quả chưa rõ, đề nghị tiếp tục củng cố trong năm sau.",
    "withdraw": "Đơn vị sáp nhập, đăng ký lại mô hình mới.",
}
# State weights: the current year is mostly early in the workflow, earlier years finished.
CURRENT = [
    (S.DRAFT, 14),
    (S.SUBMITTED, 22),
    (S.RETURNED, 8),
    (S.RESUBMITTED, 6),
    (S.ACCEPTED, 20),
    (S.IN_PROGRESS, 18),
    (S.SELF_ASSESSED, 6),
    (S.UNDER_REVIEW, 4),
    (S.WITHDRAWN, 2),
]
PAST = [
    (S.RECOGNISED, 40),
    (S.OUTSTANDING, 10),
    (S.NOT_RECOGNISED, 18),
    (S.IN_PROGRESS, 10),
    (S.UNDER_REVIEW, 6),
    (S.WITHDRAWN, 4),
    (S.ACCEPTED, 12),
]
SCORE_FOR = {
    S.OUTSTANDING: (90, 98),
    S.RECOGNISED: (75, 89),
    S.NOT_RECOGNISED: (55, 74),
    S.UNDER_REVIEW: (60, 95),
}


def _campaign(ctx: DemoContext) -> Campaign:
    campaign = Campaign.objects.current()
    if campaign is not None:
        return campaign
    root = ctx.blocs[0].get_root() if ctx.blocs else None
    today = timezone.localdate()
    return Campaign.objects.create(
        name="Phong trào thi đua “Dân vận khéo” giai đoạn 2021–2026",
        code="dan-van-kheo-demo",
        status=CampaignStatus.ACTIVE,
        is_current=True,
        root_unit=root,
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(max(2026, today.year), 12, 31),
    )


def _pick(rng, weights):
    return rng.choices([s for s, _ in weights], [w for _, w in weights])[0]


def _at(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))  # noqa: DTZ001


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    national = ctx.scale == "national"
    campaign = _campaign(ctx)
    year = default_year(campaign)
    years = [y for y in (year - 2, year - 1, year) if y in campaign.years]
    fields = list(Field.objects.active())
    orgs = list(Organisation.objects.active())
    rubric = Rubric.objects.for_campaign(campaign)
    criteria = list(Criterion.objects.filter(rubric=rubric)) if rubric else []
    reviewer = ctx.accounts.get("bancd")
    leader = ctx.accounts.get("totruong")
    first = ctx.grassroots[0] if ctx.grassroots else None

    plans: list[tuple[Registration, str]] = []  # (registration, status)
    for index, unit in enumerate(ctx.grassroots):
        registered_now = index < 2 or rng.random() > 0.12  # ~12% have not registered this year
        count = rng.randint(4, 6)
        for n in range(count):
            reg_year = years[-1] if n < 2 or len(years) == 1 else rng.choice(years)
            if reg_year == year and not registered_now:
                reg_year = years[0] if len(years) > 1 else year
                if reg_year == year:
                    continue
            status = _pick(rng, CURRENT if reg_year == year else PAST)
            if reg_year == year and not registered_now:
                status = S.DRAFT
            kind = rng.choices(
                [Kind.MODEL, Kind.COLLECTIVE_EXEMPLAR, Kind.INDIVIDUAL_EXEMPLAR], [80, 10, 10]
            )[0]
            name = rng.choice(NAMES)
            person = person_name(rng) if kind == Kind.INDIVIDUAL_EXEMPLAR else ""
            if kind == Kind.INDIVIDUAL_EXEMPLAR:
                name = f"Điển hình “Dân vận khéo”: đồng chí {person}"
            created = _at(reg_year, rng.randint(1, 3), rng.randint(1, 28))
            start = created.date() + datetime.timedelta(days=15)
            registration = Registration(
                unit=unit,
                campaign=campaign,
                year=reg_year,
                kind=kind,
                level=Level.BLOC if rng.random() < 0.03 else Level.GRASSROOTS,
                primary_field=rng.choice(fields),
                lead_organisation=rng.choice(orgs),
                contact_name=person_name(rng),
                contact_position=rng.choice(
                    ["Bí thư Chi đoàn", "Chủ tịch Công đoàn", "Phó Bí thư"]
                ),
                contact_phone=f"09{rng.randint(10000000, 99999999)}",
                name=name,
                situation="Người dân và doanh nghiệp còn phải đi lại nhiều lần khi làm thủ tục.",
                objectives="Nâng cao sự hài lòng của người dân; cán bộ gần dân, sát dân.",
                content="Phân công đảng viên phụ trách; tổ chức hướng dẫn trực tiếp và trực tuyến.",
                scope="Cán bộ, đảng viên cơ quan và người dân trên địa bàn.",
                implementers="Chi bộ lãnh đạo; Công đoàn, Đoàn Thanh niên phối hợp thực hiện.",
                budget_vnd=rng.randrange(0, 60_000_000, 500_000),
                budget_sources="Kinh phí cơ quan, xã hội hóa",
                workdays=rng.randint(20, 400),
                means="Máy tính, tài liệu tuyên truyền",
                start_date=start,
                evaluation_date=datetime.date(reg_year, 11, 30),
                expected_outputs="Báo cáo kết quả; số liệu hài lòng của người dân.",
                sustainability="Duy trì hằng năm, nhân rộng sang các đơn vị trong Khối.",
                committee_opinion="Đồng ý đăng ký.",
                committee_signer=person_name(rng),
                committee_signer_position="Bí thư Đảng ủy",
                person_name=person,
                person_birth_year=rng.randint(1965, 1998) if person else None,
                person_sex=rng.choice(["male", "female"]) if person else "",
                person_ethnicity=rng.choice(["Kinh", "Tày", "Nùng", "Dao"]) if person else "",
                person_position="Chuyên viên" if person else "",
                status=status,
                created_at=created,
                updated_at=created + datetime.timedelta(days=rng.randint(1, 60)),
                created_by=leader if unit == first else None,
            )
            if status != S.DRAFT:
                registration.submitted_at = created + datetime.timedelta(days=rng.randint(1, 20))
                registration.is_late = rng.random() < 0.1
            if status in (S.RECOGNISED, S.OUTSTANDING):
                registration.decision_number = f"{rng.randint(10, 250)}-QĐ/BCĐ"
                registration.decision_date = datetime.date(reg_year, 10, 15)
            if status in SCORE_FOR:
                low, high = SCORE_FOR[status]
                registration.final_score = Decimal(rng.randint(low * 2, high * 2)) / 2
            registration.carried_over = reg_year < year and status == S.IN_PROGRESS
            registration.normalise()
            plans.append((registration, status))

    # The demo accounts' organisation shows each interesting step.
    if first is not None:
        showcase = [S.DRAFT, S.RETURNED, S.SUBMITTED, S.ACCEPTED]
        mine = [r for r, _ in plans if r.unit == first and r.year == year]
        for registration, status in zip(mine, showcase, strict=False):
            registration.status = status
            registration.submitted_at = None if status == S.DRAFT else registration.submitted_at
            registration.final_score = None
        plans = [(r, r.status) for r, _ in plans]

    past = [r for r, _ in plans if r.year < year]
    Registration.objects.bulk_create(past, batch_size=2000)
    # This year: some continue last year's model, some replicate another unit's recognised one.
    library = [r for r in past if r.status in (S.RECOGNISED, S.OUTSTANDING)]
    last_by_unit: dict[int, Registration] = {}
    for r in past:
        last_by_unit.setdefault(r.unit_id, r)
    current = [r for r, _ in plans if r.year == year]
    for r in current:
        roll = rng.random()
        if roll < 0.2 and r.unit_id in last_by_unit:
            earlier = last_by_unit[r.unit_id]
            r.continued_from = earlier
            r.name = earlier.name
            r.normalise()
        elif roll < 0.3 and library:
            original = rng.choice(library)
            if original.unit_id != r.unit_id:
                r.replicated_from = original
                r.name = original.name
                r.normalise()
    Registration.objects.bulk_create(current, batch_size=2000)
    registrations = past + current

    targets, partners, events, scores, comments = [], [], [], [], []
    for r in registrations:
        for name, value, measure in rng.sample(TARGETS, 1 if national else rng.randint(1, 3)):
            achieved = None
            if (
                r.status in (S.IN_PROGRESS, S.SELF_ASSESSED, S.UNDER_REVIEW)
                or r.status in SCORE_FOR
            ):
                achieved = Decimal(round(value * rng.uniform(0.5, 1.2), 0))
            targets.append(
                Target(
                    registration=r,
                    name=name,
                    target_value=Decimal(value),
                    measure=measure,
                    achieved_value=achieved,
                )
            )
        if not national or r.status in (S.RECOGNISED, S.OUTSTANDING):
            partners.append(
                Partner(registration=r, organisation=rng.choice(orgs), role=rng.choice(ROLES))
            )
        when = r.created_at
        # National scale keeps one history row per registration (its latest step) for speed.
        if not national or r.status == S.DRAFT:
            events.append(
                RegistrationEvent(
                    registration=r,
                    actor=r.created_by,
                    transition="create",
                    from_state="",
                    to_state=S.DRAFT,
                    created_at=when,
                )
            )
        full = PATHS[r.status]
        state = S.DRAFT
        for i, (step, target) in enumerate(full):
            when = when + datetime.timedelta(days=rng.randint(2, 25))
            if not national or i == len(full) - 1:
                events.append(
                    RegistrationEvent(
                        registration=r,
                        actor=reviewer if step in REVIEWER_STEPS else r.created_by,
                        transition=step,
                        from_state=state,
                        to_state=target,
                        comment=COMMENTS.get(step, ""),
                        created_at=when,
                    )
                )
            state = target
        if r.status == S.RETURNED:
            comments.append(
                Comment(registration=r, author=reviewer, body=COMMENTS["return"], created_at=when)
            )
            if not national:
                comments.append(
                    Comment(
                        registration=r,
                        author=reviewer,
                        internal=True,
                        created_at=when,
                        body="Ghi chú nội bộ: đơn vị đã được nhắc qua điện thoại.",
                    )
                )
        if r.final_score is not None and rubric is not None and reviewer is not None:
            scores.append(
                Score(
                    registration=r,
                    rubric=rubric,
                    kind=ScoreKind.REVIEWER,
                    scorer=reviewer,
                    total=r.final_score,
                    scored_at=when,
                )
            )
    Target.objects.bulk_create(targets, batch_size=5000)
    Partner.objects.bulk_create(partners, batch_size=5000)
    RegistrationEvent.objects.bulk_create(events, batch_size=5000)
    Comment.objects.bulk_create([c for c in comments if c.author_id], batch_size=5000)
    Score.objects.bulk_create(scores, batch_size=5000)
    if criteria and not national:
        items = []
        total_max = sum(c.max_points for c in criteria)
        for score in scores:
            share = score.total / total_max
            for criterion in criteria:
                items.append(
                    ScoreItem(
                        score=score,
                        criterion=criterion,
                        points=(Decimal(criterion.max_points) * share).quantize(Decimal("0.1")),
                    )
                )
        ScoreItem.objects.bulk_create(items, batch_size=5000)
    by_status: dict[str, int] = {}
    for r in registrations:
        by_status[r.status] = by_status.get(r.status, 0) + 1
    ctx.log.append(
        f"models_registry: {len(registrations)} registrations ("
        + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items()))
        + f"), {len(events)} history entries, {len(scores)} scores"
    )

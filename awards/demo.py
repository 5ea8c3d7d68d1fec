"""Demo data for awards (called by seed_demo, after reminders): quotas for 2013–2014, a dozen
proposals of one bloc's organisations in every state with their history and short lists, and two
award decisions (125-QĐ/ĐUK of 15/10/2013, Mass Mobilisation Day, and a Bằng khen of the
provincial People's Committee chair). A fixed handful of rows whatever the scale: a few queries
and bulk inserts, no query per organisation."""

from __future__ import annotations

import datetime

from django.utils import timezone

from campaigns.models import Campaign
from models_registry.models import LIBRARY_STATES, Registration
from units.demo import DemoContext, person_name
from units.models import Unit

from .models import (
    AwardForm,
    Decision,
    Nominee,
    NomineeKind,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Quota,
    Recipient,
)

S = ProposalStatus
# (year, status) of the twelve proposals, in the order of the bloc's organisations.
PLAN = [
    (2013, S.ACCEPTED),
    (2013, S.ACCEPTED),
    (2013, S.ACCEPTED),
    (2013, S.NOT_ACCEPTED),
    (2013, S.ACCEPTED),
    (2014, S.SUBMITTED),
    (2014, S.RETURNED),
    (2014, S.RESUBMITTED),
    (2014, S.ACCEPTED),
    (2014, S.DRAFT),
    (2014, S.SUBMITTED),
    (2014, S.ACCEPTED),
]
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [("submit", S.DRAFT, S.SUBMITTED, "")],
    S.RETURNED: [
        ("submit", S.DRAFT, S.SUBMITTED, ""),
        ("return", S.SUBMITTED, S.RETURNED, "Đề nghị bổ sung biên bản họp xét của Tổ chỉ đạo."),
    ],
    S.RESUBMITTED: [
        ("submit", S.DRAFT, S.SUBMITTED, ""),
        ("return", S.SUBMITTED, S.RETURNED, "Tóm tắt thành tích còn chung chung, chưa có số liệu."),
        ("resubmit", S.RETURNED, S.RESUBMITTED, "Đã bổ sung số liệu."),
    ],
    S.ACCEPTED: [("submit", S.DRAFT, S.SUBMITTED, ""), ("accept", S.SUBMITTED, S.ACCEPTED, "")],
    S.NOT_ACCEPTED: [
        ("submit", S.DRAFT, S.SUBMITTED, ""),
        (
            "reject",
            S.SUBMITTED,
            S.NOT_ACCEPTED,
            "Thành tích chưa tiêu biểu so với các đơn vị khác.",
        ),
    ],
}
COLLECTIVES = [
    "Chi đoàn Thanh niên",
    "Công đoàn cơ sở",
    "Ban Nữ công",
    "Chi hội Cựu chiến binh",
    "Bộ phận Một cửa",
]
ACHIEVEMENTS = [
    "Thực hiện hiệu quả mô hình “Dân vận khéo” trong cải cách thủ tục hành chính.",
    "Vận động đoàn viên đóng góp 45 triệu đồng xây nhà tình nghĩa.",
    "Giải quyết 100% hồ sơ đúng hẹn, không có khiếu nại.",
    "Đi đầu tuyên truyền, vận động nhân dân hiến đất làm đường.",
    "Hướng dẫn 1.200 lượt người dân làm thủ tục trực tuyến.",
]
POSITIONS = ["Bí thư Chi đoàn", "Chủ tịch Công đoàn", "Trưởng phòng", "Chuyên viên", "Phó Giám đốc"]


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 9, 0, tzinfo=timezone.get_current_timezone())


def seed(ctx: DemoContext) -> None:
    campaign = Campaign.objects.filter(code="dvk-2011-2015").first() or Campaign.objects.current()
    if campaign is None or not ctx.blocs:
        return
    rng = ctx.rng
    bloc = ctx.blocs[0]
    office = ctx.accounts.get("thuongtruc")
    reviewer = ctx.accounts.get("bancd")
    leader = ctx.accounts.get("totruong")
    forms = {f.code: f for f in AwardForm.objects.all()}
    certificate, chair = forms["bloc_certificate"], forms["province_chair_merit"]
    years = [y for y in (2013, 2014) if y in campaign.years]
    Quota.objects.bulk_create(
        Quota(campaign=campaign, year=year, form=forms[code], max_collectives=c, max_individuals=i)
        for year in years
        for code, c, i in (
            ("bloc_certificate", 2, 3),
            ("bloc_praise", 1, 2),
            ("province_chair_merit", 1, 1),
        )
    )
    units = list(
        Unit.objects.grassroots()
        .active()
        .filter(path__startswith=bloc.path)
        .order_by("path")
        .only("pk", "name", "path")[: len(PLAN)]
    )
    recognised: dict[int, list[Registration]] = {}
    for registration in Registration.objects.filter(
        unit__in=units, campaign=campaign, status__in=LIBRARY_STATES
    ).only("pk", "unit_id", "name", "kind"):
        if registration.kind != "individual":
            recognised.setdefault(registration.unit_id, []).append(registration)

    proposals = []
    for unit, (year, status) in zip(units, PLAN, strict=False):
        if year not in years:
            continue
        created = _at(year, 8, rng.randint(1, 20))
        proposals.append(
            Proposal(
                unit=unit,
                campaign=campaign,
                year=year,
                status=status,
                submitted_at=created + datetime.timedelta(days=5) if status != S.DRAFT else None,
                created_by=leader if unit is units[0] else None,
                created_at=created,
                updated_at=created + datetime.timedelta(days=20),
            )
        )
    proposals = Proposal.objects.bulk_create(proposals)
    if proposals and proposals[0].pk is None:  # back ends that do not return ids
        by_unit = dict(Proposal.objects.filter(campaign=campaign).values_list("unit_id", "pk"))
        for proposal in proposals:
            proposal.pk = by_unit[proposal.unit_id]

    events, nominees = [], []
    for proposal in proposals:
        events.append(
            ProposalEvent(
                proposal_id=proposal.pk,
                actor=leader if proposal.created_by_id else None,
                transition="create",
                from_state=S.DRAFT,
                to_state=S.DRAFT,
                created_at=proposal.created_at,
            )
        )
        for n, (name, source, target, comment) in enumerate(PATHS[proposal.status], start=1):
            events.append(
                ProposalEvent(
                    proposal_id=proposal.pk,
                    actor=reviewer if name in ("return", "accept", "reject") else leader,
                    transition=name,
                    from_state=source,
                    to_state=target,
                    comment=comment,
                    created_at=proposal.created_at + datetime.timedelta(days=4 * n),
                )
            )
        links = recognised.get(proposal.unit_id, [])
        short_name = proposal.unit.name.replace("Đảng bộ ", "").replace("Chi bộ ", "")
        for order in range(1, rng.randint(2, 4) + 1):
            individual = order > 2
            link = links[order - 1] if not individual and order - 1 < len(links) else None
            nominees.append(
                Nominee(
                    proposal_id=proposal.pk,
                    order=order,
                    kind=NomineeKind.INDIVIDUAL if individual else NomineeKind.COLLECTIVE,
                    form=chair if order == 1 and proposal.year == 2014 else certificate,
                    name=person_name(rng)
                    if individual
                    else f"{rng.choice(COLLECTIVES)} {short_name}",
                    position=rng.choice(POSITIONS) if individual else "",
                    # from the ids, not the generator: the rest of the demo stays as it was
                    birth_year=1965 + (proposal.pk * 7 + order * 13) % 31 if individual else None,
                    sex=("female" if (proposal.pk + order) % 2 else "male") if individual else "",
                    work_unit=proposal.unit.name if individual else "",
                    registration=link,
                    achievement=rng.choice(ACHIEVEMENTS),
                )
            )
    ProposalEvent.objects.bulk_create(events)
    Nominee.objects.bulk_create(nominees)

    decisions = [
        (
            2013,
            "125-QĐ/ĐUK",
            datetime.date(2013, 10, 15),
            "Ban Thường vụ Đảng ủy Khối",
            certificate,
            ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Thị Hương"),
        ),
        (
            2014,
            "2345/QĐ-UBND",
            datetime.date(2014, 10, 14),
            "Chủ tịch UBND tỉnh",
            chair,
            ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Quang Tiến"),
        ),
    ]
    accepted = {p.pk: p for p in proposals if p.status == S.ACCEPTED}
    recipients = []
    for year, number, date, issuer, form, (on_behalf, title, signer) in decisions:
        if year not in years:
            continue
        chosen = list(
            Nominee.objects.filter(
                proposal_id__in=[pk for pk, p in accepted.items() if p.year == year], form=form
            ).order_by("proposal__unit__path", "order")
        )
        if not chosen:
            continue
        decision = Decision.objects.create(
            unit=bloc,
            campaign=campaign,
            year=year,
            number=number,
            date=date,
            issuer=issuer,
            form=form,
            signer_on_behalf=on_behalf,
            signer_title=title,
            signer_name=signer,
            recorded_by=office,
            created_at=_at(date.year, date.month, date.day),
        )
        for order, nominee in enumerate(chosen, start=1):
            recipients.append(
                Recipient(
                    decision=decision,
                    nominee=nominee,
                    unit=accepted[nominee.proposal_id].unit,
                    kind=nominee.kind,
                    name=nominee.name,
                    position=nominee.position,
                    order=order,
                )
            )
    Recipient.objects.bulk_create(recipients)
    ctx.log.append(
        f"awards: {len(proposals)} proposals, {len(nominees)} nominees, "
        f"{len(recipients)} recipients"
    )

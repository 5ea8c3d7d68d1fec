"""Demo data: the 2011–2015 campaign with its plans, deadlines and extensions, the documents the
directive names, and the units' dissemination sessions and propaganda activities.

Deterministic (``ctx.rng``) and bulk-inserted: a few queries whatever the scale. Files are tiny
PDFs built in code, stored once and shared by the rows that have one.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from units.bulk import RowInserter
from units.demo import DemoContext
from units.models import MassOrganisation, Membership, Role, Unit

from .models import (
    Campaign,
    CampaignStatus,
    Deadline,
    DeadlineExtension,
    DeadlineKind,
    DirectiveDocument,
    DisseminationFormat,
    DisseminationSession,
    DocumentType,
    PropagandaActivity,
    PropagandaForm,
    YearPlan,
    private_path,
)
from .pdf import tiny_pdf

D = datetime.date

# (number as written, type, issued on, issuer, summary, with a file?)
DOCUMENTS = [
    (
        "238-CV/TU",
        DocumentType.OFFICIAL_LETTER,
        D(2010, 10, 14),
        "Ban Thường vụ Tỉnh ủy",
        "Về tiếp tục chỉ đạo phong trào thi đua “Dân vận khéo” trong hệ thống chính trị "
        "(2011–2015). (Công văn của Đảng ủy Khối có chỗ ghi ngày 14-10-2011; sổ giữ đúng "
        "ngày trên văn bản gốc.)",
        True,
    ),
    (
        "390-TB/VPTU",
        DocumentType.NOTICE,
        D(2012, 9, 19),
        "Văn phòng Tỉnh ủy",
        "Kết luận của Thường trực Tỉnh ủy tại Hội nghị sơ kết phong trào thi đua “Dân vận "
        "khéo” (2011–2012) và cuộc họp Ban Chỉ đạo tỉnh ngày 24-8-2012.",
        True,
    ),
    (
        "01-KH/BCĐ",
        DocumentType.PLAN,
        D(2013, 2, 25),
        "Ban Chỉ đạo Đảng ủy Khối các cơ quan tỉnh",
        "Kế hoạch thực hiện phong trào thi đua “Dân vận khéo” năm 2013; phát động đăng ký "
        "mô hình, điển hình trong tháng 3/2013.",
        True,
    ),
    (
        "02-HD/BCĐ",
        DocumentType.GUIDELINE,
        None,  # the directive names it without a date: the register leaves it empty
        "Ban Chỉ đạo Đảng ủy Khối các cơ quan tỉnh",
        "Hướng dẫn thực hiện phong trào thi đua “Dân vận khéo”.",
        True,
    ),
    (
        "52-HDLT/BDV-BTĐKT",
        DocumentType.JOINT_GUIDELINE,
        D(2013, 1, 28),
        "Ban Dân vận Tỉnh ủy – Ban Thi đua khen thưởng tỉnh",
        "Hướng dẫn liên tịch về biểu dương, khen thưởng tập thể, cá nhân có thành tích tốt "
        "trong phong trào thi đua “Dân vận khéo”.",
        False,
    ),
    (
        "03-CT/TW",
        DocumentType.DIRECTIVE,
        D(2011, 5, 14),
        "Bộ Chính trị",
        "Về tiếp tục đẩy mạnh việc học tập và làm theo tấm gương đạo đức Hồ Chí Minh.",
        False,
    ),
    (
        "57",
        DocumentType.NOTICE,
        D(2007, 5, 10),
        "Ban Tổ chức Tỉnh ủy",
        "Phân công đồng chí cấp ủy phụ trách công tác dân vận ở cơ quan, đơn vị (số hiệu "
        "ghi như Công văn của Đảng ủy Khối trích dẫn).",
        False,
    ),
]

SESSION_TITLES = [
    "Hội nghị quán triệt Công văn 238-CV/TU và Thông báo 390-TB/VPTU",
    "Triển khai Kế hoạch số 01-KH/BCĐ và Hướng dẫn số 02-HD/BCĐ",
    "Sinh hoạt chuyên đề “Học tập và làm theo tấm gương đạo đức Hồ Chí Minh”",
    "Quán triệt Hướng dẫn liên tịch số 52-HDLT/BDV-BTĐKT về khen thưởng",
]
# Which DOCUMENTS each session title studies (indexes into both lists).
STUDIED = {0: (0, 1), 1: (2, 3), 2: (5,), 3: (4,)}
EXTENSION_REASONS = [
    "Đơn vị đang kiện toàn Tổ chỉ đạo sau khi thay đổi nhân sự.",
    "Cơ quan sáp nhập, cần thêm thời gian rà soát mô hình.",
    "Đồng chí Tổ trưởng đi học tập trung, đề nghị lùi hạn.",
]


def _campaign_root(ctx: DemoContext) -> Unit:
    """The first bloc; at national scale the whole country, so every bloc takes part."""
    if ctx.scale == "national":
        return Unit.objects.get(path=ctx.blocs[0].path[: Unit.steplen])
    return ctx.blocs[0]


def group_leaders(ctx: DemoContext) -> dict[int, int]:
    """grassroots unit id -> id of its steering-group leader (one query)."""
    by_group = dict(
        Membership.objects.filter(role=Role.GROUP_LEADER, is_active=True).values_list(
            "unit_id", "user_id"
        )
    )
    return {
        base_id: by_group[group.pk] for base_id, group in ctx.groups.items() if group.pk in by_group
    }


def store_demo_pdf(folder: str, name: str, title: str) -> str:
    """Save one tiny PDF privately and return its storage name (rows may share it)."""
    return default_storage.save(private_path(folder, name), ContentFile(tiny_pdf(title)))


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    office = ctx.accounts["thuongtruc"]
    root = _campaign_root(ctx)
    campaign = Campaign.objects.create(
        name="Phong trào thi đua “Dân vận khéo” giai đoạn 2011–2015",
        code="dvk-2011-2015",
        status=CampaignStatus.ACTIVE,
        is_current=True,
        root_unit=root,
        start_date=D(2011, 1, 1),
        end_date=D(2015, 12, 31),
        description="Theo Công văn 238-CV/TU ngày 14-10-2010 của Ban Thường vụ Tỉnh ủy.",
    )
    Campaign.objects.create(
        name="Phong trào thi đua “Dân vận khéo” giai đoạn 2016–2020",
        code="dvk-2016-2020",
        status=CampaignStatus.DRAFT,
        root_unit=root,
        start_date=D(2016, 1, 1),
        end_date=D(2020, 12, 31),
    )
    plans = {
        year: YearPlan(
            campaign=campaign,
            year=year,
            title=f"Kế hoạch thực hiện phong trào thi đua “Dân vận khéo” năm {year}",
        )
        for year in campaign.years
    }
    plans[2013].number = "01-KH/BCĐ"
    plans[2013].issued_on = D(2013, 2, 25)
    YearPlan.objects.bulk_create(plans.values())

    deadlines = []
    for year in campaign.years:
        if year >= 2013:
            note = (
                "Theo Kế hoạch số 01-KH/BCĐ ngày 25/02/2013 của Ban Chỉ đạo Đảng ủy Khối."
                if year == 2013
                else ""
            )
            deadlines.append(
                Deadline(
                    campaign=campaign,
                    year=year,
                    kind=DeadlineKind.REGISTRATION,
                    title=f"Đăng ký mô hình, điển hình “Dân vận khéo” năm {year}",
                    due_date=D(year, 3, 31),
                    plan=plans[year],
                    note=note,
                )
            )
        deadlines.append(
            Deadline(
                campaign=campaign,
                year=year,
                kind=DeadlineKind.SIX_MONTH_REPORT,
                title=f"Báo cáo sơ kết 6 tháng đầu năm {year}",
                due_date=D(year, 6, 15),
                plan=plans[year],
            )
        )
        deadlines.append(
            Deadline(
                campaign=campaign,
                year=year,
                kind=DeadlineKind.ANNUAL_REPORT,
                title=f"Báo cáo kết quả năm {year}",
                due_date=D(year, 11, 15),
                plan=plans[year],
            )
        )
    deadlines.append(
        Deadline(
            campaign=campaign,
            year=2012,
            kind=DeadlineKind.MID_TERM_REVIEW,
            title="Báo cáo sơ kết phong trào (2011–2012)",
            due_date=D(2012, 7, 31),
            plan=plans[2012],
        )
    )
    deadlines.append(
        Deadline(
            campaign=campaign,
            year=2015,
            kind=DeadlineKind.FINAL_REVIEW,
            title="Báo cáo tổng kết phong trào giai đoạn 2011–2015",
            due_date=D(2015, 10, 15),
            plan=plans[2015],
        )
    )
    for deadline in deadlines:
        deadline.applies_to = root
    Deadline.objects.bulk_create(deadlines)
    registration_2013 = deadlines[0]

    # A few extensions of the March 2013 registration (the second demo organisation has one).
    extended = [ctx.grassroots[1], *ctx.grassroots[5::40][:12]]
    DeadlineExtension.objects.bulk_create(
        [
            DeadlineExtension(
                deadline=registration_2013,
                unit=unit,
                due_date=D(2013, 4, rng.choice([10, 15, 20])),
                reason=rng.choice(EXTENSION_REASONS),
                granted_by=office,
            )
            for unit in dict.fromkeys(extended)
        ]
    )

    documents = []
    for number, doc_type, issued_on, issuer, summary, with_file in DOCUMENTS:
        document = DirectiveDocument(
            number=number,
            doc_type=doc_type,
            issued_on=issued_on,
            issuer=issuer,
            summary=summary,
            created_by=office,
            owner_unit=ctx.blocs[0],
        )
        if with_file:
            slug = number.replace("/", "-")
            document.file.name = store_demo_pdf("campaigns/documents", f"{slug}.pdf", number)
        document.normalise()
        documents.append(document)
    DirectiveDocument.objects.bulk_create(documents)
    DirectiveDocument.campaigns.through.objects.bulk_create(
        [
            DirectiveDocument.campaigns.through(directivedocument_id=d.pk, campaign_id=campaign.pk)
            for d in documents
        ]
    )

    second_office = ctx.accounts.get("thuongtruc_dn")
    if second_office is not None:
        # The second bloc keeps its own register: one plan of its own, and the province's
        # letter that the first bloc also recorded (the same number, another register).
        own = [
            DirectiveDocument(
                number="05-KH/ĐUKDN",
                doc_type=DocumentType.PLAN,
                issued_on=D(2013, 3, 4),
                issuer="Đảng ủy Khối doanh nghiệp tỉnh",
                summary="Kế hoạch thực hiện phong trào “Dân vận khéo” trong các doanh nghiệp.",
                created_by=second_office,
                owner_unit=ctx.second_bloc or ctx.blocs[1],
            ),
            DirectiveDocument(
                number=documents[0].number,
                doc_type=documents[0].doc_type,
                issued_on=documents[0].issued_on,
                issuer=documents[0].issuer,
                summary=documents[0].summary,
                created_by=second_office,
                owner_unit=ctx.second_bloc or ctx.blocs[1],
            ),
        ]
        for document in own:
            document.normalise()
        DirectiveDocument.objects.bulk_create(own)

    _seed_activities(ctx, campaign, documents)
    ctx.log.append(
        f"campaigns: 2 campaigns, {len(deadlines)} deadlines, {len(documents)} documents"
    )


def _seed_activities(ctx: DemoContext, campaign: Campaign, documents: list) -> None:
    """Dissemination sessions for most organisations with a steering group (some none in the
    last year, so the setup board has gaps to show) and propaganda activities for half."""
    rng = ctx.rng
    leaders = group_leaders(ctx)
    minutes = store_demo_pdf("campaigns/sessions", "bien-ban-hoi-nghi.pdf", "Bien ban hoi nghi")
    orgs = list(
        MassOrganisation.objects.filter(
            code__in=["trade_union", "youth_union", "veterans", "women"]
        )
    )
    sessions = RowInserter(
        DisseminationSession,
        ["unit_id", "campaign_id", "held_on", "title", "format", "participants", "file"]
        + ["recorded_by_id"],
        ids=True,
    )
    through = DisseminationSession.documents.through
    studied = RowInserter(through, ["disseminationsession_id", "directivedocument_id"])
    activities = RowInserter(
        PropagandaActivity,
        ["unit_id", "campaign_id", "held_on", "mass_organisation_id", "form", "count"]
        + ["participants", "recorded_by_id"],
    )
    formats = [DisseminationFormat.CONFERENCE] * 3 + [DisseminationFormat.PARTY_MEETING]
    forms = list(PropagandaForm.values)
    for index, unit in enumerate(ctx.grassroots):
        recorder = leaders.get(unit.pk)
        if recorder is None:
            continue
        years = [2013, 2014] + ([2015] if index < 2 or rng.random() < 0.75 else [])
        for year in years:
            held_on = D(year, rng.randint(3, 10), rng.randint(1, 28))
            title_index = rng.randrange(len(SESSION_TITLES))
            session_id = sessions.add(
                (
                    unit.pk,
                    campaign.pk,
                    held_on,
                    SESSION_TITLES[title_index],
                    rng.choice(formats),
                    rng.randint(15, 180),
                    minutes if rng.random() < 0.3 else "",
                    recorder,
                )
            )
            for k in STUDIED[title_index]:
                studied.add((session_id, documents[k].pk))
        if rng.random() < 0.5:
            activities.add(
                (
                    unit.pk,
                    campaign.pk,
                    D(rng.choice([2013, 2014, 2015]), rng.randint(3, 11), rng.randint(1, 28)),
                    rng.choice(orgs).pk,
                    rng.choice(forms),
                    rng.randint(1, 6),
                    rng.randint(20, 300),
                    recorder,
                )
            )
    sessions.close()
    studied.close()
    activities.close()
    ctx.log.append(
        f"campaigns: {sessions.count} dissemination sessions, "
        f"{activities.count} propaganda activities"
    )

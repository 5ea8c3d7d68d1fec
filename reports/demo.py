"""Demo data: periodic reports of the grassroots organisations for a few past periods.

Deterministic (``ctx.rng``) and bulk-inserted, so ``--scale national`` stays fast. The first
organisation's latest period is left unreported, so the demo leader can write one.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from campaigns.models import Deadline, DeadlineKind
from units.bulk import RowInserter
from units.demo import DemoContext

from .models import PeriodicReport, ReportStatus

PERIODS = [
    (DeadlineKind.MID_TERM_REVIEW, 2012),
    (DeadlineKind.ANNUAL_REPORT, 2012),
    (DeadlineKind.SIX_MONTH_REPORT, 2013),
]
TEXT = {
    "situation": "Cơ sở đảng có {members} đảng viên; cấp ủy, Tổ chỉ đạo duy trì sinh hoạt định kỳ.",
    "leadership": "Tổ chức quán triệt Công văn 238-CV/TU và Kế hoạch số 01-KH/BCĐ đến toàn thể "
    "cán bộ, đảng viên; kiện toàn Tổ chỉ đạo, ban hành Quy chế làm việc.",
    "results_by_field": "Các mô hình đăng ký được triển khai đúng kế hoạch, bước đầu có kết quả.",
    "assessment": "Ưu điểm: cấp ủy quan tâm chỉ đạo. Hạn chế: một số mô hình chưa lượng hóa "
    "được kết quả.",
    "direction": "Tiếp tục triển khai, nhân rộng các mô hình có hiệu quả.",
    "proposals": "Đề nghị Ban Chỉ đạo Đảng ủy Khối tổ chức tập huấn cách xây dựng mô hình.",
}


def seed(ctx: DemoContext) -> None:
    deadlines = []
    for kind, year in PERIODS:
        deadline = Deadline.objects.filter(kind=kind, year=year).order_by("pk").first()
        if deadline is not None:
            deadlines.append(deadline)
    if not deadlines or not ctx.grassroots:
        return
    rng = ctx.rng
    reports = RowInserter(
        PeriodicReport,
        ["unit_id", "deadline_id", "status", "is_late", "submitted_at", "created_at"]
        + ["updated_at", *TEXT],
    )
    for index, deadline in enumerate(deadlines):
        latest = index == len(deadlines) - 1
        due = datetime.datetime.combine(deadline.due_date, datetime.time(16, 0))
        for position, unit in enumerate(ctx.grassroots):
            if not unit.path.startswith(deadline.applies_to.path):
                continue
            roll = rng.random()
            if (latest and position < 2) or roll < 0.12:
                continue  # not reported (the demo leader's own organisation among them)
            late = roll > 0.85
            sent = timezone.make_aware(
                due + datetime.timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 10))
            )
            status = ReportStatus.ACCEPTED if not latest or roll < 0.6 else ReportStatus.SUBMITTED
            members = rng.randint(12, 140)
            reports.add(
                (unit.pk, deadline.pk, status, late, sent, sent, sent)
                + tuple(v.format(members=members) for v in TEXT.values())
            )
    count = reports.close()
    ctx.log.append(f"reports: {count} periodic reports over {len(deadlines)} periods")
    seed_summary_texts(ctx, deadlines[-1])


SUMMARY_TEXT = {
    "assessment": "1. Ưu điểm: cấp ủy các cơ sở đảng quan tâm lãnh đạo, nhiều mô hình được "
    "lượng hóa kết quả, được nhân dân đồng tình.\n2. Hạn chế: một số cơ sở đăng ký chậm, báo cáo "
    "chưa đúng hạn; nguyên nhân chủ yếu do chưa phân công cụ thể người theo dõi.\n3. Bài học "
    "kinh nghiệm: cấp ủy phải trực tiếp chỉ đạo, chọn việc cụ thể, dễ làm, dễ kiểm tra.",
    "direction": "Tiếp tục quán triệt, triển khai phong trào; hướng dẫn các cơ sở hoàn thiện "
    "hồ sơ mô hình, điển hình; tổ chức sơ kết, biểu dương kịp thời.",
    "proposals": "Đề nghị Ban Dân vận Tỉnh ủy tổ chức tập huấn nghiệp vụ cho Tổ chỉ đạo các "
    "cơ sở đảng.",
}


def seed_summary_texts(ctx: DemoContext, deadline: Deadline) -> None:
    """The first bloc's letterhead with its signer, and its texts for the latest period (the
    other blocs keep the defaults from the unit tree)."""
    from .letterheads import letterhead_defaults
    from .models import BlocLetterhead, SummaryText

    if not ctx.blocs:
        return
    bloc = ctx.blocs[0]
    fields = letterhead_defaults(bloc) | {"signer_name": "Nguyễn Văn Quang"}
    letterhead = BlocLetterhead.objects.create(unit=bloc, **fields)
    SummaryText.objects.create(
        root=bloc,
        deadline=deadline,
        on_behalf=letterhead.on_behalf,
        signer_position=letterhead.signer_position,
        signer_name=letterhead.signer_name,
        recipients=letterhead.recipients,
        **SUMMARY_TEXT,
    )

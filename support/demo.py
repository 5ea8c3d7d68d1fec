"""Demo data for support (called last by seed_demo): 2013 inspection and support visits in about
a third of the organisations with findings, minutes and follow-up actions (some overdue), and 15
questions to the standing office in every state, 5 of them published on the Q&A page.

Plain-row inserts only (``units.bulk.RowInserter``): no per-organisation query, deterministic
through ``ctx.rng``.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from campaigns.demo import group_leaders, store_demo_pdf
from danvan.text import fold, nfc
from units.bulk import RowInserter
from units.demo import DemoContext

from .models import (
    FocusItem,
    FollowUp,
    FollowUpEvent,
    PublishedAnswer,
    Question,
    QuestionCategory,
    QuestionEvent,
    QuestionMessage,
    QuestionStatus,
    Side,
    Visit,
    VisitEvent,
    VisitStatus,
)

D = datetime.date
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

FINDINGS = {
    "good": "Tổ chỉ đạo hoạt động đều, quy chế làm việc đầy đủ; mô hình đăng ký đúng hạn, "
    "triển khai có kết quả rõ.",
    "fair": "Đã thành lập Tổ chỉ đạo và đăng ký mô hình; việc theo dõi tiến độ, báo cáo định kỳ "
    "còn trễ hạn.",
    "needs_improvement": "Tổ chỉ đạo chưa họp định kỳ, chưa ban hành quy chế làm việc; mô hình "
    "đăng ký chung chung, chưa có chỉ tiêu cụ thể.",
}
ACTIONS = [
    "Ban hành Quy chế làm việc của Tổ chỉ đạo.",
    "Bổ sung chỉ tiêu, kết quả cụ thể cho mô hình đã đăng ký.",
    "Gửi báo cáo định kỳ quý còn thiếu về Ban Chỉ đạo.",
    "Tổ chức quán triệt Kế hoạch số 01 cho toàn thể cán bộ, đảng viên.",
]
RESPONSES = [
    "Đã ban hành Quy chế làm việc (Quyết định số 05-QĐ/TCĐ), gửi kèm bản chụp.",
    "Đã bổ sung chỉ tiêu và phân công người theo dõi mô hình.",
]

# (subject, category, question, answer, final state, published?)
QUESTIONS = [
    (
        "Đăng ký bổ sung mô hình sau tháng 3",
        "registration",
        "Đơn vị có thể đăng ký bổ sung mô hình sau ngày 31/3/2013 không?",
        "Được. Đơn vị gửi phiếu đăng ký bổ sung trước ngày 30/4/2013; Ban Chỉ đạo tổng hợp vào "
        "đợt theo dõi quý II.",
        QuestionStatus.CLOSED,
        True,
    ),
    (
        "Mẫu báo cáo sơ kết giữa kỳ",
        "reports",
        "Báo cáo sơ kết giữa kỳ dùng mẫu nào, có cần số liệu theo từng mô hình không?",
        "Dùng mẫu kèm Hướng dẫn số 02; số liệu ghi theo từng mô hình ở Biểu 02.",
        QuestionStatus.CLOSED,
        True,
    ),
    (
        "Hồ sơ đề nghị khen thưởng tập thể",
        "rewards",
        "Hồ sơ đề nghị khen thưởng tập thể gồm những gì?",
        "Theo Hướng dẫn liên tịch số 52 ngày 28/01/2013: tờ trình, báo cáo thành tích có xác nhận "
        "của cấp ủy, biên bản họp xét.",
        QuestionStatus.ANSWERED,
        True,
    ),
    (
        "Điển hình là cá nhân ngoài đảng",
        "registration",
        "Có được đăng ký điển hình là quần chúng ưu tú chưa là đảng viên không?",
        "Được, nếu cá nhân đó có thành tích tiêu biểu trong công tác dân vận tại cơ quan.",
        QuestionStatus.CLOSED,
        True,
    ),
    (
        "Thời hạn gửi báo cáo quý",
        "reports",
        "Báo cáo quý gửi trước ngày nào của tháng cuối quý?",
        "Trước ngày 15 của tháng cuối quý, qua hệ thống này.",
        QuestionStatus.ANSWERED,
        True,
    ),
    (
        "Thành phần Tổ chỉ đạo",
        "other",
        "Tổ chỉ đạo có bắt buộc có đại diện Hội Cựu chiến binh không?",
        "Có, nếu cơ quan có tổ chức Hội Cựu chiến binh.",
        QuestionStatus.ANSWERED,
        False,
    ),
    (
        "Mức thưởng Giấy khen",
        "rewards",
        "Mức tiền thưởng kèm Giấy khen năm 2013 là bao nhiêu?",
        "Theo quy định hiện hành về thi đua, khen thưởng; Thường trực sẽ gửi văn bản.",
        QuestionStatus.REOPENED,
        False,
    ),
    (
        "Mô hình liên cơ quan",
        "registration",
        "Hai cơ quan cùng thực hiện một mô hình thì đăng ký thế nào?",
        "Một đơn vị đăng ký chủ trì, đơn vị kia đăng ký nhân rộng mô hình.",
        QuestionStatus.REOPENED,
        False,
    ),
    (
        "Biểu mẫu tổng kết",
        "reports",
        "Biểu mẫu tổng kết giai đoạn 2011–2015 đã có chưa?",
        "",
        QuestionStatus.WAITING_UNIT,
        False,
    ),
    (
        "Đăng ký điển hình tập thể",
        "registration",
        "Chi bộ có được đăng ký điển hình tập thể không?",
        "",
        QuestionStatus.WAITING_UNIT,
        False,
    ),
    (
        "Sửa mô hình đã gửi",
        "registration",
        "Mô hình đã gửi có sửa được tên không?",
        "",
        QuestionStatus.OPEN,
        False,
    ),
    (
        "Báo cáo gửi sau hạn",
        "reports",
        "Báo cáo gửi sau hạn một ngày có bị tính là trễ hạn không?",
        "",
        QuestionStatus.OPEN,
        False,
    ),
    (
        "Khen thưởng cá nhân ngoài Khối",
        "rewards",
        "Cá nhân đã chuyển công tác có được xét khen thưởng không?",
        "",
        QuestionStatus.OPEN,
        False,
    ),
    (
        "Tài khoản cho thành viên mới",
        "other",
        "Thành viên mới của Tổ chỉ đạo xin cấp tài khoản ở đâu?",
        "Đồng chí Tổ trưởng đề nghị Văn phòng Đảng ủy Khối cấp tài khoản.",
        QuestionStatus.CLOSED,
        False,
    ),
    (
        "Quy chế mẫu",
        "other",
        "Có quy chế làm việc mẫu của Tổ chỉ đạo không?",
        "",
        QuestionStatus.OPEN,
        False,
    ),
]


def at(day: D, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def seed(ctx: DemoContext) -> None:
    if not ctx.grassroots:
        return
    leaders = group_leaders(ctx)
    visits = _seed_visits(ctx, leaders)
    questions = _seed_questions(ctx, leaders)
    ctx.log.append(f"support: {visits}, {questions}")


def _seed_visits(ctx: DemoContext, leaders: dict[int, int]) -> str:
    rng = ctx.rng
    staff = [
        ctx.accounts[n] for n in ("bancd", "bancd2", "bancd3", "thuongtruc") if n in ctx.accounts
    ]
    if not staff:
        return "no visits (no reviewers)"
    office = ctx.accounts.get("thuongtruc", staff[0])
    minutes_pdf = store_demo_pdf("support/minutes", "bien-ban-lam-viec.pdf", "Bien ban lam viec")
    evidence_pdf = store_demo_pdf("support/evidence", "minh-chung.pdf", "Minh chung")
    visit_rows = RowInserter(
        Visit,
        [
            "unit_id",
            "kind",
            "status",
            "planned_on",
            "lead_id",
            "focus",
            "purpose",
            "held_on",
            "findings",
            "assessment",
            "minutes",
            "created_by_id",
            "version",
            "created_at",
            "updated_at",
        ],
        ids=True,
    )
    team_rows = RowInserter(Visit.team.through, ["visit_id", "user_id"])
    visit_events = RowInserter(
        VisitEvent,
        ["visit_id", "actor_id", "created_at", "transition", "from_state", "to_state", "comment"],
    )
    follow_rows = RowInserter(
        FollowUp,
        [
            "visit_id",
            "unit_id",
            "action",
            "due_on",
            "status",
            "response",
            "evidence",
            "answered_at",
            "answered_by_id",
            "version",
            "created_at",
            "updated_at",
        ],
        ids=True,
    )
    follow_events = RowInserter(
        FollowUpEvent,
        [
            "follow_up_id",
            "actor_id",
            "created_at",
            "transition",
            "from_state",
            "to_state",
            "comment",
        ],
    )
    focus_codes = list(FocusItem.values)
    overdue = 0
    ordered = (visit_rows, team_rows, visit_events, follow_rows, follow_events)
    for index, unit in enumerate(ctx.grassroots):
        if index % 2000 == 1999:
            # Parents before children, so foreign keys hold even when checked immediately.
            for inserter in ordered:
                inserter.flush()
        if index > 0 and rng.random() >= 1 / 3:
            continue
        lead = staff[rng.randrange(len(staff))]
        planned_on = D(2013, rng.randint(4, 11), rng.randint(1, 28))
        kind = "inspection" if rng.random() < 0.5 else "support"
        focus = sorted(rng.sample(focus_codes, rng.randint(2, 4)), key=focus_codes.index)
        status = VisitStatus.HELD if index == 0 or rng.random() < 0.88 else VisitStatus.PLANNED
        planned_at = at(planned_on - datetime.timedelta(days=14))
        held_on = (
            planned_on + datetime.timedelta(days=rng.randint(0, 3)) if status == "held" else None
        )
        assessment = ""
        if held_on:
            assessment = rng.choices(["good", "fair", "needs_improvement"], [4, 4, 2])[0]
            if index == 0:
                assessment = "needs_improvement"
        visit_id = visit_rows.add(
            (
                unit.pk,
                kind,
                status,
                planned_on,
                lead.pk,
                focus,
                nfc("Kiểm tra việc thực hiện Kế hoạch số 01 của Ban Chỉ đạo"),
                held_on,
                nfc(FINDINGS[assessment]) if held_on else "",
                assessment,
                minutes_pdf if held_on and rng.random() < 0.8 else "",
                office.pk,
                2 if held_on else 1,
                planned_at,
                at(held_on, 16) if held_on else planned_at,
            )
        )
        other = staff[(staff.index(lead) + 1) % len(staff)]
        if other.pk != lead.pk:
            team_rows.add((visit_id, other.pk))
        visit_events.add((visit_id, office.pk, planned_at, "plan", "planned", "planned", ""))
        if not held_on:
            continue
        visit_events.add((visit_id, lead.pk, at(held_on, 16), "record", "planned", "held", ""))
        if assessment == "good":
            continue
        answerer = leaders.get(unit.pk)
        for n in range(1 if assessment == "fair" else 2):
            due_on = held_on + datetime.timedelta(days=rng.choice([30, 45, 60]))
            state = rng.choices(["open", "answered", "closed"], [4, 3, 3])[0]
            if index == 0:
                state = ["open", "answered"][n]
            if answerer is None:
                state = "open"
            overdue += state == "open"
            created = at(held_on, 17)
            answered_at = at(due_on - datetime.timedelta(days=rng.randint(1, 10)), 10)
            answered = state in ("answered", "closed")
            follow_id = follow_rows.add(
                (
                    visit_id,
                    unit.pk,
                    nfc(ACTIONS[(index + n) % len(ACTIONS)]),
                    due_on,
                    state,
                    nfc(RESPONSES[n % len(RESPONSES)]) if answered else "",
                    evidence_pdf if answered and n == 0 else "",
                    answered_at if answered else None,
                    answerer if answered else None,
                    {"open": 1, "answered": 2, "closed": 3}[state],
                    created,
                    answered_at if answered else created,
                )
            )
            follow_events.add((follow_id, lead.pk, created, "create", "open", "open", ""))
            if answered:
                follow_events.add(
                    (follow_id, answerer, answered_at, "answer", "open", "answered", "")
                )
            if state == "closed":
                follow_events.add(
                    (
                        follow_id,
                        lead.pk,
                        answered_at + datetime.timedelta(days=3),
                        "close",
                        "answered",
                        "closed",
                        "",
                    )
                )
    counts = [inserter.close() for inserter in ordered]
    return f"{counts[0]} visits, {counts[3]} follow-up actions ({overdue} overdue)"


def _seed_questions(ctx: DemoContext, leaders: dict[int, int]) -> str:
    office = ctx.accounts.get("thuongtruc")
    asker = ctx.accounts.get("thanhvien") or ctx.accounts.get("totruong")
    if office is None or asker is None:
        return "no questions (no accounts)"
    categories = dict(QuestionCategory.objects.values_list("code", "pk"))
    askers = [(ctx.grassroots[0].pk, asker.pk)] + [
        (u.pk, leaders[u.pk]) for u in ctx.grassroots[1:12] if u.pk in leaders
    ]
    questions = RowInserter(
        Question,
        [
            "unit_id",
            "category_id",
            "subject",
            "search_text",
            "status",
            "asked_by_id",
            "reopen_count",
            "first_answered_at",
            "waiting_since",
            "version",
            "created_at",
            "updated_at",
        ],
        ids=True,
    )
    messages = RowInserter(
        QuestionMessage, ["question_id", "side", "author_id", "text", "file", "created_at"]
    )
    events = RowInserter(
        QuestionEvent,
        [
            "question_id",
            "actor_id",
            "created_at",
            "transition",
            "from_state",
            "to_state",
            "comment",
        ],
    )
    published = RowInserter(
        PublishedAnswer,
        [
            "question_id",
            "category_id",
            "subject",
            "question_text",
            "answer_text",
            "published_by_id",
            "published_at",
            "search_text",
        ],
    )
    Q = QuestionStatus
    for n, (subject, category, text, answer, state, publish) in enumerate(QUESTIONS):
        unit_id, user_id = askers[n % len(askers)]
        asked = at(D(2013, 3, 4) + datetime.timedelta(days=9 * n), 8)
        first_answer = asked + datetime.timedelta(days=1 + n % 5, hours=3)
        steps: list[tuple[str, str, str, int, str, str]] = []  # name, from, to, actor, side, text
        if state in (Q.ANSWERED, Q.CLOSED, Q.REOPENED):
            steps.append(("answer", Q.OPEN, Q.ANSWERED, office.pk, Side.OFFICE, answer))
        if state == Q.REOPENED:
            steps.append(
                (
                    "reopen",
                    Q.ANSWERED,
                    Q.REOPENED,
                    user_id,
                    Side.UNIT,
                    "Đề nghị Thường trực nêu rõ văn bản áp dụng.",
                )
            )
        if state == Q.CLOSED:
            steps.append(("accept", Q.ANSWERED, Q.CLOSED, user_id, Side.UNIT, ""))
        if state == Q.WAITING_UNIT:
            steps.append(
                (
                    "ask_back",
                    Q.OPEN,
                    Q.WAITING_UNIT,
                    office.pk,
                    Side.OFFICE,
                    "Đề nghị đơn vị gửi kèm văn bản liên quan để Thường trực trả lời.",
                )
            )
        last = asked if not steps else first_answer + datetime.timedelta(days=len(steps) - 1)
        question_id = questions.add(
            (
                unit_id,
                categories[category],
                nfc(subject),
                fold(subject),
                state,
                user_id,
                int(state == Q.REOPENED),
                first_answer if steps and steps[0][0] == "answer" else None,
                last,
                1 + len(steps),
                asked,
                last,
            )
        )
        messages.add((question_id, Side.UNIT, user_id, nfc(text), "", asked))
        events.add((question_id, user_id, asked, "ask", "", Q.OPEN, ""))
        for i, (name, source, target, actor, side, body) in enumerate(steps):
            when = first_answer + datetime.timedelta(days=i)
            if body:
                messages.add((question_id, side, actor, nfc(body), "", when))
            events.add((question_id, actor, when, name, source, target, nfc(body)))
        if publish:
            when = first_answer + datetime.timedelta(days=len(steps) + 1)
            published.add(
                (
                    question_id,
                    categories[category],
                    nfc(subject),
                    nfc(text),
                    nfc(answer),
                    office.pk,
                    when,
                    fold(f"{subject} {text} {answer}"),
                )
            )
            events.add((question_id, office.pk, when, "publish", state, state, ""))
    counts = [inserter.close() for inserter in (questions, published, messages, events)]
    return f"{counts[0]} questions ({counts[1]} published)"

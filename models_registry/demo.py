"""Demo registrations in every state, with history and scores (called by seed_demo).

About 4–6 registrations per grassroots organisation over the campaign's last years (national
scale ≈ 150,000), some organisations not registered this year, every state present, each with
its full event history. Streamed as plain rows through ``units.bulk.RowInserter`` (ids allocated
there, no model instances): about half a minute of CPU at national scale on SQLite.
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal

from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus, Deadline, DeadlineExtension, DeadlineKind
from danvan.text import nfc
from units.bulk import RowInserter, folded
from units.demo import DemoContext, committee_of, person_name, sex_of

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
# Each demo name's field of work: a model about administrative reform is not filed under
# defence and security (issue 12.13). Exemplars and names not listed keep a drawn field.
FIELD_OF = {
    "Dân vận khéo trong cải cách thủ tục hành chính": "political_system",
    "Tiếp dân thân thiện, giải quyết đúng hẹn": "political_system",
    "Bữa cơm nghĩa tình cho bệnh nhân nghèo": "culture_society",
    "Ngày thứ Bảy tình nguyện": "culture_society",
    "Đảng viên đi đầu, cơ quan văn minh": "political_system",
    "Nuôi heo đất giúp đoàn viên khó khăn": "culture_society",
    "Số hóa hồ sơ, phục vụ người dân tận tình": "political_system",
    "Chi đoàn đồng hành cùng bản vùng cao": "culture_society",
    "Mái ấm công đoàn": "culture_society",
    "Cựu chiến binh gương mẫu giữ gìn trật tự khu dân cư": "defence_security",
    "Phụ nữ tiết kiệm vì người nghèo": "culture_society",
    "Tủ sách pháp luật cơ sở": "political_system",
    "Dân vận khéo trong thu ngân sách": "economy",
    "Hỗ trợ người cao tuổi làm thủ tục trực tuyến": "political_system",
    "Góc an sinh cơ quan": "culture_society",
    "Chung tay xây dựng nông thôn mới": "economy",
    "Nói không với rác thải nhựa": "culture_society",
    "Tuổi trẻ xung kích chuyển đổi số": "political_system",
}
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


@functools.cache
def _at(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    """An aware local time (cached: the demo uses a few hundred distinct days)."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour))  # noqa: DTZ001


REGISTRATION_COLUMNS = [
    "unit_id",
    "campaign_id",
    "year",
    "kind",
    "level",
    "primary_field_id",
    "continued_from_id",
    "replicated_from_id",
    "lead_organisation_id",
    "contact_name",
    "contact_position",
    "contact_phone",
    "name",
    "situation",
    "objectives",
    "content",
    "scope",
    "implementers",
    "budget_vnd",
    "budget_sources",
    "workdays",
    "means",
    "start_date",
    "evaluation_date",
    "expected_outputs",
    "sustainability",
    "committee_opinion",
    "committee_signer",
    "committee_signer_position",
    "person_name",
    "person_birth_year",
    "person_sex",
    "person_ethnicity",
    "person_position",
    "status",
    "is_late",
    "submitted_at",
    "decision_number",
    "decision_date",
    "final_score",
    "carried_over",
    "search_text",
    "created_by_id",
    "created_at",
    "updated_at",
]
# The same long texts on every demo registration (what varies is listed in REGISTRATION_COLUMNS).
FIXED = {
    "situation": "Người dân và doanh nghiệp còn phải đi lại nhiều lần khi làm thủ tục.",
    "objectives": "Nâng cao sự hài lòng của người dân; cán bộ gần dân, sát dân.",
    "content": "Phân công đảng viên phụ trách; tổ chức hướng dẫn trực tiếp và trực tuyến.",
    "scope": "Cán bộ, đảng viên cơ quan và người dân trên địa bàn.",
    "implementers": "Chi bộ lãnh đạo; Công đoàn, Đoàn Thanh niên phối hợp thực hiện.",
    "budget_sources": "Kinh phí cơ quan, xã hội hóa",
    "means": "Máy tính, tài liệu tuyên truyền",
    "expected_outputs": "Báo cáo kết quả; số liệu hài lòng của người dân.",
    "sustainability": "Duy trì hằng năm, nhân rộng sang các đơn vị trong Khối.",
    "committee_opinion": "Đồng ý đăng ký.",
}
ACHIEVED_STATES = {S.IN_PROGRESS, S.SELF_ASSESSED, S.UNDER_REVIEW, *SCORE_FOR}
KINDS = [Kind.MODEL, Kind.COLLECTIVE_EXEMPLAR, Kind.INDIVIDUAL_EXEMPLAR]
# The demo accounts' organisation shows each interesting step in the current year.
SHOWCASE = [S.DRAFT, S.RETURNED, S.SUBMITTED, S.ACCEPTED]
# Whatever the scale and the dice, every state appears: the organisations after the two demo
# ones get one more registration each, in these states (finished states in an earlier year).
EVERY_STATE = list(Status)
FINISHED = {S.RECOGNISED, S.OUTSTANDING, S.NOT_RECOGNISED}


def _plan(rng, unit_index: int, year: int, years: list[int]) -> list[tuple[int, str]]:
    """(year, status) of one organisation's registrations; ~12% not registered this year."""
    covering = 2 <= unit_index < 2 + len(EVERY_STATE)
    registered_now = unit_index < 2 or covering or rng.random() > 0.12
    plans = []
    for n in range(rng.randint(4, 6)):
        reg_year = years[-1] if n < 2 or len(years) == 1 else rng.choice(years)
        if reg_year == year and not registered_now:
            reg_year = years[0] if len(years) > 1 else year
            if reg_year == year:
                continue
        status = _pick(rng, CURRENT if reg_year == year else PAST)
        if reg_year == year and not registered_now:
            status = S.DRAFT
        plans.append((reg_year, status))
    if unit_index == 0:
        mine = iter(SHOWCASE)
        plans = [(y, next(mine, st) if y == year else st) for y, st in plans]
    if covering:
        status = EVERY_STATE[unit_index - 2]
        plans.append((years[0] if status in FINISHED else year, status))
    # Earlier years first: this year's rows may continue one of them.
    return sorted(plans, key=lambda plan: plan[0])


def registration_due_dates(campaign: Campaign) -> tuple[dict, dict]:
    """({year: due date}, {(year, unit id): extended due date}) of the campaign's registration
    deadlines, so that a demo registration is late exactly when the workflow would say so."""
    deadlines = Deadline.objects.current().filter(campaign=campaign, kind=DeadlineKind.REGISTRATION)
    due = {d.year: d.due_date for d in deadlines}
    extended = {
        (e.deadline.year, e.unit_id): e.due_date
        for e in DeadlineExtension.objects.filter(deadline__in=deadlines).select_related("deadline")
    }
    return due, extended


def score_items(criteria: list, score: Decimal) -> list[tuple[int, Decimal]]:
    """(criterion id, points) in proportion to each maximum, adding up to ``score`` exactly:
    rounding each item alone left sheets whose items did not add up to the total."""
    total_max = sum(c.max_points for c in criteria)
    share = score / total_max if total_max else 0
    points = [(Decimal(c.max_points) * share).quantize(Decimal("0.1")) for c in criteria]
    rest = score - sum(points)
    # The rounding rest goes to the criteria with the most room, within their maximum.
    for i in sorted(range(len(criteria)), key=lambda i: criteria[i].max_points - points[i]):
        if not rest:
            break
        room = Decimal(criteria[i].max_points) - points[i]
        step = min(rest, room) if rest > 0 else max(rest, -points[i])
        points[i] += step
        rest -= step
    return [(c.pk, p) for c, p in zip(criteria, points, strict=True)]


def seed(ctx: DemoContext) -> None:
    """Registrations streamed organisation by organisation as plain rows (ids allocated here),
    each with its targets, partners, full event history, comments and scores."""
    rng = ctx.rng
    campaign = _campaign(ctx)
    year = default_year(campaign)
    years = [y for y in (year - 2, year - 1, year) if y in campaign.years]
    fields = list(Field.objects.active().values_list("pk", flat=True))
    field_ids = dict(Field.objects.active().values_list("code", "pk"))
    due_dates, extended_due = registration_due_dates(campaign)
    orgs = list(Organisation.objects.active().values_list("pk", flat=True))
    rubric = Rubric.objects.for_campaign(campaign)
    criteria = list(Criterion.objects.filter(rubric=rubric)) if rubric else []
    reviewer = ctx.accounts.get("bancd")
    reviewer_id = reviewer.pk if reviewer else None
    leader = ctx.accounts.get("totruong")

    registrations = RowInserter(Registration, REGISTRATION_COLUMNS, ids=True)
    targets = RowInserter(
        Target, ["registration_id", "order", "name", "target_value", "measure", "achieved_value"]
    )
    partners = RowInserter(Partner, ["registration_id", "organisation_id", "role"])
    events = RowInserter(
        RegistrationEvent,
        ["registration_id", "actor_id", "transition", "from_state", "to_state", "comment"]
        + ["created_at"],
    )
    comments = RowInserter(
        Comment, ["registration_id", "author_id", "body", "internal", "created_at"]
    )
    scores = RowInserter(
        Score,
        ["registration_id", "rubric_id", "kind", "scorer_id", "total", "scored_at"],
        ids=True,
    )
    items = RowInserter(ScoreItem, ["score_id", "criterion_id", "points"])
    fixed = [FIXED.get(column) for column in REGISTRATION_COLUMNS]
    slot = {column: i for i, column in enumerate(REGISTRATION_COLUMNS)}
    # (id, unit id, name, field id) recognised in earlier years
    library: list[tuple[int, int, str, int | None]] = []
    by_status: dict[str, int] = {}

    for unit_index, unit in enumerate(ctx.grassroots):
        created_by = leader.pk if leader is not None and unit_index == 0 else None
        last_past: tuple[int, str, int | None] | None = None
        committee = committee_of(unit.name)
        for reg_year, status in _plan(rng, unit_index, year, years):
            kind = rng.choices(KINDS, [80, 10, 10])[0]
            name = rng.choice(NAMES)
            person = person_name(rng) if kind == Kind.INDIVIDUAL_EXEMPLAR else ""
            if kind == Kind.INDIVIDUAL_EXEMPLAR:
                name = f"Điển hình “Dân vận khéo”: đồng chí {person}"
            created = _at(reg_year, rng.randint(1, 3), rng.randint(1, 28))
            contact = person_name(rng)
            row = list(fixed)
            row[slot["unit_id"]] = unit.pk
            row[slot["campaign_id"]] = campaign.pk
            row[slot["year"]] = reg_year
            row[slot["kind"]] = kind
            row[slot["level"]] = Level.BLOC if rng.random() < 0.03 else Level.GRASSROOTS
            drawn_field = rng.choice(fields) if fields else None
            field_id = field_ids.get(FIELD_OF.get(name), drawn_field)
            row[slot["lead_organisation_id"]] = rng.choice(orgs) if orgs else None
            row[slot["contact_name"]] = contact
            row[slot["contact_position"]] = rng.choice(
                ["Bí thư Chi đoàn", "Chủ tịch Công đoàn", f"Phó Bí thư {committee}"]
            )
            row[slot["contact_phone"]] = f"09{rng.randint(10000000, 99999999)}"
            row[slot["budget_vnd"]] = rng.randrange(0, 60_000_000, 500_000)
            row[slot["workdays"]] = rng.randint(20, 400)
            row[slot["start_date"]] = created.date() + datetime.timedelta(days=15)
            row[slot["evaluation_date"]] = datetime.date(reg_year, 11, 30)
            row[slot["committee_signer"]] = person_name(rng)
            row[slot["committee_signer_position"]] = f"Bí thư {committee}"
            row[slot["person_name"]] = person
            row[slot["person_birth_year"]] = rng.randint(1965, 1998) if person else None
            if person:
                rng.choice(["male", "female"])  # the old draw, so later demo rows stay as they were
            row[slot["person_sex"]] = sex_of(person) if person else ""
            row[slot["person_ethnicity"]] = (
                rng.choice(["Kinh", "Tày", "Nùng", "Dao"]) if person else ""
            )
            row[slot["person_position"]] = "Chuyên viên" if person else ""
            row[slot["status"]] = status
            row[slot["created_at"]] = created
            row[slot["updated_at"]] = created + datetime.timedelta(days=rng.randint(1, 60))
            row[slot["created_by_id"]] = created_by
            row[slot["is_late"]] = False
            # When each step of the history happened: the first is the submission, and the
            # row's submitted_at and late mark follow from it (a late mark drawn at random
            # contradicted the dates).
            when = created
            stamps = []
            for _step in PATHS[status]:
                when = when + datetime.timedelta(days=rng.randint(2, 25))
                stamps.append(when)
            if stamps:
                due = extended_due.get((reg_year, unit.pk), due_dates.get(reg_year))
                row[slot["submitted_at"]] = stamps[0]
                row[slot["is_late"]] = due is not None and timezone.localdate(stamps[0]) > due
            row[slot["decision_number"]] = ""
            if status in (S.RECOGNISED, S.OUTSTANDING):
                row[slot["decision_number"]] = f"{rng.randint(10, 250)}-QĐ/BCĐ"
                row[slot["decision_date"]] = datetime.date(reg_year, 10, 15)
            score = None
            if status in SCORE_FOR:
                low, high = SCORE_FOR[status]
                score = Decimal(rng.randint(low * 2, high * 2)) / 2
            row[slot["final_score"]] = score
            row[slot["carried_over"]] = reg_year < year and status == S.IN_PROGRESS
            if reg_year == year:
                # Some continue last year's model, some replicate another unit's recognised one.
                roll = rng.random()
                if roll < 0.2 and last_past is not None:
                    row[slot["continued_from_id"]], name, field_id = last_past
                elif roll < 0.3 and library:
                    original_id, original_unit, original_name, original_field = rng.choice(library)
                    if original_unit != unit.pk:
                        row[slot["replicated_from_id"]], name = original_id, original_name
                        field_id = original_field
            row[slot["primary_field_id"]] = field_id
            name = nfc(name)
            row[slot["name"]] = name
            row[slot["search_text"]] = folded(name, person, contact, unit.name)
            pk = registrations.add(row)
            by_status[status] = by_status.get(status, 0) + 1
            if reg_year < year:
                if last_past is None:
                    last_past = (pk, name, field_id)
                if status in (S.RECOGNISED, S.OUTSTANDING):
                    library.append((pk, unit.pk, name, field_id))

            for order, (t_name, value, measure) in enumerate(
                rng.sample(TARGETS, rng.randint(1, 3))
            ):
                achieved = None
                if status in ACHIEVED_STATES:
                    achieved = Decimal(round(value * rng.uniform(0.5, 1.2), 0))
                targets.add((pk, order, t_name, Decimal(value), measure, achieved))
            if status in (S.RECOGNISED, S.OUTSTANDING) or rng.random() < 0.3:
                partners.add((pk, rng.choice(orgs), rng.choice(ROLES)))
            # "create" keeps the state, as registration_create records it.
            events.add((pk, created_by, "create", S.DRAFT, S.DRAFT, "", created))
            state = S.DRAFT
            when = created
            for (step, target), when in zip(PATHS[status], stamps, strict=True):
                actor = reviewer_id if step in REVIEWER_STEPS else created_by
                events.add((pk, actor, step, state, target, COMMENTS.get(step, ""), when))
                state = target
            if status == S.RETURNED and reviewer_id is not None:
                comments.add((pk, reviewer_id, COMMENTS["return"], False, when))
                comments.add(
                    (
                        pk,
                        reviewer_id,
                        "Ghi chú nội bộ: đơn vị đã được nhắc qua điện thoại.",
                        True,
                        when,
                    )
                )
            if score is not None and rubric is not None and reviewer_id is not None:
                score_id = scores.add((pk, rubric.pk, ScoreKind.REVIEWER, reviewer_id, score, when))
                for criterion_id, points in score_items(criteria, score):
                    items.add((score_id, criterion_id, points))

    counts = {
        table.model: table.close()
        for table in (registrations, targets, partners, events, comments, scores, items)
    }
    ctx.log.append(
        f"models_registry: {counts[Registration]} registrations ("
        + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items()))
        + f"), {counts[RegistrationEvent]} history entries, {counts[Score]} scores"
    )

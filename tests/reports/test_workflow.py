"""A report's life: start, save, submit (missing items listed, contradictions flagged, late
after the effective due date), return ⇄ resubmit, accept, with history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaigns.models import DeadlineExtension
from danvan.workflow import TransitionRefused
from reports.models import SECTIONS, ReportStatus
from reports.selectors import report_prefill
from reports.services import (
    report_save,
    report_start,
)
from reports.workflow import REPORT_WORKFLOW

from .factories import make_deadline

FULL = {name: f"Nội dung mục {name}" for name, _label in SECTIONS}


@pytest.fixture
def period(stats_fixture, tree):
    future = timezone.localdate() + datetime.timedelta(days=30)
    return make_deadline(stats_fixture.campaign, applies_to=tree.bloc, due=future)


@pytest.fixture
def report(period, tree, group_member):
    return report_start(unit=tree.base_a, deadline=period, by=group_member)


def test_prefill_equals_the_registrations(report, stats_fixture):
    prefill = report_prefill(report)
    total = prefill.table01.total.values
    assert (total["models"], total["collective"], total["individual"], total["total"]) == (
        4,
        1,
        1,
        6,
    )
    assert {f.name: f.computed for f in prefill.figures} == {
        "sessions_reported": 0,
        "participants_reported": 0,
        "propaganda_reported": 0,
    }


def test_submitting_an_incomplete_report_lists_exactly_what_is_missing(report, group_leader):
    report_save(report=report, by=group_leader, situation="Tình hình", leadership="Chỉ đạo")
    with pytest.raises(ValidationError) as error:
        REPORT_WORKFLOW.take(report, "submit", by=group_leader)
    assert error.value.messages == [
        "Mục “III. Kết quả trên các lĩnh vực” chưa có nội dung.",
        "Mục “IV. Đánh giá: ưu điểm, hạn chế, nguyên nhân, bài học kinh nghiệm” chưa có nội dung.",
        "Mục “V. Phương hướng, nhiệm vụ kỳ tới” chưa có nội dung.",
        "Mục “VI. Đề xuất, kiến nghị” chưa có nội dung.",
    ]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_figure_that_contradicts_the_records_needs_an_explanation(report, group_leader):
    report_save(report=report, by=group_leader, sessions_reported=5, **FULL)
    with pytest.raises(ValidationError) as error:
        REPORT_WORKFLOW.take(report, "submit", by=group_leader)
    assert len(error.value.messages) == 1
    assert "đồng chí báo cáo 5 nhưng hồ sơ ghi nhận 0" in error.value.messages[0]
    report_save(report=report, by=group_leader, figures_note="Hai buổi chưa nhập vào hệ thống.")
    sent = REPORT_WORKFLOW.take(report, "submit", by=group_leader)
    assert sent.status == ReportStatus.SUBMITTED
    assert sent.stats_snapshot["figures"]["sessions_reported"] == {"computed": 0, "reported": 5}


def test_member_cannot_submit_reviewer_returns_then_accepts(
    report, group_member, group_leader, reviewer
):
    report_save(report=report, by=group_member, **FULL)
    with pytest.raises(TransitionRefused):
        REPORT_WORKFLOW.take(report, "submit", by=group_member)  # members draft, leaders submit
    REPORT_WORKFLOW.take(report, "submit", by=group_leader)
    with pytest.raises(TransitionRefused):
        REPORT_WORKFLOW.take(report, "return", by=reviewer, comment="")  # a reason is required
    returned = REPORT_WORKFLOW.take(
        report, "return", by=reviewer, comment="Bổ sung số liệu mục III."
    )
    assert returned.status == ReportStatus.RETURNED
    report_save(report=returned, by=group_member, results_by_field="Đã bổ sung.")
    REPORT_WORKFLOW.take(returned, "resubmit", by=group_leader)
    accepted = REPORT_WORKFLOW.take(returned, "accept", by=reviewer)
    assert accepted.status == ReportStatus.ACCEPTED
    assert [(e.from_state, e.to_state) for e in accepted.events.all()] == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "resubmitted"),
        ("resubmitted", "accepted"),
    ]
    assert accepted.events.get(to_state="returned").comment == "Bổ sung số liệu mục III."
    with pytest.raises(ValidationError):
        report_save(report=accepted, by=group_member, proposals="Sửa sau khi tiếp nhận")


def test_late_after_the_due_date_unless_extended(
    tree, stats_fixture, group_leader, standing_office
):
    past = make_deadline(
        stats_fixture.campaign, applies_to=tree.bloc, due=datetime.date(2013, 6, 15)
    )
    late = report_start(unit=tree.base_a, deadline=past, by=group_leader)
    report_save(report=late, by=group_leader, **FULL)
    assert REPORT_WORKFLOW.take(late, "submit", by=group_leader).is_late

    DeadlineExtension.objects.create(
        deadline=past,
        unit=tree.base_b,
        due_date=timezone.localdate() + datetime.timedelta(days=3),
        reason="Cơ sở mới sáp nhập",
        granted_by=standing_office,
    )
    from tests.units.factories import person_with_role
    from units.models import Role

    leader_b = person_with_role(Role.GROUP_LEADER, tree.group_b, username="leader_b")
    extended = report_start(unit=tree.base_b, deadline=past, by=leader_b)
    report_save(report=extended, by=leader_b, **FULL)
    assert not REPORT_WORKFLOW.take(extended, "submit", by=leader_b).is_late


def test_another_units_member_cannot_start_or_edit(report, tree, period, other_leader):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        report_start(unit=tree.base_a, deadline=period, by=other_leader)
    with pytest.raises(PermissionDenied):
        report_save(report=report, by=other_leader, situation="x")

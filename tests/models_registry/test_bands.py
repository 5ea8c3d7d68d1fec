"""Recognition follows the score band of the campaign's rubric.

Decision (issue 4): the reviewers' average proposes the band — from ``outstanding_from``
(default 90) outstanding, from ``recognised_from`` (default 75) recognised, below not
recognised. A reviewer may decide otherwise (recognise below the threshold, or mark outstanding
below its threshold) only with a comment that justifies it; the comment stays in the history.
Without any reviewer score, neither step is possible.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from models_registry import services
from models_registry.models import Criterion, Rubric, Score, ScoreKind, Status
from models_registry.workflow import REGISTRATION_WORKFLOW

from .conftest import at_status

pytestmark = pytest.mark.django_db
DECISION = {"decision_number": "15-QĐ/BCĐ", "decision_date": datetime.date(2025, 10, 15)}


def scored(registration, reviewer, total):
    registration = at_status(registration, Status.UNDER_REVIEW)
    Score.objects.create(
        registration=registration,
        rubric=Rubric.objects.for_campaign(registration.campaign),
        kind=ScoreKind.REVIEWER,
        scorer=reviewer,
        total=Decimal(total),
    )
    registration.final_score = services.reviewer_average(registration)
    registration.save(update_fields=["final_score"])
    return registration


def recognise(registration, reviewer, **extra):
    return REGISTRATION_WORKFLOW.take(registration, "recognise", by=reviewer, **DECISION, **extra)


def test_recognised_band_recognises(draft, reviewer):
    done = recognise(scored(draft, reviewer, 82), reviewer)
    assert done.status == Status.RECOGNISED
    assert done.decision_number == "15-QĐ/BCĐ"


def test_below_the_threshold_is_refused_without_a_justification(draft, reviewer):
    registration = scored(draft, reviewer, 70)
    with pytest.raises(ValidationError) as error:
        recognise(registration, reviewer)
    assert error.value.messages == [
        "Điểm bình quân 70.0 thấp hơn mức 75 điểm cần đạt. Nếu vẫn quyết định như vậy, "
        "đồng chí hãy ghi rõ lý do trong ô nhận xét."
    ]
    registration.refresh_from_db()
    assert registration.status == Status.UNDER_REVIEW
    assert not registration.events.exists()


def test_below_the_threshold_with_a_justification_is_recognised_and_recorded(draft, reviewer):
    reason = "Mô hình mới, hiệu quả rõ tại địa bàn khó khăn"
    done = recognise(scored(draft, reviewer, 70), reviewer, comment=reason)
    assert done.status == Status.RECOGNISED
    assert done.events.get(transition="recognise").comment == reason


def test_no_recognition_before_any_reviewer_score(draft, reviewer):
    registration = at_status(draft, Status.UNDER_REVIEW)
    with pytest.raises(ValidationError, match="chấm điểm"):
        recognise(registration, reviewer, comment="Đủ điều kiện")
    assert Score.objects.count() == 0


def test_outstanding_band_recognises_and_marks_outstanding_in_one_go(draft, reviewer):
    done = recognise(scored(draft, reviewer, 93), reviewer, outstanding=True)
    assert done.status == Status.OUTSTANDING
    assert list(done.events.values_list("transition", flat=True)) == [
        "recognise",
        "mark_outstanding",
    ]


def test_outstanding_below_its_threshold_refuses_both_steps(draft, reviewer):
    registration = scored(draft, reviewer, 85)
    with pytest.raises(ValidationError, match="90 điểm"):
        recognise(registration, reviewer, outstanding=True)
    registration.refresh_from_db()
    assert registration.status == Status.UNDER_REVIEW
    assert registration.decision_number == ""
    assert not registration.events.exists()


def test_marking_outstanding_later_follows_the_same_rule(draft, reviewer):
    registration = recognise(scored(draft, reviewer, 85), reviewer)
    with pytest.raises(ValidationError):
        REGISTRATION_WORKFLOW.take(registration, "mark_outstanding", by=reviewer)
    done = REGISTRATION_WORKFLOW.take(
        registration, "mark_outstanding", by=reviewer, comment="Được nhân rộng ra 5 đơn vị"
    )
    assert done.status == Status.OUTSTANDING


def test_thresholds_come_from_the_campaigns_rubric(draft, reviewer):
    rubric = Rubric.objects.create(
        campaign=draft.campaign, name="Thang điểm 2025", recognised_from=80, outstanding_from=95
    )
    Criterion.objects.create(rubric=rubric, title="Kết quả", max_points=100)
    registration = scored(draft, reviewer, 78)
    with pytest.raises(ValidationError, match="80 điểm"):
        recognise(registration, reviewer)
    with pytest.raises(ValidationError, match="95 điểm"):
        REGISTRATION_WORKFLOW.take(
            recognise(registration, reviewer, comment="Ngoại lệ có lý do"),
            "mark_outstanding",
            by=reviewer,
        )


@pytest.mark.parametrize(
    ("total", "proposal", "checked"),
    [
        (93, "công nhận và xếp loại tiêu biểu", True),
        (82, "công nhận", False),
        (60, "không công nhận", False),
    ],
)
def test_page_proposes_the_band_from_the_score(draft, reviewer, login, total, proposal, checked):
    registration = scored(draft, reviewer, total)
    page = login(reviewer).get(reverse("models_registry:detail", args=[registration.pk]))
    html = page.content.decode()
    assert f"Đề xuất: <strong>{proposal}</strong>" in html
    box = re.search(r'<input[^>]*name="outstanding"[^>]*>', html).group()
    assert (" checked" in box) == checked
    assert "Nhận xét (bắt buộc nếu điểm bình quân dưới 75 điểm)" in html


def test_page_refusal_below_threshold_is_shown_and_nothing_changes(draft, reviewer, login):
    registration = scored(draft, reviewer, 70)
    client = login(reviewer)
    response = client.post(
        reverse("models_registry:transition", args=[registration.pk, "recognise"]),
        {"decision_number": "1-QĐ", "decision_date": "2025-10-15", "comment": ""},
        follow=True,
    )
    assert "thấp hơn mức 75 điểm" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.UNDER_REVIEW

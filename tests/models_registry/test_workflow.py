"""Every step of the registration workflow: allowed for its role only, from its states only."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from danvan.workflow import TransitionRefused
from models_registry import services
from models_registry.models import Registration, Rubric, Score, ScoreKind, Status
from models_registry.workflow import REGISTRATION_WORKFLOW
from notifications.models import EmailOutbox, Notification

from .conftest import at_status

pytestmark = pytest.mark.django_db
S = Status

# step, a state it starts from, the role allowed to take it, where it leads
CASES = [
    ("submit", S.DRAFT, "group_leader", S.SUBMITTED),
    ("resubmit", S.RETURNED, "group_leader", S.RESUBMITTED),
    ("return", S.SUBMITTED, "reviewer", S.RETURNED),
    ("return", S.RESUBMITTED, "reviewer", S.RETURNED),
    ("accept", S.SUBMITTED, "reviewer", S.ACCEPTED),
    ("accept", S.RESUBMITTED, "reviewer", S.ACCEPTED),
    ("start", S.ACCEPTED, "group_leader", S.IN_PROGRESS),
    ("self_assess", S.IN_PROGRESS, "group_leader", S.SELF_ASSESSED),
    ("begin_review", S.SELF_ASSESSED, "reviewer", S.UNDER_REVIEW),
    ("recognise", S.UNDER_REVIEW, "reviewer", S.RECOGNISED),
    ("not_recognise", S.UNDER_REVIEW, "reviewer", S.NOT_RECOGNISED),
    ("mark_outstanding", S.RECOGNISED, "reviewer", S.OUTSTANDING),
    ("withdraw", S.SUBMITTED, "group_leader", S.WITHDRAWN),
    ("withdraw", S.DRAFT, "group_leader", S.WITHDRAWN),
]
ROLES = ["group_member", "group_leader", "other_leader", "reviewer", "standing_office"]
DATA = {"decision_number": "15-QĐ/BCĐ", "decision_date": datetime.date(2025, 10, 15)}


def prepare(registration: Registration, step: str, reviewer_user) -> None:
    rubric = Rubric.objects.for_campaign(registration.campaign)
    if step == "self_assess":
        Score.objects.create(
            registration=registration,
            rubric=rubric,
            kind=ScoreKind.SELF,
            scorer=reviewer_user,
            total=Decimal(85),
        )
    if step in ("recognise", "mark_outstanding"):
        Score.objects.create(
            registration=registration,
            rubric=rubric,
            kind=ScoreKind.REVIEWER,
            scorer=reviewer_user,
            total=Decimal(82),
        )


def take(step, registration, user, comment="Cần bổ sung số liệu"):
    return REGISTRATION_WORKFLOW.take(registration, step, by=user, comment=comment, **DATA)


@pytest.mark.parametrize(("step", "source", "allowed_role", "target"), CASES)
@pytest.mark.parametrize("role", ROLES)
def test_each_step_is_allowed_for_its_role_only(
    request, draft, step, source, allowed_role, target, role
):
    user = request.getfixturevalue(role)
    registration = at_status(draft, source)
    prepare(registration, step, request.getfixturevalue("reviewer"))
    allowed = role == allowed_role or (allowed_role == "reviewer" and role == "standing_office")
    offered = [t.name for t in REGISTRATION_WORKFLOW.available(registration, user)]
    assert (step in offered) == allowed
    if allowed:
        done = take(step, registration, user)
        assert done.status == target
        event = done.events.get(transition=step)
        assert (event.actor, event.from_state, event.to_state) == (user, source, target)
    else:
        with pytest.raises(TransitionRefused):
            take(step, registration, user)
        registration.refresh_from_db()
        assert registration.status == source
        assert not registration.events.exists()


# What the person reads on the page (the UI is Vietnamese first).
STEP_VI = {
    "submit": "Gửi đăng ký",
    "resubmit": "Gửi lại",
    "return": "Trả lại để bổ sung",
    "accept": "Tiếp nhận",
    "start": "Bắt đầu triển khai",
    "self_assess": "Gửi tự đánh giá",
    "begin_review": "Bắt đầu thẩm định",
    "recognise": "Công nhận",
    "not_recognise": "Không công nhận",
    "mark_outstanding": "Công nhận tiêu biểu",
    "withdraw": "Rút đăng ký",
}
STATE_VI = {S.OUTSTANDING: "Tiêu biểu", S.WITHDRAWN: "Đã rút", S.DRAFT: "Bản nháp"}


@pytest.mark.parametrize(("step", "source", "allowed_role", "target"), CASES)
def test_no_step_from_a_state_it_does_not_start_from(
    request, draft, step, source, allowed_role, target
):
    user = request.getfixturevalue(allowed_role)
    step_def = REGISTRATION_WORKFLOW.get(step)
    wrong = next(s for s in [S.OUTSTANDING, S.WITHDRAWN, S.DRAFT] if s not in step_def.sources)
    registration = at_status(draft, wrong)
    with pytest.raises(TransitionRefused) as refusal:
        take(step, registration, user)
    assert refusal.value.message == (
        f"Không thể “{STEP_VI[step]}” khi đăng ký đang ở trạng thái “{STATE_VI[wrong]}”."
    )


def test_a_step_refused_for_the_role_says_so_in_vietnamese(submitted, group_member):
    with pytest.raises(TransitionRefused) as refusal:
        REGISTRATION_WORKFLOW.take(submitted, "accept", by=group_member)
    assert refusal.value.message == "Vai trò của đồng chí không được “Tiếp nhận”."


def test_reason_is_required_to_return(submitted, reviewer):
    with pytest.raises(TransitionRefused) as refusal:
        REGISTRATION_WORKFLOW.take(submitted, "return", by=reviewer, comment="  ")
    assert refusal.value.message == "Đồng chí hãy ghi rõ lý do khi “Trả lại để bổ sung”."
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_incomplete_draft_cannot_be_submitted(tree, campaign, group_leader):
    from django.core.exceptions import ValidationError

    from .factories import make_registration

    registration = make_registration(tree.base_a, campaign, complete=False)
    with pytest.raises(ValidationError) as error:
        REGISTRATION_WORKFLOW.take(registration, "submit", by=group_leader)
    assert any("chỉ tiêu" in m for m in error.value.messages)
    registration.refresh_from_db()
    assert registration.status == S.DRAFT


def test_the_unit_is_told_when_returned_accepted_recognised(
    draft, group_member, group_leader, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        REGISTRATION_WORKFLOW.take(draft, "submit", by=group_leader)
        REGISTRATION_WORKFLOW.take(draft, "return", by=reviewer, comment="Thiếu chỉ tiêu")
    note = Notification.objects.get(recipient=group_member, kind="registration_returned")
    assert "Thiếu chỉ tiêu" in note.body
    assert EmailOutbox.objects.filter(recipient=group_leader, kind="registration_returned").exists()
    REGISTRATION_WORKFLOW.take(draft, "resubmit", by=group_leader)
    REGISTRATION_WORKFLOW.take(draft, "accept", by=reviewer)
    assert Notification.objects.filter(
        recipient=group_member, kind="registration_accepted"
    ).exists()
    registration = at_status(draft, S.UNDER_REVIEW)
    prepare(registration, "recognise", reviewer)
    take("recognise", registration, reviewer)
    assert Notification.objects.filter(
        recipient=group_leader, kind="registration_recognised"
    ).exists()
    assert not Notification.objects.filter(recipient=reviewer).exists()


def test_page_offers_only_the_users_steps_and_server_refuses_others(
    draft, group_member, group_leader, login
):
    url = reverse("models_registry:detail", args=[draft.pk])
    member_page = login(group_member).get(url).content.decode()
    assert 'data-step="submit"' not in member_page
    response = login(group_member).post(
        reverse("models_registry:transition", args=[draft.pk, "submit"])
    )
    assert response.status_code == 403
    assert "không được" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    leader_page = login(group_leader).get(url).content.decode()
    assert 'data-step="submit"' in leader_page
    response = login(group_leader).post(
        reverse("models_registry:transition", args=[draft.pk, "submit"])
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_carried_over_mark_is_recorded(submitted, reviewer, group_leader):
    services.registration_mark_carried_over(registration=submitted, by=reviewer)
    submitted.refresh_from_db()
    assert submitted.carried_over
    assert submitted.events.filter(transition="carried_over").exists()
    with pytest.raises(TransitionRefused):
        services.registration_mark_carried_over(registration=submitted, by=group_leader)


def test_returned_registration_shows_the_reason_at_the_top(
    submitted, reviewer, group_member, login
):
    REGISTRATION_WORKFLOW.take(
        submitted, "return", by=reviewer, comment="Bổ sung ý kiến của cấp ủy"
    )
    html = login(group_member).get(submitted.get_absolute_url()).content.decode()
    reason = html[html.index('id="return-reason"') :]
    assert "trả lại để bổ sung ngày" in reason
    assert "Bổ sung ý kiến của cấp ủy" in reason
    assert html.index('id="return-reason"') < html.index('id="content-h"')

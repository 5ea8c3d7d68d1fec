"""Planning and recording visits: who may, what is refused, what the unit is told."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import EmailOutbox, Notification
from support.models import Visit, VisitStatus
from tests.support.factories import fake_pdf, pdf, plan_visit

pytestmark = pytest.mark.django_db


def test_reviewer_plans_a_visit_and_the_unit_is_told(
    tree, reviewer, standing_office, group_member, login
):
    client = login(reviewer)
    response = client.post(
        reverse("support:visit_plan"),
        {
            "unit": tree.base_a.pk,
            "kind": "support",
            "planned_on": "2013-05-10",
            "lead": reviewer.pk,
            "team": [standing_office.pk],
            "focus": ["steering_group", "registrations"],
            "purpose": "Hỗ trợ đăng ký mô hình",
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert visit.status == VisitStatus.PLANNED
    assert list(visit.team.all()) == [standing_office]
    assert visit.focus_labels() == ["Tổ chỉ đạo được thành lập", "Đăng ký mô hình, điển hình"]
    assert visit.events.get().transition == "plan"
    assert Notification.objects.filter(recipient=group_member).count() == 1
    assert EmailOutbox.objects.filter(recipient=group_member).exists()
    page = login(group_member).get(visit.get_absolute_url()).content.decode()
    assert "Hỗ trợ đăng ký mô hình" in page


def test_reviewer_cannot_plan_for_another_bloc(tree, reviewer, login):
    response = login(reviewer).post(
        reverse("support:visit_plan"),
        {
            "unit": tree.base_c.pk,
            "kind": "support",
            "planned_on": "2013-05-10",
            "lead": reviewer.pk,
        },
    )
    assert response.status_code == 400
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Visit.objects.exists()


def test_record_the_visit_with_minutes(tree, reviewer, group_member, login):
    visit = plan_visit(tree.base_a, reviewer)
    client = login(reviewer)
    response = client.post(
        reverse("support:visit_record", args=[visit.pk]),
        {
            "held_on": "2013-05-11",
            "findings": "Đã ban hành quy chế; tiến độ mô hình chậm.",
            "assessment": "needs_improvement",
            "minutes": pdf(),
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.HELD
    assert visit.held_on == datetime.date(2013, 5, 11)
    assert [e.transition for e in visit.events.all()] == ["plan", "record"]
    told = Notification.objects.get(recipient=group_member, kind="support_visit_held")
    assert told.title == "Kết quả kiểm tra ngày 11/05/2013: Cần cố gắng"
    minutes = login(group_member).get(reverse("support:visit_minutes", args=[visit.pk]))
    assert minutes.status_code == 200
    assert b"".join(minutes.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"held_on": "31/02/2013"}, "Nhập một ngày hợp lệ"),
        ({"held_on": "FUTURE"}, "Chuyến làm việc không thể diễn ra trong tương lai."),
        ({"findings": ""}, "Trường này là bắt buộc"),
        ({"minutes": "FAKE"}, "Loại tệp này không được chấp nhận"),
        ({"held_on": "2012-01-01"}, "Ngày này cách quá xa ngày dự kiến; đề nghị kiểm tra lại."),
    ],
)
def test_bad_input_saves_nothing(tree, reviewer, login, data, message):
    visit = plan_visit(tree.base_a, reviewer)
    post = {
        "held_on": "2013-05-11",
        "findings": "Kết quả",
        "assessment": "good",
        **data,
    }
    if post["held_on"] == "FUTURE":
        post["held_on"] = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    if post.get("minutes") == "FAKE":
        post["minutes"] = fake_pdf()
    response = login(reviewer).post(reverse("support:visit_record", args=[visit.pk]), post)
    assert response.status_code == 400
    assert message in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED
    assert not visit.minutes
    assert visit.events.count() == 1


def test_cancel_needs_a_reason_and_a_reviewer(tree, reviewer, group_leader, login):
    visit = plan_visit(tree.base_a, reviewer)
    assert (
        login(group_leader).post(reverse("support:visit_cancel", args=[visit.pk])).status_code
        == 403
    )
    refused = login(reviewer).post(
        reverse("support:visit_cancel", args=[visit.pk]), {"comment": ""}
    )
    assert refused.status_code == 400  # the page again, the reason asked for on the box
    assert "Đề nghị nêu lý do" in refused.content.decode()
    done = login(reviewer).post(
        reverse("support:visit_cancel", args=[visit.pk]), {"comment": "Đơn vị đề nghị lùi lịch"}
    )
    assert done.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    again = login(reviewer).post(
        reverse("support:visit_record", args=[visit.pk]),
        {"held_on": "2013-05-11", "findings": "x", "assessment": "good"},
    )
    assert again.status_code == 403
    assert "không thực hiện được khi trạng thái là" in again.content.decode()


def test_unit_people_cannot_record(tree, reviewer, group_leader, login):
    visit = plan_visit(tree.base_a, reviewer)
    response = login(group_leader).post(
        reverse("support:visit_record", args=[visit.pk]),
        {"held_on": "2013-05-11", "findings": "x", "assessment": "good"},
    )
    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_board_links_to_one_units_visits(tree, reviewer, login):
    plan_visit(tree.base_a, reviewer)
    plan_visit(tree.base_b, reviewer)
    client = login(reviewer)
    page = client.get(reverse("support:visits"), {"unit": tree.base_b.pk})
    assert [v.unit for v in page.context["page"].object_list] == [tree.base_b]
    other_bloc = client.get(reverse("support:visits"), {"unit": tree.base_c.pk})
    assert list(other_bloc.context["page"].object_list) == []
    form = client.get(reverse("support:visit_plan"), {"unit": tree.base_b.pk})
    assert form.context["form"]["unit"].value() == str(tree.base_b.pk)

"""Progress updates on the page: per target the value achieved, a note and evidence; bars on the
detail page show progress against each target, with the numbers in text."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from models_registry.models import Attachment, ProgressUpdate, Status, Target

from .conftest import at_status
from .factories import make_registration

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def accepted(draft):
    Target.objects.create(
        registration=draft, order=1, name="Lớp tập huấn", target_value=20, measure="lớp"
    )
    return at_status(draft, Status.IN_PROGRESS)


def post(client, registration, **data):
    base = {"happened_on": "2025-06-01", "text": "Tổ chức 3 buổi tiếp dân lưu động."}
    base.update(data)
    return client.post(reverse("models_registry:progress_add", args=[registration.pk]), base)


def test_member_records_achieved_values_with_note_and_evidence(accepted, group_member, login):
    first, second = accepted.targets.order_by("order")
    response = post(
        login(group_member),
        accepted,
        **{
            f"achieved_{first.pk}": "60",
            f"note_{first.pk}": "Theo sổ theo dõi quý II",
            f"evidence_{first.pk}": SimpleUploadedFile("so-theo-doi.pdf", PDF),
            f"achieved_{second.pk}": "",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.achieved_value, second.achieved_value) == (Decimal(60), None)
    update = ProgressUpdate.objects.get()
    assert update.values == [
        {
            "target": first.pk,
            "name": "Hồ sơ giải quyết đúng hạn",
            "value": "60",
            "target_value": "100.00",
            "measure": "%",
            "note": "Theo sổ theo dõi quý II",
        }
    ]
    evidence = Attachment.objects.get()
    assert (evidence.progress, evidence.kind, evidence.title) == (
        update,
        "evidence",
        "Hồ sơ giải quyết đúng hạn",
    )


def test_detail_page_shows_progress_against_targets_in_text_and_bar(accepted, group_member, login):
    first, second = accepted.targets.order_by("order")
    Target.objects.filter(pk=first.pk).update(achieved_value=60)
    Target.objects.filter(pk=second.pk).update(achieved_value=24)
    html = login(group_member).get(accepted.get_absolute_url()).content.decode()
    assert "60 / 100 % (60%)" in html
    assert "24 / 20 lớp (120%) – đạt chỉ tiêu" in html
    assert '<rect width="60" height="10"' in html
    assert '<rect width="100" height="10" rx="2" fill="#146c43"' in html  # capped at 100
    assert 'aria-hidden="true"' in html  # the bar is decoration; the text carries the values


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"achieved": "-1"}, "lớn hơn hoặc bằng"),
        ({"achieved": "abc"}, "Đồng chí hãy ghi một số, ví dụ 8,5"),
        ({"happened_on": "2999-01-01"}, "tương lai"),
        ({"text": ""}, "bắt buộc"),
        (
            {"evidence": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00binary")},
            "không được chấp nhận",
        ),
    ],
)
def test_bad_input_is_shown_on_the_form_and_nothing_is_saved(
    accepted, group_member, login, changes, message
):
    first = accepted.targets.order_by("order").first()
    data = {f"achieved_{first.pk}": changes.pop("achieved", "70")}
    if "evidence" in changes:
        data[f"evidence_{first.pk}"] = changes.pop("evidence")
    data.update(changes)
    response = post(login(group_member), accepted, **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Chưa lưu được" in html
    assert message in html
    assert "data-error-summary" in html
    first.refresh_from_db()
    assert first.achieved_value is None
    assert not ProgressUpdate.objects.exists()
    assert not Attachment.objects.exists()


def test_no_progress_form_before_acceptance_and_server_refuses(draft, group_member, login):
    client = login(group_member)
    assert 'id="progress-form"' not in client.get(draft.get_absolute_url()).content.decode()
    response = post(client, draft)
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_another_units_registration_is_404(tree, campaign, group_member, login):
    other = at_status(make_registration(tree.base_b, campaign), Status.IN_PROGRESS)
    target = other.targets.get()
    response = post(login(group_member), other, **{f"achieved_{target.pk}": "5"})
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.achieved_value is None


def test_a_target_id_of_another_registration_is_ignored(
    tree, campaign, accepted, group_member, login
):
    foreign = make_registration(tree.base_a, campaign).targets.get()
    post(login(group_member), accepted, **{f"achieved_{foreign.pk}": "99"})
    foreign.refresh_from_db()
    assert foreign.achieved_value is None


def test_reviewer_sees_progress_but_no_form(accepted, reviewer, login):
    html = login(reviewer).get(accepted.get_absolute_url()).content.decode()
    assert "Tiến độ so với chỉ tiêu" in html
    assert 'id="progress-form"' not in html


def test_progress_history_lists_the_values_reported(accepted, group_member, login):
    first = accepted.targets.order_by("order").first()
    client = login(group_member)
    post(client, accepted, **{f"achieved_{first.pk}": "40"})
    post(
        client,
        accepted,
        happened_on=datetime.date(2025, 7, 1).isoformat(),
        **{f"achieved_{first.pk}": "75"},
    )
    html = client.get(accepted.get_absolute_url()).content.decode()
    assert "Hồ sơ giải quyết đúng hạn: 40 / 100 %" in html
    assert "Hồ sơ giải quyết đúng hạn: 75 / 100 %" in html

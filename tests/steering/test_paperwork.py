"""A steering group's members record the founding decision and versioned working regulations;
bad input is refused in Vietnamese and nothing is saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from steering.models import FoundingDecision, WorkingRegulation
from tests.campaigns.factories import big_pdf_upload, exe_as_pdf, pdf_upload
from tests.steering.factories import WorkingRegulationFactory

pytestmark = pytest.mark.django_db


def test_member_records_then_updates_the_founding_decision(tree, group_member, login):
    client = login(group_member)
    url = reverse("steering:decision_edit", args=[tree.base_a.pk])
    response = client.post(
        url,
        {
            "number": "15-QĐ/ĐU",
            "decided_on": "05/03/2013",
            "signed_by": "Nguyễn Văn Bình",
            "file": pdf_upload("qd-thanh-lap.pdf"),
        },
    )
    assert response.status_code == 302
    decision = FoundingDecision.objects.get(unit=tree.base_a)
    assert decision.number == "15-QĐ/ĐU"
    assert decision.file.name.startswith("private/steering/decisions/")
    stored = decision.file.name
    # Correcting the number keeps the stored file when no new file is sent.
    client.post(url, {"number": "15-QĐ/ĐU (bổ sung)", "decided_on": "05/03/2013"})
    decision.refresh_from_db()
    assert decision.number == "15-QĐ/ĐU (bổ sung)"
    assert decision.file.name == stored
    page = client.get(reverse("steering:unit", args=[tree.base_a.pk])).content.decode()
    assert "15-QĐ/ĐU (bổ sung)" in page
    assert "05/03/2013" in page


def test_founding_decision_in_the_future_is_refused(tree, group_member, login):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = login(group_member).post(
        reverse("steering:decision_edit", args=[tree.base_a.pk]),
        {"number": "15-QĐ/ĐU", "decided_on": tomorrow.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 400
    assert "Ngày không được ở tương lai" in response.content.decode()
    assert not FoundingDecision.objects.exists()


def test_oversized_or_disguised_files_are_refused_and_nothing_saved(
    tree, group_member, login, settings
):
    settings.DANVAN_MAX_UPLOAD_BYTES = 1024 * 1024
    client = login(group_member)
    url = reverse("steering:decision_edit", args=[tree.base_a.pk])
    too_big = client.post(
        url,
        {"number": "15-QĐ/ĐU", "decided_on": "05/03/2013", "file": big_pdf_upload(2 * 1024 * 1024)},
    )
    assert too_big.status_code == 400
    assert "giới hạn là 1 MB" in too_big.content.decode()
    disguised = client.post(
        reverse("steering:regulation_add", args=[tree.base_a.pk]),
        {"adopted_on": "12/03/2013", "file": exe_as_pdf("quy-che.pdf")},
    )
    assert disguised.status_code == 400
    assert "Loại tệp này không được chấp nhận" in disguised.content.decode()
    assert not FoundingDecision.objects.exists()
    assert not WorkingRegulation.objects.exists()
    assert not list(settings.MEDIA_ROOT.rglob("*.pdf")) if settings.MEDIA_ROOT.exists() else True


def test_regulations_get_successive_versions(tree, group_member, login):
    client = login(group_member)
    url = reverse("steering:regulation_add", args=[tree.base_a.pk])
    client.post(
        url,
        {"adopted_on": "12/03/2013", "decision_number": "16-QĐ/ĐU", "file": pdf_upload("qc.pdf")},
    )
    client.post(url, {"adopted_on": "10/01/2015", "note": "Bổ sung chế độ báo cáo"})
    versions = list(
        WorkingRegulation.objects.filter(unit=tree.base_a).values_list("version", "adopted_on")
    )
    assert versions == [(2, datetime.date(2015, 1, 10)), (1, datetime.date(2013, 3, 12))]


def test_a_new_version_cannot_predate_the_previous_one(tree, group_member, login):
    WorkingRegulationFactory(unit=tree.base_a, version=1, adopted_on=datetime.date(2013, 3, 12))
    response = login(group_member).post(
        reverse("steering:regulation_add", args=[tree.base_a.pk]), {"adopted_on": "01/01/2013"}
    )
    assert response.status_code == 400
    assert (
        "Phiên bản mới không thể ban hành trước phiên bản 1 (12/03/2013)"
        in response.content.decode()
    )
    assert WorkingRegulation.objects.count() == 1


def test_members_are_shown_from_the_unit_memberships(tree, group_member, group_leader, login):
    page = login(group_member).get(reverse("steering:unit", args=[tree.base_a.pk])).content.decode()
    assert group_leader.full_name in page
    assert group_member.full_name in page


def test_reviewer_sees_but_cannot_edit(tree, reviewer, login):
    client = login(reviewer)
    assert client.get(reverse("steering:unit", args=[tree.base_a.pk])).status_code == 200
    response = client.post(
        reverse("steering:decision_edit", args=[tree.base_a.pk]),
        {"number": "15-QĐ/ĐU", "decided_on": "05/03/2013"},
    )
    assert response.status_code == 403
    assert not FoundingDecision.objects.exists()

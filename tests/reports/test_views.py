"""Pages and files, scoped: another unit's report, PDF, job or export answers 404."""

import pytest
from django.urls import reverse

from reports.models import JobStatus, PeriodicReport, RenderJob
from reports.services import render_job_request

from .factories import make_deadline


@pytest.fixture
def period(stats_fixture, tree):
    return make_deadline(stats_fixture.campaign, applies_to=tree.province)


@pytest.fixture
def report_a(period, tree):
    return PeriodicReport.objects.create(unit=tree.base_a, deadline=period, situation="Tình hình")


def test_member_starts_and_edits_the_report_of_their_unit(period, tree, group_member, login):
    client = login(group_member)
    page = client.get(reverse("reports:index"))
    assert "Bắt đầu báo cáo" in page.content.decode()
    response = client.post(
        reverse("reports:start"), {"period": period.pk, "unit_id": tree.base_a.pk}
    )
    report = PeriodicReport.objects.get(unit=tree.base_a, deadline=period)
    assert response.url == reverse("reports:edit", args=[report.pk])
    edit = client.get(response.url)
    assert "Theo hồ sơ: 0" in edit.content.decode()  # the computed value beside the figure
    saved = client.post(
        response.url, {"situation": "Tình hình <b>chung</b>", "sessions_reported": "abc"}
    )
    assert saved.status_code == 200  # bad number: the form again, nothing saved
    report.refresh_from_db()
    assert report.situation == ""


def test_submitting_incomplete_from_the_page_lists_what_is_missing(report_a, group_leader, login):
    client = login(group_leader)
    response = client.post(reverse("reports:transition", args=[report_a.pk, "submit"]), follow=True)
    text = response.content.decode()
    assert "Chưa thể gửi báo cáo" in text
    assert "Mục “VI. Đề xuất, kiến nghị” chưa có nội dung." in text


@pytest.mark.parametrize("name", ["reports:detail", "reports:edit", "reports:pdf"])
def test_another_units_report_is_404(report_a, other_leader, login, name):
    assert login(other_leader).get(reverse(name, args=[report_a.pk])).status_code == 404


def test_another_units_transition_is_404(report_a, other_leader, login):
    url = reverse("reports:transition", args=[report_a.pk, "submit"])
    assert login(other_leader).post(url).status_code == 404


def test_the_unit_report_pdf_for_the_own_unit(report_a, group_member, login):
    response = login(group_member).get(reverse("reports:pdf", args=[report_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_members_cannot_see_boards(group_member, login, period):
    client = login(group_member)
    assert client.get(reverse("reports:board")).status_code == 403
    assert client.get(reverse("reports:summary")).status_code == 403


def test_a_reviewer_cannot_aggregate_another_bloc(period, tree, reviewer, login):
    client = login(reviewer)
    for name in ("reports:board", "reports:summary"):
        url = reverse(name)
        assert client.get(url, {"period": period.pk, "unit": tree.bloc2.pk}).status_code == 404
        assert (
            client.get(
                url, {"period": period.pk, "unit": tree.bloc.pk, "format": "xlsx"}
            ).status_code
            == 200
        )


def test_bloc_summary_renders_in_a_task_and_is_downloaded(
    period, tree, reviewer, login, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login(reviewer)
    url = reverse("reports:summary")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"period": period.pk, "unit": tree.bloc.pk})
    assert response.status_code == 302
    job = RenderJob.objects.get()
    assert job.status == JobStatus.DONE
    assert job.progress == 100
    status = client.get(reverse("reports:job_status", args=[job.pk])).content.decode()
    assert reverse("reports:job_download", args=[job.pk]) in status
    assert "hx-get" not in status  # no more polling once ready
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_another_blocs_reviewer_cannot_download_the_job(
    period, tree, reviewer, login, tmp_path, settings
):
    from tests.units.factories import person_with_role
    from units.models import Role

    settings.MEDIA_ROOT = tmp_path
    job = render_job_request(root=tree.bloc, deadline=period, by=reviewer)
    stranger = person_with_role(Role.REVIEWER, tree.bloc2, username="bancd_khac")
    client = login(stranger)
    assert client.get(reverse("reports:job_status", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


def test_pending_job_polls(period, tree, reviewer, login):
    job = RenderJob.objects.create(root=tree.bloc, deadline=period, requested_by=reviewer)
    html = login(reviewer).get(reverse("reports:job_status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html

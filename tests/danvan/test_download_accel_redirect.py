"""Behind nginx, a download Django has allowed is sent by nginx (X-Accel-Redirect); access is
still checked by the view first."""

from pathlib import Path

import pytest
from django.urls import reverse

from danvan.uploads import serve_file
from tests.campaigns.factories import pdf_upload
from tests.steering.factories import FoundingDecisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind_nginx(settings):
    settings.DANVAN_X_ACCEL_REDIRECT_PREFIX = "/protected/"


@pytest.fixture
def decision(tree):
    return FoundingDecisionFactory(unit=tree.base_a, file=pdf_upload("qd.pdf"))


def test_an_allowed_download_is_handed_to_nginx(group_member, login, decision, behind_nginx):
    response = login(group_member).get(reverse("steering:decision_file", args=[decision.pk]))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{decision.file.name}"
    assert response.content == b""  # nginx sends the bytes
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_another_units_file_is_still_a_404_without_the_header(
    other_leader, login, decision, behind_nginx
):
    response = login(other_leader).get(reverse("steering:decision_file", args=[decision.pk]))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_the_vietnamese_download_name_is_kept(decision, behind_nginx):
    response = serve_file(decision.file, download_name="Quyết định thành lập.pdf")
    assert "filename*=utf-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh" in response["Content-Disposition"]


def test_a_missing_file_is_the_file_missing_page_not_an_nginx_404(
    group_member, login, decision, behind_nginx, settings
):
    (Path(settings.MEDIA_ROOT) / decision.file.name).unlink()
    response = login(group_member).get(reverse("steering:decision_file", args=[decision.pk]))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response
    assert "Tệp này không còn" in response.content.decode()


def test_without_the_setting_django_streams_the_file(group_member, login, decision):
    response = login(group_member).get(reverse("steering:decision_file", args=[decision.pk]))
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

"""Error pages: Vietnamese, in the site's layout, and rendered without the database.

A database outage answers 503 with Retry-After (``danvan.errors.server_error``), an oversized
request a Vietnamese 400 rather than Django's bare English "Bad Request (400)".
"""

import pytest
from django.db import OperationalError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from danvan.errors import server_error

ERROR_PAGES = {
    "400.html": "Không xử lý được yêu cầu",
    "403.html": "không có quyền",
    "404.html": "không tồn tại",
    "500.html": "Hệ thống gặp sự cố",
    "503.html": "Hệ thống tạm thời gián đoạn",
}


@pytest.mark.parametrize(("template", "text"), ERROR_PAGES.items())
def test_each_error_page_is_vietnamese_in_the_site_layout_without_a_database(
    template, text, django_db_blocker
):
    with django_db_blocker.block(), translation.override("vi"):
        html = render_to_string(template)
    assert text.lower() in html.lower()
    assert 'class="navbar-brand' in html  # the site's header
    assert "Ban Chỉ đạo" in html  # the site's footer


def test_a_database_outage_answers_503_with_retry_after():
    request = RequestFactory().get("/")
    with translation.override("vi"):
        try:
            raise OperationalError("connection to server failed")
        except OperationalError:
            response = server_error(request)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "Hệ thống tạm thời gián đoạn" in response.content.decode()


def test_any_other_error_stays_a_500():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500


@pytest.mark.django_db
def test_a_request_with_too_many_fields_gets_the_vietnamese_400_page(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post(reverse("login"), {f"field{n}": "x" for n in range(20)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không xử lý được yêu cầu" in html
    assert "Bad Request" not in html


@pytest.mark.django_db
def test_an_oversized_request_gets_the_vietnamese_400_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(reverse("login"), {"username": "x" * 5000})
    assert response.status_code == 400
    assert "Không xử lý được yêu cầu" in response.content.decode()

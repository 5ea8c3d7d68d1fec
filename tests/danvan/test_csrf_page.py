"""A form refused by the CSRF check (a page left open past its session) explains itself in
Vietnamese in the site's layout, instead of Django's English "CSRF verification failed"."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_expired_login_form_gets_the_vietnamese_page():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("login"), {"username": "bancd", "password": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu này đã hết hạn" in html
    assert "tải lại trang" in html
    assert "CSRF verification failed" not in html
    assert 'lang="vi"' in html

"""Login lockout (django-axes): per account and per address, on the site and in the admin."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.units.factories import UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "Đăng nhập sai quá nhiều lần"


WRONG_PASSWORD = "sai-mat-khau"


def attempt(client, username, password=WRONG_PASSWORD, address="203.0.113.7", url=None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, reviewer, caplog):
    for _ in range(30):
        attempt(client, "bancd")
    with caplog.at_level(logging.INFO, logger="danvan.security"):
        response = attempt(client, "bancd", password="danvan2013")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert "Vui lòng thử lại sau" in page
    assert "_auth_user_id" not in client.session
    locked = [r for r in caplog.records if getattr(r, "event", "") == "login_locked_out"]
    assert locked
    assert locked[0].username == "bancd"
    assert locked[0].address == "203.0.113.7"
    assert locked[0].at


def test_the_account_is_locked_from_another_address_too(client, reviewer):
    for number in range(5):
        attempt(client, "bancd", address=f"198.51.100.{number}")
    response = attempt(client, "bancd", password="danvan2013", address="192.0.2.99")
    assert response.status_code == 429


def test_username_and_email_count_against_the_same_account(client, reviewer):
    for login_name in ["bancd", "BANCD", "bancd@example.vn", "Bancd@Example.vn", "bancd"]:
        attempt(client, login_name, address="198.51.100.1")
    response = attempt(client, "bancd@example.vn", password="danvan2013", address="192.0.2.5")
    assert response.status_code == 429


def test_one_address_trying_many_accounts_is_locked(client, tree):
    for number in range(5):
        attempt(client, f"guess{number}")
    real = UserFactory(username="thanhvien2")
    response = attempt(client, real.username, password="danvan2013")
    assert response.status_code == 429


def test_a_few_mistakes_are_forgiven_by_a_correct_login(client, reviewer):
    for _ in range(4):
        attempt(client, "bancd")
    response = attempt(client, "bancd", password="danvan2013")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="bancd").exists()


def test_the_lock_ends_after_the_cool_off(client, reviewer, settings):
    for _ in range(5):
        attempt(client, "bancd")
    assert attempt(client, "bancd", password="danvan2013").status_code == 429
    later = AccessAttempt.objects.all()
    for row in later:
        row.attempt_time -= settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
        row.save(update_fields=["attempt_time"])
    assert attempt(client, "bancd", password="danvan2013").status_code == 302


def test_admin_login_is_locked_too(client, admin_user):
    admin_login = reverse("admin:login")
    for _ in range(5):
        attempt(client, "admin", url=admin_login)
    response = attempt(client, "admin", password="danvan2013", url=admin_login)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_failed_logins_are_logged_with_user_address_and_time(client, reviewer, caplog):
    with caplog.at_level(logging.INFO, logger="danvan.security"):
        attempt(client, "BanCD", address="198.51.100.20")
    failed = [r for r in caplog.records if getattr(r, "event", "") == "login_failed"]
    assert len(failed) == 1
    assert (failed[0].username, failed[0].address) == ("bancd", "198.51.100.20")
    assert failed[0].at


def test_behind_the_proxy_each_client_address_counts_on_its_own(client, reviewer, settings):
    settings.DANVAN_TRUSTED_PROXIES = 1
    for number in range(5):
        client.post(
            reverse("login"),
            {"username": f"guess{number}", "password": WRONG_PASSWORD},
            REMOTE_ADDR="10.0.0.2",  # nginx
            HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.66",  # a forged entry, then nginx's
        )
    other_client = Client().post(
        reverse("login"),
        {"username": "bancd", "password": "danvan2013"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.77",
    )
    assert other_client.status_code == 302
    locked = Client().post(
        reverse("login"),
        {"username": "bancd", "password": "danvan2013"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.66",
    )
    assert locked.status_code == 429

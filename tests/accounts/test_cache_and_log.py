"""Answers to a logged-in person are never cached; refused pages are logged."""

import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_and_downloads_for_a_logged_in_person_are_private_and_not_stored(login, reviewer):
    client = login(reviewer)
    page = client.get(reverse("home"))
    export = client.get(reverse("steering:board"), {"format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    for response in (page, export):
        assert response["Cache-Control"] == "private, no-store"


def test_public_pages_and_static_files_keep_their_caching(client, tree):
    assert "Cache-Control" not in client.get(reverse("password_reset_done"))
    assert "no-store" not in client.get("/static/css/danvan.css").get("Cache-Control", "")


def test_refused_pages_are_logged_with_user_address_and_time(login, group_member, caplog):
    client = login(group_member)
    with caplog.at_level(logging.INFO, logger="danvan.security"):
        assert client.get(reverse("steering:board")).status_code == 403
        assert client.get("/units/999999/").status_code == 404
    denied = [r for r in caplog.records if getattr(r, "event", "") == "access_denied"]
    assert [(r.status, r.username) for r in denied] == [(403, "thanhvien"), (404, "thanhvien")]
    assert all(r.address == "127.0.0.1" and r.at and r.path for r in denied)


def test_logins_are_logged(client, group_member, caplog):
    with caplog.at_level(logging.INFO, logger="danvan.security"):
        client.post(reverse("login"), {"username": "thanhvien", "password": "danvan2013"})
    assert [r.username for r in caplog.records if getattr(r, "event", "") == "login"] == [
        "thanhvien"
    ]

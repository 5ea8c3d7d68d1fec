"""Sessions: a new key on login, logout and deactivation end them, idle and absolute limits."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts import sessions
from tests.accounts.helpers import login_verified

pytestmark = pytest.mark.django_db


def test_login_gives_a_new_session_key(client, group_member):
    client.get(reverse("login"))
    client.cookies["sessionid"] = "attacker-chosen"
    session = client.session
    session["x"] = 1
    session.save()
    before = session.session_key
    client.post(reverse("login"), {"username": "thanhvien", "password": "danvan2013"})
    assert client.session.session_key != before


def test_logout_ends_the_session(client, group_member):
    client.post(reverse("login"), {"username": "thanhvien", "password": "danvan2013"})
    key = client.session.session_key
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    stolen = Client()
    stolen.cookies["sessionid"] = key
    assert stolen.get(reverse("home")).status_code == 302


def test_deactivating_a_person_ends_all_their_sessions(group_member, reviewer, admin_user):
    phone, laptop, other = Client(), Client(), Client()
    login_verified(phone, group_member)
    login_verified(laptop, group_member)
    login_verified(other, reviewer)
    admin = login_verified(Client(), admin_user)
    form = admin.get(reverse("admin:units_user_change", args=[group_member.pk]))
    assert form.status_code == 200
    group_member.is_active = False
    group_member.save()
    assert phone.get(reverse("home")).status_code == 302
    assert laptop.get(reverse("home")).status_code == 302
    assert other.get(reverse("home")).status_code == 200
    remaining = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(group_member.pk) not in remaining


def age(client, *, idle_minutes: float = 0, since_login_hours: float = 0):
    session = client.session
    now = time.time()
    session[sessions.SEEN_AT] = int(now - idle_minutes * 60)
    session[sessions.LOGIN_AT] = int(now - since_login_hours * 3600)
    session.save()


def test_staff_are_logged_out_after_the_idle_timeout(login, reviewer, settings):
    settings.DANVAN_STAFF_IDLE_TIMEOUT_MINUTES = 30
    client = login(reviewer)
    age(client, idle_minutes=29)
    assert client.get(reverse("home")).status_code == 200
    age(client, idle_minutes=31)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_members_may_stay_idle_longer(login, group_member, settings):
    settings.DANVAN_STAFF_IDLE_TIMEOUT_MINUTES = 30
    settings.DANVAN_MEMBER_IDLE_TIMEOUT_MINUTES = 240
    client = login(group_member)
    age(client, idle_minutes=120)
    assert client.get(reverse("home")).status_code == 200
    age(client, idle_minutes=241)
    assert client.get(reverse("home")).status_code == 302


def test_nobody_stays_logged_in_beyond_the_absolute_lifetime(login, group_member, settings):
    settings.DANVAN_SESSION_MAX_AGE_HOURS = 12
    client = login(group_member)
    age(client, since_login_hours=11)
    assert client.get(reverse("home")).status_code == 200
    age(client, since_login_hours=13)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    follow = client.get(response.url)
    assert "Phiên làm việc đã kết thúc" in follow.content.decode()


def test_activity_keeps_the_session_alive(login, reviewer, settings):
    settings.DANVAN_STAFF_IDLE_TIMEOUT_MINUTES = 30
    settings.DANVAN_SESSION_SEEN_RESOLUTION_SECONDS = 60
    client = login(reviewer)
    age(client, idle_minutes=20)
    client.get(reverse("home"))
    assert time.time() - client.session[sessions.SEEN_AT] < 5

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


def _signed_in(*people):
    clients = [login_verified(Client(), person) for person in people]
    for client in clients:
        assert client.get(reverse("home")).status_code == 200
    return clients


def _signed_out(client) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_bulk_update_deactivating_people_ends_their_sessions(
    group_member, group_leader, reviewer
):
    member, leader, other = _signed_in(group_member, group_leader, reviewer)
    User = type(group_member)
    User.objects.filter(pk__in=[group_member.pk, group_leader.pk]).update(is_active=False)
    assert _signed_out(member)
    assert _signed_out(leader)
    assert not _signed_out(other)
    remaining = {s.get_decoded().get("_auth_user_id") for s in Session.objects.all()}
    assert not remaining & {str(group_member.pk), str(group_leader.pk)}


def test_bulk_update_of_is_active_ends_sessions(group_member, group_leader):
    member, leader = _signed_in(group_member, group_leader)
    group_member.is_active = False
    type(group_member).objects.bulk_update([group_member, group_leader], ["is_active"])
    assert _signed_out(member)
    assert not _signed_out(leader)  # still active: keeps the session


def test_the_admin_action_deactivates_people_and_ends_their_sessions(
    group_member, group_leader, admin_user
):
    member, leader = _signed_in(group_member, group_leader)
    admin = login_verified(Client(), admin_user)
    response = admin.post(
        reverse("admin:units_user_changelist"),
        {
            "action": "deactivate_people",
            "_selected_action": [group_member.pk, group_leader.pk, admin_user.pk],
        },
    )
    assert response.status_code == 302
    assert _signed_out(member)
    assert _signed_out(leader)
    group_member.refresh_from_db()
    admin_user.refresh_from_db()
    assert not group_member.is_active
    assert admin_user.is_active  # one's own account is not deactivated by the action
    assert admin.get(reverse("admin:index")).status_code == 200
    last = group_member.history.first()
    assert last.history_user == admin_user  # recorded in the history
    assert not last.is_active

"""Session lifetime: when a session started and was last used, and ending a person's sessions."""

from __future__ import annotations

import time
from collections.abc import Iterable
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

LOGIN_AT = "danvan_login_at"
SEEN_AT = "danvan_seen_at"
# Whether the person had a second factor when the session began, so that a member's pages do not
# ask the database on every request; updated when they enrol or turn it off.
ENROLLED = "danvan_second_factor_enrolled"


def stamp_login(session: SessionBase) -> None:
    now = int(time.time())
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


def idle_timeout_seconds(*, staff: bool) -> int:
    minutes = (
        settings.DANVAN_STAFF_IDLE_TIMEOUT_MINUTES
        if staff
        else settings.DANVAN_MEMBER_IDLE_TIMEOUT_MINUTES
    )
    return minutes * 60


def expired(session: SessionBase, *, staff: bool, now: float | None = None) -> str:
    """Why this session must end now ("idle", "lifetime"), or "" when it may go on.

    A session from before these stamps existed counts from now.
    """
    now = int(now if now is not None else time.time())
    login_at = session.setdefault(LOGIN_AT, now)
    seen_at = session.setdefault(SEEN_AT, now)
    if now - login_at > settings.DANVAN_SESSION_MAX_AGE_HOURS * 3600:
        return "lifetime"
    if now - seen_at > idle_timeout_seconds(staff=staff):
        return "idle"
    # The last-seen stamp is rewritten at most this often, not on every request (one write less).
    if now - seen_at >= settings.DANVAN_SESSION_SEEN_RESOLUTION_SECONDS:
        session[SEEN_AT] = now
    return ""


def end_sessions_of(user: Any) -> int:
    """Delete every stored session of ``user``; returns how many."""
    return end_sessions_of_people([user.pk])


def end_sessions_of_people(pks: Iterable[Any]) -> int:
    """Delete every stored session of the people with these primary keys; returns how many.

    Sessions are not indexed by person, so this reads the unexpired ones (database-backed
    engines): deactivation is rare and the table holds one row per open session. Each is deleted
    through the configured engine, so a cached copy goes too.
    """
    from django.contrib.sessions.models import Session

    keys = {str(pk) for pk in pks}
    if not keys:
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") in keys
    ]
    for session_key in ended:
        store(session_key).delete()
    return len(ended)

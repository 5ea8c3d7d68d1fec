"""django-axes hooks: which account an attempt counts against, and the lockout page."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .security_log import log_event


def attempted_login(request: HttpRequest | None, credentials: dict | None = None) -> str:
    """The account an attempt names, the same whether typed as username or e-mail, in any case.

    Login accepts the username or the e-mail address (``accounts.auth_backends``): both must count
    against one account, or an attacker would get twice the attempts.
    """
    typed = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if typed is None and request is not None:
        typed = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    login = str(typed or "").strip().lower()[:254]
    if not login:
        return ""
    found = (
        get_user_model()
        ._default_manager.filter(Q(username__iexact=login) | Q(email__iexact=login))
        .order_by("pk")
        .values_list("username", flat=True)
        .first()
    )
    return (found or login).lower()


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The Vietnamese "too many attempts" page (429), saying when to try again."""
    # Every attempt during a lockout restarts the wait (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_
    # LOCKOUT), so the wait ends one cool-off after this attempt.
    retry_at = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    log_event(
        "login_locked_out",
        request=request,
        username=attempted_login(request, credentials),
        level=logging.WARNING,
        retry_at=retry_at.isoformat(),
    )
    response = render(
        request,
        "accounts/locked_out.html",
        {"retry_at": retry_at, "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
        status=429,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def client_ip(request: HttpRequest) -> str:
    """The client's address: the direct peer, or the one our trusted proxies saw.

    With ``DANVAN_TRUSTED_PROXIES = n`` the n-th address from the right of X-Forwarded-For is
    taken (each trusted proxy appends the address it received from), never the left-most one,
    which the client writes itself.
    """
    trusted = settings.DANVAN_TRUSTED_PROXIES
    if trusted > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR", "")

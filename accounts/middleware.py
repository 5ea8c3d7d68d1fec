"""One middleware for what every request of a logged-in person must pass.

- the session's idle timeout and absolute lifetime (``accounts.sessions``);
- the second factor: a person who needs one (or enrolled one) reaches no page, the admin
  included, until the session is verified; only the enrol/verify pages, logout and the language
  switch stay open;
- ``Cache-Control: private, no-store`` on every answer to a logged-in person (pages and
  downloads), so no shared or browser cache keeps a copy after logout;
- refused pages (403/404) a logged-in person meets are logged to ``danvan.security``.

It sits after django-otp's ``OTPMiddleware`` (which gives ``request.user.is_verified()``).
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.middleware import OTPMiddleware

from danvan.page_cache import cached_device

from . import second_factor, sessions
from .security_log import log_event

# Views an unverified person may still reach (view names as resolved).
SECOND_FACTOR_OPEN = {
    "accounts:second_factor_enrol",
    "accounts:second_factor_verify",
    "logout",
    "set_language",
}


class CachedOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, with the session's device read from the cache until the device
    is written (``danvan.page_cache.cached_device``): a verified staff page costs no device
    query."""

    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        return cached_device(
            persistent_id,
            lambda: super(CachedOTPMiddleware, self)._device_from_persistent_id(persistent_id),
        )


class AccountSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
            if response.status_code in (403, 404):
                log_event(
                    "access_denied",
                    request=request,
                    user=user,
                    level=logging.WARNING,
                    status=response.status_code,
                )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        required = second_factor.second_factor_required(user)
        reason = sessions.expired(request.session, staff=required)
        if reason:
            log_event("session_expired", request=request, user=user, reason=reason)
            logout(request)
            messages.info(request, _("Your session has ended. Please log in again."))
            return _leave(request, redirect_to_login(request.get_full_path()).url)
        if user.is_verified() or request.resolver_match.view_name in SECOND_FACTOR_OPEN:
            return None
        enrolled = request.session.get(sessions.ENROLLED)
        if enrolled is None:
            enrolled = request.session[sessions.ENROLLED] = second_factor.has_second_factor(user)
        if enrolled:
            target = "accounts:second_factor_verify"
        elif required:
            target = "accounts:second_factor_enrol"
        else:
            return None
        return _leave(request, f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def _leave(request, url: str) -> HttpResponse:
    """Send the browser to ``url``; an HTMX request is told to load it as a whole page, or the
    login or code page would be swapped into a fragment."""
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)

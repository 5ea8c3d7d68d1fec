"""Second-factor pages (enrol, verify, manage) and the rationed password reset."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import reset, second_factor, sessions
from .forms import CodeForm
from .security_log import log_event

BACKUP_CODES_KEY = "danvan_new_backup_codes"
# The secret being enrolled, until its first code is typed (then it becomes a saved device).
PENDING_KEY = "danvan_pending_totp_key"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _with_next(view_name: str, request: HttpRequest) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': _next_url(request)})}"


def _verified(request: HttpRequest, device) -> None:
    otp_login(request, device)
    # A new session key once the second factor is in, as on login.
    request.session.cycle_key()
    log_event("second_factor_verified", request=request, user=request.user)


def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: QR code and typed secret, confirmed by a first code."""
    user = request.user
    if second_factor.has_second_factor(user):
        if user.is_verified():
            return redirect("accounts:second_factor")
        return redirect(_with_next("accounts:second_factor_verify", request))
    key = request.session.get(PENDING_KEY)
    if not key:
        key = request.session[PENDING_KEY] = second_factor.new_secret()
    device = second_factor.pending_app_device(user, key)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        step = second_factor.code_matches(device, form.cleaned_data["code"])
        if step is not None:
            codes = second_factor.confirm_app_device(device, used_step=step)
            del request.session[PENDING_KEY]
            _verified(request, device)
            request.session[sessions.ENROLLED] = True
            request.session[BACKUP_CODES_KEY] = codes
            log_event("second_factor_enrolled", request=request, user=user)
            return redirect(_with_next("accounts:second_factor_backup_codes", request))
        form.add_error(
            "code",
            _("This code is not right. Check the time on your phone and type the newest code."),
        )
        log_event("second_factor_failed", request=request, user=user, level=logging.WARNING)
    context = {
        "form": form,
        "qr_svg": second_factor.qr_svg(device),
        "secret": second_factor.secret_for_typing(device),
        "next": _next_url(request),
        "required": second_factor.second_factor_required(user),
    }
    return render(request, "accounts/second_factor_enrol.html", context)


def verify(request: HttpRequest) -> HttpResponse:
    """The code asked on each login of a person with a second factor."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not second_factor.has_second_factor(user):
        # The device was removed meanwhile (admin): enrol again if the role requires it.
        request.session[sessions.ENROLLED] = False
        if not second_factor.second_factor_required(user):
            return redirect(_next_url(request))
        return redirect(_with_next("accounts:second_factor_enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.throttled(user):
            # Not even tried: after a wrong code django-otp makes the next one wait.
            form.add_error(
                "code", _("Wait a few seconds after a wrong code, then type the newest code.")
            )
        else:
            device = second_factor.verify_code(user, form.cleaned_data["code"])
            if device is not None:
                _verified(request, device)
                return redirect(_next_url(request))
            form.add_error("code", _("This code is not right. Type the newest code from your app."))
        log_event("second_factor_failed", request=request, user=user, level=logging.WARNING)
    return render(
        request, "accounts/second_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


def manage(request: HttpRequest) -> HttpResponse:
    """The person's second factor: on or off, and new backup codes."""
    user = request.user
    context = {
        "enrolled": second_factor.has_second_factor(user),
        "required": second_factor.second_factor_required(user),
    }
    return render(request, "accounts/second_factor.html", context)


@require_POST
def new_backup_codes(request: HttpRequest) -> HttpResponse:
    if not (second_factor.has_second_factor(request.user) and request.user.is_verified()):
        return redirect("accounts:second_factor")
    request.session[BACKUP_CODES_KEY] = second_factor.new_backup_codes(request.user)
    log_event("backup_codes_renewed", request=request, user=request.user)
    return redirect("accounts:second_factor_backup_codes")


def backup_codes(request: HttpRequest) -> HttpResponse:
    """The new backup codes, shown once."""
    codes = request.session.pop(BACKUP_CODES_KEY, None)
    if not codes:
        return redirect("accounts:second_factor")
    return render(
        request, "accounts/backup_codes.html", {"codes": codes, "next": _next_url(request)}
    )


@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    """A member who opted in may turn the second factor off again; staff may not."""
    user = request.user
    if second_factor.second_factor_required(user):
        messages.error(request, _("Your role requires a second factor: it cannot be turned off."))
    elif second_factor.has_second_factor(user):
        second_factor.remove_second_factor(user)
        request.session[sessions.ENROLLED] = False
        log_event("second_factor_removed", request=request, user=user)
        messages.success(request, _("Two-step login is turned off."))
    return redirect("accounts:second_factor")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, rationed per address and per e-mail address (accounts.reset)."""

    def post(self, request, *args, **kwargs):
        if not reset.address_allowed(request):
            return render(request, "accounts/reset_throttled.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not reset.email_allowed(self.request, form.cleaned_data["email"]):
            # Same answer as a sent e-mail: the page never tells whether an account exists.
            return redirect(self.get_success_url())
        return super().form_valid(form)

"""Small view helpers every app shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import add_service_errors
from .workflow import TransitionRefused


def refused(
    request: HttpRequest, message: str, *, back_url: str, back_label: str, status: int = 403
) -> HttpResponse:
    """A refused step or page (``TransitionRefused``, a closed period…) with its reason and a
    way back to the app's own list."""
    context = {"message": message, "back_url": back_url, "back_label": back_label}
    return render(request, "refused.html", context, status=status)


def run_service(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[], Any],
    *,
    success: str,
    refuse: Callable[[HttpRequest, str], HttpResponse],
    to: Any = None,
) -> HttpResponse | None:
    """Run a service for a valid form, the way every form page answers.

    Its ``ValidationError`` lands on the form's fields and None is returned (the caller shows
    the form again, nothing saved); a ``TransitionRefused`` answers through ``refuse`` (the
    app's "not allowed" page); success flashes ``success`` and redirects to ``to``, or to what
    the service returned.
    """
    try:
        result = call()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    except TransitionRefused as refusal:
        return refuse(request, refusal.message)
    messages.success(request, success)
    return redirect(to if to is not None else result)

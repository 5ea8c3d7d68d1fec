"""Small view helpers every app shares."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def refused(
    request: HttpRequest, message: str, *, back_url: str, back_label: str, status: int = 403
) -> HttpResponse:
    """A refused step or page (``TransitionRefused``, a closed period…) with its reason and a
    way back to the app's own list."""
    context = {"message": message, "back_url": back_url, "back_label": back_label}
    return render(request, "refused.html", context, status=status)

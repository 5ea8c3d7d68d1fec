"""The ``danvan.security`` logger: logins, failures, lockouts and refused pages.

Each record says what happened in its message and carries the facts as ``extra`` fields
(``event``, ``username``, ``user_id``, ``address``, ``path``, ``at``), so a JSON formatter can
emit them as fields and a plain console still reads as a sentence.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

logger = logging.getLogger("danvan.security")


def client_address(request: HttpRequest | None) -> str:
    """The address the request came from, as django-axes counts it."""
    if request is None:
        return ""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or ""


def log_event(
    event: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    level: int = logging.INFO,
    **fields: Any,
) -> None:
    if user is not None and getattr(user, "is_authenticated", False):
        username = username or user.get_username()
        fields["user_id"] = user.pk
    address = client_address(request)
    path = request.path if request is not None else ""
    extra = {
        "event": event,
        "username": username,
        "address": address,
        "path": path,
        "at": timezone.now().isoformat(),
        **fields,
    }
    details = " ".join(f"{key}={value}" for key, value in fields.items())
    logger.log(
        level,
        "%s user=%s address=%s path=%s %s",
        event,
        username or "-",
        address or "-",
        path or "-",
        details,
        extra=extra,
    )

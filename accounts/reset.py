"""Password-reset requests are rationed: per address and per e-mail address, in the cache.

Over the address limit the page says so (429) and sends nothing; over the e-mail limit it
answers as usual and sends nothing, so the page never reveals whether an account exists.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from .security_log import client_address, log_event


def _count(kind: str, value: str) -> int:
    """Count one more request for ``value`` within the window; returns the new count."""
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    key = f"danvan:reset:{kind}:{digest}"
    window = settings.DANVAN_RESET_WINDOW_MINUTES * 60
    cache.add(key, 0, timeout=window)  # the window starts with the first request
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def address_allowed(request) -> bool:
    address = client_address(request)
    allowed = _count("address", address) <= settings.DANVAN_RESET_LIMIT_PER_ADDRESS
    if not allowed:
        log_event("password_reset_throttled", request=request, level=logging.WARNING, by="address")
    return allowed


def email_allowed(request, email: str) -> bool:
    allowed = _count("email", email.strip().lower()) <= settings.DANVAN_RESET_LIMIT_PER_EMAIL
    if not allowed:
        log_event(
            "password_reset_throttled",
            request=request,
            username=email.strip().lower(),
            level=logging.WARNING,
            by="email",
        )
    return allowed

"""Write notifications; delivery happens in Celery after the surrounding transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import EmailOutbox, Notification


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str,
    email: bool = True,
    email_template: str = "notifications/email/generic",
    context: dict | None = None,
) -> int:
    """Tell each recipient in-app and (optionally) by e-mail. Returns how many were new.

    ``dedupe_key`` identifies the event (e.g. ``"registration:42:returned:7"``); it is combined
    with the recipient, so calling twice for the same event creates nothing new. Call it inside
    the transaction that makes the change: the rows commit or roll back with it.
    """
    created = 0
    for user in recipients:
        key = f"{dedupe_key}:u{user.pk}"
        try:
            with transaction.atomic():
                Notification.objects.create(
                    recipient=user, kind=kind, title=title, body=body, url=url, dedupe_key=key
                )
        except IntegrityError:
            continue
        created += 1
        if email:
            with translation.override("vi"):
                ctx = {
                    "user": user,
                    "title": title,
                    "body": body,
                    "url": url,
                    "site_base_url": settings.SITE_BASE_URL,
                    **(context or {}),
                }
                text = render_to_string(f"{email_template}.txt", ctx)
                html = render_to_string(f"{email_template}.html", ctx)
            EmailOutbox.objects.create(
                recipient=user,
                to_address=user.email or "",
                kind=kind,
                subject=title,
                body_text=text,
                body_html=html,
                dedupe_key=key,
            )
    if created and email:
        from .tasks import deliver_outbox

        transaction.on_commit(_enqueue(deliver_outbox))
    return created


def _enqueue(task):
    def send():
        # The broker may be down: the rows are committed and beat's sweep will deliver them.
        try:
            task.delay()
        except Exception:  # noqa: BLE001 - any broker error must not break the request
            import logging

            logging.getLogger(__name__).warning("Broker unavailable; outbox left for the sweep")

    return send

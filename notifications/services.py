"""Write notifications; delivery happens in Celery after the surrounding transaction commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from danvan.text import one_line

from .bulk import insert_ignoring_existing
from .models import EmailOutbox, Notification, OutboxStatus
from .queue import fan_out


def email_subject(title: str) -> str:
    """The one place a notification's title becomes an e-mail subject: one line (a CR/LF would
    make the mail library refuse the header, and the e-mail would be lost), at most the column's
    255 characters."""
    return one_line(title)[:255]


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
    emails = 0
    title = email_subject(title)
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
                recipient_name=user.get_full_name(),
                to_address=user.email or "",
                kind=kind,
                subject=title,
                body_text=text,
                body_html=html,
                dedupe_key=key,
            )
            emails += 1
    if emails:
        fan_out(pending=emails)
    return created


@dataclass
class Message:
    """One message to one recipient, for ``messages_write`` (large fan-outs).

    ``recipient_id`` may be None for an address that belongs to a unit, not a person (then there
    is no in-app copy). The e-mail body is rendered by the worker from ``template`` + ``context``
    (see ``delivery.render_batch``: once per distinct context, the name substituted per person).
    """

    dedupe_key: str
    kind: str
    title: str
    recipient_id: int | None = None
    to_address: str = ""
    recipient_name: str = ""
    body: str = ""
    url: str = ""
    in_app: bool = True
    email: bool = True
    template: str = "notifications/email/generic"
    context: dict = field(default_factory=dict)


NOTIFICATION_FIELDS = ("recipient_id", "kind", "title", "body", "url", "dedupe_key", "created_at")
OUTBOX_FIELDS = (
    "recipient_id",
    "recipient_name",
    "to_address",
    "kind",
    "subject",
    "body_text",
    "body_html",
    "template",
    "context",
    "dedupe_key",
    "status",
    "attempts",
    "last_error",
    "created_at",
)


def messages_write(*, messages: Sequence[Message]) -> int:
    """Write in-app rows and outbox rows in bulk, skipping keys that already exist.

    Call inside the caller's transaction; delivery is enqueued on commit. One INSERT per table
    (``notifications.bulk``), whatever the number of messages. Returns how many e-mails were
    queued (existing keys count as already queued, not new).
    """
    now = timezone.now()
    messages = [replace(m, title=email_subject(m.title)) for m in messages]
    insert_ignoring_existing(
        Notification,
        NOTIFICATION_FIELDS,
        [
            (m.recipient_id, m.kind, m.title, m.body, m.url, m.dedupe_key, now)
            for m in messages
            if m.in_app and m.recipient_id is not None
        ],
    )
    outbox = [
        (
            m.recipient_id,
            m.recipient_name,
            m.to_address,
            m.kind,
            m.title,
            "",
            "",
            m.template,
            {"title": m.title, "body": m.body, "url": m.url, **m.context},
            m.dedupe_key,
            OutboxStatus.PENDING.value,
            0,
            "",
            now,
        )
        for m in messages
        if m.email
    ]
    insert_ignoring_existing(EmailOutbox, OUTBOX_FIELDS, outbox)
    fan_out(pending=len(outbox))
    return len(outbox)


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def notifications_mark_all_read(*, user: Any) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


@transaction.atomic
def outbox_resend(*, email: EmailOutbox) -> bool:
    """Send a failed or skipped e-mail again (a person decided to); same ``Message-ID``."""
    updated = EmailOutbox.objects.filter(
        pk=email.pk,
        status__in=[OutboxStatus.FAILED, OutboxStatus.SKIPPED],
    ).update(
        status=OutboxStatus.PENDING,
        next_attempt_at=timezone.now(),
        claim_key=None,
        attempts=0,
    )
    if updated:
        fan_out(pending=1)
    return bool(updated)

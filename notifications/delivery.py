"""Hand outbox e-mails to the mail server: each row at most once, none forgotten.

The outbox row carries its own state machine; every transition is a conditional UPDATE, so two
workers, a retried task or two sweeps at once can never both move the same row forward::

    pending ──claim──▶ claimed ──mark──▶ sending ──SMTP ok──▶ sent
       ▲                  │                 │ ├──SMTP 4xx / connection lost──▶ pending (later)
       │                  │                 │ └──SMTP 5xx / bad message───────▶ failed
       └──owner gone──────┘                 └──owner gone─────────────────────▶ uncertain

* **claim**: ``SELECT … FOR UPDATE SKIP LOCKED`` takes a batch nobody else holds and stamps it
  with a random ``claim_key``. Before claiming, the worker takes the PostgreSQL session advisory
  lock ``claim_key``; PostgreSQL releases it the moment the worker's connection dies (SIGKILL,
  OOM, power cut). ``outbox_recover()`` (run by every sweep and delivery) therefore knows a batch
  is orphaned as soon as its lock is free, without waiting for a lease to expire. Elsewhere
  (SQLite in the demo) a lease of ``DANVAN_OUTBOX_LEASE_SECONDS`` stands in for the lock.
* **mark**: right before the SMTP call the row moves ``claimed → sending`` (committed). So, after a
  crash, the rows still ``claimed`` were provably never handed to SMTP and go back to ``pending``;
  at most **one** row per dead worker — the one in flight — is ``sending``.
* **the in-flight row** may or may not have reached the mail server; nobody can know (SMTP has no
  two-phase commit). We choose *never twice*: it becomes ``uncertain``, is not resent
  automatically, and shows in the reminder log, where the standing office can send it again. For
  reminders this costs little: the next step of the schedule follows within days.
* **SMTP errors** raised by the send mean the server did not accept the message, so the row is
  retried with jittered exponential backoff (4xx, connection refused or dropped) or failed at
  once (5xx: address refused, bad message). The one classic SMTP ambiguity remains: if the
  connection drops after the server accepted the data but before its reply, a retry sends a
  second copy; it carries the same ``Message-ID``, which mail clients use to fold duplicates.

One SMTP connection is opened per batch and reused for every row in it.
"""

from __future__ import annotations

import datetime
import logging
import random
import secrets
import smtplib
import socket
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import EmailOutbox, OutboxStatus

logger = logging.getLogger(__name__)


def _setting(name: str, default):
    return getattr(settings, name, default)


def batch_size() -> int:
    return _setting("DANVAN_OUTBOX_BATCH_SIZE", 200)


def max_attempts() -> int:
    return _setting("DANVAN_OUTBOX_MAX_ATTEMPTS", 6)


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retry: int = 0
    skipped: int = 0


class _ConnectionLost(Exception):
    """The mail server went away mid-batch: stop and leave the rest for later."""


# --- owner liveness -------------------------------------------------------------------------


def _uses_advisory_locks() -> bool:
    return db_connection.vendor == "postgresql"


@contextmanager
def _claim_lock(key: int):
    """Hold the session advisory lock ``key`` while this worker owns rows stamped with it."""
    if not _uses_advisory_locks():
        yield
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        try:
            with db_connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        except Exception:  # noqa: BLE001 - a dead connection released the lock anyway
            logger.warning("Could not release outbox claim lock %s", key)


def _owner_alive(key: int, claimed_at: datetime.datetime | None) -> bool:
    if _uses_advisory_locks():
        with db_connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            (free,) = cursor.fetchone()
            if free:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return not free
    lease = datetime.timedelta(seconds=_setting("DANVAN_OUTBOX_LEASE_SECONDS", 900))
    return claimed_at is not None and claimed_at > timezone.now() - lease


def outbox_recover() -> int:
    """Give back rows whose worker died: ``claimed`` → pending, ``sending`` → uncertain."""
    recovered = 0
    batches = (
        EmailOutbox.objects.in_flight()
        .exclude(claim_key=None)
        .values_list("claim_key", "claimed_at")
        .order_by("claim_key")
        .distinct("claim_key")
        if _uses_advisory_locks()
        else EmailOutbox.objects.in_flight().values_list("claim_key", "claimed_at").distinct()
    )
    for key, claimed_at in list(batches):
        if key is None or _owner_alive(key, claimed_at):
            continue
        recovered += EmailOutbox.objects.filter(claim_key=key, status=OutboxStatus.CLAIMED).update(
            status=OutboxStatus.PENDING, claim_key=None, claimed_at=None
        )
        lost = EmailOutbox.objects.filter(claim_key=key, status=OutboxStatus.SENDING).update(
            status=OutboxStatus.UNCERTAIN,
            claim_key=None,
            last_error="Worker stopped while sending; not resent automatically (no duplicates).",
        )
        if lost:
            logger.error(
                "Outbox: %s e-mail(s) in flight when a worker died, marked uncertain", lost
            )
        recovered += lost
    return recovered


# --- one batch ------------------------------------------------------------------------------


def _claim(key: int, size: int) -> list[int]:
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            EmailOutbox.objects.select_for_update(skip_locked=True)
            .due()
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:size]
        )
        if ids:
            EmailOutbox.objects.filter(pk__in=ids, status=OutboxStatus.PENDING).update(
                status=OutboxStatus.CLAIMED, claim_key=key, claimed_at=now
            )
    return ids


def _transition(row: EmailOutbox, key: int, source: str, **changes) -> bool:
    """Move one row from ``source`` if this worker still owns it; False if someone else does."""
    return bool(
        EmailOutbox.objects.filter(pk=row.pk, claim_key=key, status=source).update(**changes)
    )


def build_message(row: EmailOutbox, connection) -> mail.EmailMultiAlternatives:
    text, html = row.body_text, row.body_html
    if not text and row.template:
        with translation.override("vi"):
            ctx = {"site_base_url": settings.SITE_BASE_URL, **row.context}
            text = render_to_string(f"{row.template}.txt", ctx)
            html = render_to_string(f"{row.template}.html", ctx)
    to = f"{row.recipient_name} <{row.to_address}>" if row.recipient_name else row.to_address
    message = mail.EmailMultiAlternatives(
        row.subject,
        text,
        to=[to],
        connection=connection,
        headers={"Message-ID": row.message_id, "X-Danvan-Outbox": str(row.pk)},
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def _retry_at(attempts: int) -> datetime.datetime:
    base = _setting("DANVAN_OUTBOX_RETRY_BASE_SECONDS", 60)
    delay = min(base * 2 ** max(attempts - 1, 0), 6 * 3600) * random.uniform(0.5, 1.5)  # noqa: S311
    return timezone.now() + datetime.timedelta(seconds=delay)


def _is_permanent(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return not isinstance(exc, OSError | smtplib.SMTPException | socket.timeout)


def _fail(row: EmailOutbox, key: int, exc: Exception, result: BatchResult) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    attempts = row.attempts + 1
    if _is_permanent(exc) or attempts >= max_attempts():
        _transition(row, key, OutboxStatus.SENDING, status=OutboxStatus.FAILED, last_error=error)
        result.failed += 1
        logger.warning("Outbox %s to %s failed for good: %s", row.pk, row.to_address, error)
    else:
        _transition(
            row,
            key,
            OutboxStatus.SENDING,
            status=OutboxStatus.PENDING,
            claim_key=None,
            last_error=error,
            next_attempt_at=_retry_at(attempts),
        )
        result.retry += 1
        logger.warning("Outbox %s to %s will be retried: %s", row.pk, row.to_address, error)


def _send_one(row: EmailOutbox, key: int, connection, result: BatchResult) -> None:
    if not row.to_address:
        _transition(
            row,
            key,
            OutboxStatus.CLAIMED,
            status=OutboxStatus.SKIPPED,
            last_error="No e-mail address.",
        )
        result.skipped += 1
        logger.info("Outbox %s skipped: recipient has no e-mail address", row.pk)
        return
    try:
        message = build_message(row, connection)  # rendering errors surface here
    except Exception as exc:  # noqa: BLE001 - a broken row must not stop the batch
        _transition(
            row,
            key,
            OutboxStatus.CLAIMED,
            status=OutboxStatus.FAILED,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        result.failed += 1
        logger.exception("Outbox %s could not be built", row.pk)
        return
    if not _transition(
        row,
        key,
        OutboxStatus.CLAIMED,
        status=OutboxStatus.SENDING,
        attempts=F("attempts") + 1,
    ):
        return  # recovered by a sweep meanwhile (our lock was lost): someone else owns it now
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - SMTP errors are many; all are recorded
        _fail(row, key, exc, result)
        if not _is_permanent(exc) and not isinstance(exc, smtplib.SMTPRecipientsRefused):
            raise _ConnectionLost from exc
        return
    _transition(
        row,
        key,
        OutboxStatus.SENDING,
        status=OutboxStatus.SENT,
        sent_at=timezone.now(),
        claim_key=None,
        last_error="",
    )
    result.sent += 1


def deliver_pending(*, batch_size: int | None = None) -> BatchResult:
    """Deliver one batch of due e-mails over one SMTP connection; never raises for mail errors."""
    size = batch_size or globals()["batch_size"]()
    key = secrets.randbits(62) + 1
    result = BatchResult()
    with _claim_lock(key):
        ids = _claim(key, size)
        result.claimed = len(ids)
        if not ids:
            return result
        rows = EmailOutbox.objects.filter(pk__in=ids, claim_key=key).order_by(
            "next_attempt_at", "pk"
        )
        connection = mail.get_connection(fail_silently=False)
        try:
            # Opened once here, the connection is reused by every send below (Django's backends
            # open and close one per message otherwise).
            connection.open()
        except Exception as exc:  # noqa: BLE001 - refused, unreachable, TLS or login failure
            error = f"{type(exc).__name__}: {exc}"[:2000]
            logger.warning("Mail server unavailable (%s); %s e-mail(s) wait", error, len(ids))
            EmailOutbox.objects.filter(claim_key=key, status=OutboxStatus.CLAIMED).update(
                status=OutboxStatus.PENDING,
                claim_key=None,
                claimed_at=None,
                last_error=error,
                attempts=F("attempts") + 1,
                next_attempt_at=_retry_at(1),
            )
            EmailOutbox.objects.filter(
                pk__in=ids, status=OutboxStatus.PENDING, attempts__gte=max_attempts()
            ).update(status=OutboxStatus.FAILED)
            result.retry = len(ids)
            return result
        try:
            for row in rows:
                _send_one(row, key, connection, result)
        except _ConnectionLost:
            logger.warning("Mail server unavailable; the rest of the batch waits for later")
        finally:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - closing a broken connection may fail too
                logger.debug("Closing the mail connection failed", exc_info=True)
            # Rows not reached (mail server gone) were never handed over: give them back.
            EmailOutbox.objects.filter(claim_key=key, status=OutboxStatus.CLAIMED).update(
                status=OutboxStatus.PENDING,
                claim_key=None,
                claimed_at=None,
                next_attempt_at=_retry_at(1),
            )
    return result


def pending_count() -> int:
    return EmailOutbox.objects.due().count()

"""Hand outbox e-mails to the mail server: none forgotten, each one message to its reader.

Delivery guarantee
------------------
**At least once at the transport, exactly once per Message-ID.** Every outbox row has a unique
``dedupe_key`` (for reminders: deadline × unit × due date × step × recipient) and its
``Message-ID`` is derived from that key (``<reminder.{sha256(key)[:32]}@{sender's domain}>``,
``EmailOutbox.message_id``), so any copy of a row is *the same message*: mail servers and clients
fold messages by Message-ID, and the reader sees one. What we promise precisely:

* every row is eventually handed to the mail server (or ends ``failed``/``skipped`` with the
  reason, visible in the reminder log); a broker outage, a worker crash or a mail-server outage
  only delays it;
* a row the mail server acknowledged is never sent again, except in two windows where nobody can
  know whether the server got it: (a) the worker is killed between the server's "250 OK" and our
  "sent" mark, (b) the connection drops after the data was sent but before the reply. Then the
  row is sent once more, with the same Message-ID. Window (a) holds at most **one row per worker
  process** (the one in flight), so after a crash the raw duplicates at the transport are at most
  the number of worker processes killed; window (b) is SMTP's own and bounded by the retries;
* two workers, a retried task or two sweeps at once never send the same row concurrently: each
  transition is a conditional UPDATE on ``claim_key`` and ``status``.

State machine of a row::

    pending ──claim──▶ claimed ──step──▶ sending ──step (server said OK)──▶ sent
       ▲                  │                 │ ├── SMTP 4xx / connection lost ──▶ pending (later)
       │                  │                 │ └── SMTP 5xx / bad message ──────▶ failed
       └──owner dead──────┘◀────owner dead──┘   (resent with the same Message-ID)

* **claim**: ``SELECT … FOR UPDATE SKIP LOCKED`` takes a batch nobody else holds and stamps it with
  a random ``claim_key``, while the worker holds the PostgreSQL session advisory lock
  ``claim_key``. PostgreSQL releases that lock the moment the worker's connection dies (SIGKILL,
  OOM, power cut), so ``outbox_recover()`` (run by every sweep and delivery) knows a batch is
  orphaned as soon as its lock is free: the owner is *confirmed dead*, not merely slow. Elsewhere
  (SQLite in the demo) a lease of ``DANVAN_OUTBOX_LEASE_SECONDS`` stands in for the lock.
* **step**: right before each SMTP call, one UPDATE marks the previous row ``sent`` and this row
  ``sending`` (committed). So at any instant a worker has at most one row ``sending``: after a
  crash, ``claimed`` rows were never handed over and go back to ``pending``; the one ``sending``
  row may or may not have reached the server and is resent (same Message-ID). A row whose sends
  keep killing the worker stops after ``DANVAN_OUTBOX_MAX_ATTEMPTS`` (``failed``).
* **SMTP errors** raised by the send mean the server did not accept the message: 4xx, refused or
  dropped connections are retried with jittered exponential backoff; 5xx (address refused, bad
  message) fail at once.

Cost per batch: two queries to claim and load, one UPDATE per e-mail, one SMTP connection reused
for the whole batch, and each template rendered once per distinct context (the recipient's name
is substituted afterwards), not once per recipient.
"""

from __future__ import annotations

import datetime
import json
import logging
import random
import secrets
import smtplib
import socket
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formataddr

from django.conf import settings
from django.core import mail
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from .models import EmailOutbox, OutboxStatus, message_id_domain, message_id_for
from .services import email_subject

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


CRASH_NOTE = "Worker stopped while sending; sent again with the same Message-ID."


def outbox_recover() -> int:
    """Give back the rows of workers confirmed dead: ``claimed`` and ``sending`` → pending.

    A ``sending`` row may already have reached the mail server; it is resent all the same (same
    Message-ID, so the reader sees one message), unless it used up its attempts.
    """
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
        in_flight = EmailOutbox.objects.filter(claim_key=key, status=OutboxStatus.SENDING)
        gave_up = in_flight.filter(attempts__gte=max_attempts()).update(
            status=OutboxStatus.FAILED, claim_key=None, last_error=CRASH_NOTE
        )
        resent = in_flight.update(
            status=OutboxStatus.PENDING,
            claim_key=None,
            claimed_at=None,
            next_attempt_at=timezone.now(),
            last_error=CRASH_NOTE,
        )
        if resent or gave_up:
            logger.warning(
                "Outbox: worker died while sending; %s e-mail(s) resent with the same "
                "Message-ID, %s failed after %s attempts",
                resent,
                gave_up,
                max_attempts(),
            )
        recovered += resent + gave_up
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


class _Progress:
    """The per-e-mail bookkeeping in one UPDATE: rows sent so far → ``sent``, the next one →
    ``sending``. Keeps at most one row ``sending`` per worker (the crash guarantee)."""

    def __init__(self, key: int):
        self.key = key
        self.done: list[int] = []
        table = db_connection.ops.quote_name(EmailOutbox._meta.db_table)
        self._sql = (
            f"UPDATE {table} SET "  # noqa: S608  # nosec B608  # table name from the model's meta
            "status = CASE WHEN id = %s THEN %s ELSE %s END, "
            "attempts = CASE WHEN id = %s THEN attempts + 1 ELSE attempts END, "
            "sent_at = CASE WHEN id = %s THEN sent_at ELSE %s END, "
            "claim_key = CASE WHEN id = %s THEN claim_key ELSE NULL END, "
            "last_error = CASE WHEN id = %s THEN last_error ELSE '' END "
            # The primary key first, so each statement touches only its few rows.
            "WHERE id IN ({}) AND claim_key = %s "
            "AND status = CASE WHEN id = %s THEN %s ELSE %s END"
        )

    def _step(self, start: int | None) -> bool:
        if start is None and not self.done:
            return True
        target = -1 if start is None else start
        ids = [target, *self.done]
        now = db_connection.ops.adapt_datetimefield_value(timezone.now())
        sql = self._sql.format(", ".join(["%s"] * len(ids)))
        params = [
            target,
            OutboxStatus.SENDING.value,
            OutboxStatus.SENT.value,
            target,
            target,
            now,
            target,
            target,
            *ids,
            self.key,
            target,
            OutboxStatus.CLAIMED.value,
            OutboxStatus.SENDING.value,
        ]
        with db_connection.cursor() as cursor:
            cursor.execute(sql, params)
            changed = cursor.rowcount
        expected = len(self.done) + (start is not None)
        self.done = []
        if start is None or changed == expected:
            return True
        # Someone else owns ``start`` now (recovered while our lock was lost): leave it alone.
        return EmailOutbox.objects.filter(
            pk=start, claim_key=self.key, status=OutboxStatus.SENDING
        ).exists()

    def start(self, pk: int) -> bool:
        """Commit "about to send ``pk``" (and "sent" for the previous rows) before the send."""
        return self._step(pk)

    def sent(self, pk: int) -> None:
        self.done.append(pk)

    def flush(self) -> None:
        self._step(None)


_NAME = "DanvanRecipientName7e3f"  # survives escaping and translation untouched


def render_bodies(rows: list[EmailOutbox]) -> dict[int, tuple[str, str] | Exception]:
    """Text and HTML body of each row: pre-rendered, or rendered from ``template`` + ``context``.

    A fan-out's rows differ mostly by the recipient's name, so each template is rendered once per
    distinct context with a placeholder for ``name``, which is then substituted (escaped for
    HTML). A row that cannot be rendered maps to its exception.
    """
    bodies: dict[int, tuple[str, str] | Exception] = {}
    cache: dict[tuple[str, str], tuple[str, str]] = {}
    with translation.override("vi"):
        for row in rows:
            if row.body_text or not row.template:
                bodies[row.pk] = (row.body_text, row.body_html)
                continue
            try:
                ctx = {"site_base_url": settings.SITE_BASE_URL, **row.context}
                name = ctx.get("name")
                if isinstance(name, str) and name:
                    ctx["name"] = _NAME
                else:
                    name = None
                key = (row.template, json.dumps(ctx, sort_keys=True, default=str))
                if key not in cache:
                    cache[key] = (
                        render_to_string(f"{row.template}.txt", ctx),
                        render_to_string(f"{row.template}.html", ctx),
                    )
                text, html = cache[key]
                if name is not None:
                    text, html = text.replace(_NAME, name), html.replace(_NAME, escape(name))
                bodies[row.pk] = (text, html)
            except Exception as exc:  # noqa: BLE001 - a broken row must not stop the batch
                bodies[row.pk] = exc
    return bodies


def build_message(
    row: EmailOutbox,
    connection=None,
    *,
    text: str | None = None,
    html: str | None = None,
    domain: str | None = None,
) -> mail.EmailMultiAlternatives:
    if text is None:
        body = render_bodies([row])[row.pk]
        if isinstance(body, Exception):
            raise body
        text, html = body
    # formataddr quotes or encodes a name with "<", "," or accents, so it stays a name.
    to = formataddr((row.recipient_name, row.to_address)) if row.recipient_name else row.to_address
    message = mail.EmailMultiAlternatives(
        email_subject(row.subject),  # rows written before subjects were made one line
        text,
        to=[to],
        connection=connection,
        headers={
            "Message-ID": message_id_for(kind=row.kind, dedupe_key=row.dedupe_key, domain=domain),
            "X-Danvan-Outbox": str(row.pk),
        },
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


def _prepare(
    rows: list[EmailOutbox], key: int, result: BatchResult
) -> list[tuple[EmailOutbox, mail.EmailMultiAlternatives]]:
    """Skip rows without an address, fail rows that cannot be built, build the others."""
    without = [row.pk for row in rows if not row.to_address]
    if without:
        result.skipped += EmailOutbox.objects.filter(
            pk__in=without, claim_key=key, status=OutboxStatus.CLAIMED
        ).update(status=OutboxStatus.SKIPPED, last_error="No e-mail address.")
        logger.info("Outbox: %s e-mail(s) skipped: recipient has no address", len(without))
    rows = [row for row in rows if row.to_address]
    bodies = render_bodies(rows)
    domain = message_id_domain()
    prepared = []
    for row in rows:
        body = bodies[row.pk]
        try:
            if isinstance(body, Exception):
                raise body
            prepared.append((row, build_message(row, text=body[0], html=body[1], domain=domain)))
        except Exception as exc:  # noqa: BLE001 - a broken row must not stop the batch
            _transition(
                row,
                key,
                OutboxStatus.CLAIMED,
                status=OutboxStatus.FAILED,
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
            )
            result.failed += 1
            logger.error("Outbox %s could not be built: %s", row.pk, exc)
    return prepared


def _give_back(key: int) -> None:
    """Rows not reached (mail server gone) were never handed over: pending again, later."""
    EmailOutbox.objects.filter(claim_key=key, status=OutboxStatus.CLAIMED).update(
        status=OutboxStatus.PENDING,
        claim_key=None,
        claimed_at=None,
        next_attempt_at=_retry_at(1),
    )


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
        rows = list(
            EmailOutbox.objects.filter(pk__in=ids, claim_key=key).order_by("next_attempt_at", "pk")
        )
        prepared = _prepare(rows, key, result)
        if not prepared:
            return result
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
            result.retry += len(prepared)
            return result
        progress = _Progress(key)
        try:
            for row, message in prepared:
                if not progress.start(row.pk):
                    continue  # recovered by a sweep meanwhile: someone else owns it now
                message.connection = connection
                try:
                    message.send()
                except Exception as exc:  # noqa: BLE001 - SMTP errors are many; all are recorded
                    progress.flush()
                    _fail(row, key, exc, result)
                    if not _is_permanent(exc) and not isinstance(
                        exc, smtplib.SMTPRecipientsRefused
                    ):
                        raise _ConnectionLost from exc
                    continue
                progress.sent(row.pk)
                result.sent += 1
        except _ConnectionLost:
            logger.warning("Mail server unavailable; the rest of the batch waits for later")
        finally:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - closing a broken connection may fail too
                logger.debug("Closing the mail connection failed", exc_info=True)
            progress.flush()
            _give_back(key)
    return result


def pending_count() -> int:
    return EmailOutbox.objects.due().count()

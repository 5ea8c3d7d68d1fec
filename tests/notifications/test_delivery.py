"""Delivery of the outbox: one SMTP connection per batch, faults recorded, one Message-ID per
row whatever happens."""

import email
import re
import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection, connections

from notifications.delivery import deliver_pending, outbox_recover
from notifications.models import EmailOutbox, OutboxStatus
from notifications.services import outbox_resend

pytestmark = pytest.mark.django_db


def test_a_batch_reuses_one_smtp_connection(smtp, queue_emails):
    queue_emails(5)
    result = deliver_pending()
    assert result.sent == 5
    assert smtp.connections == 1
    assert len(smtp.messages) == 5
    assert set(EmailOutbox.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}


def test_a_refused_address_fails_alone_and_the_batch_goes_on(smtp, queue_emails):
    queue_emails(3, addresses=["a@example.vn", "bounce@example.vn", "b@example.vn"])
    result = deliver_pending()
    assert (result.sent, result.failed) == (2, 1)
    bounced = EmailOutbox.objects.get(to_address="bounce@example.vn")
    assert bounced.status == OutboxStatus.FAILED
    assert "550" in bounced.last_error


def test_a_refusing_mail_server_delays_everything_and_loses_nothing(
    settings, closed_port, queue_emails
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port
    queue_emails(4)
    result = deliver_pending()  # never raises
    assert result.sent == 0
    rows = list(EmailOutbox.objects.all())
    assert {r.status for r in rows} == {OutboxStatus.PENDING}
    assert all("refused" in r.last_error.lower() for r in rows)
    assert all(r.attempts == 1 for r in rows)
    assert deliver_pending().claimed == 0  # backing off: not due again yet


def test_after_the_last_attempt_the_email_is_failed_for_good(settings, closed_port, queue_emails):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port
    settings.DANVAN_OUTBOX_MAX_ATTEMPTS = 2
    queue_emails(1)
    for _ in range(2):
        EmailOutbox.objects.update(next_attempt_at="2000-01-01T00:00:00Z")
        deliver_pending()
    assert EmailOutbox.objects.get().status == OutboxStatus.FAILED


def test_orphans_of_a_dead_worker_are_resent_and_a_live_workers_rows_are_left_alone(
    queue_emails,
):
    queue_emails(3)
    dead, alive = 11, 22
    rows = list(EmailOutbox.objects.order_by("pk"))
    EmailOutbox.objects.filter(pk=rows[0].pk).update(status=OutboxStatus.CLAIMED, claim_key=dead)
    EmailOutbox.objects.filter(pk=rows[1].pk).update(status=OutboxStatus.SENDING, claim_key=dead)
    EmailOutbox.objects.filter(pk=rows[2].pk).update(status=OutboxStatus.SENDING, claim_key=alive)

    holding, release = threading.Event(), threading.Event()

    def live_worker():
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [alive])
            holding.set()
            release.wait(10)
            cursor.execute("SELECT pg_advisory_unlock(%s)", [alive])
        connections["default"].close()

    thread = threading.Thread(target=live_worker)
    thread.start()
    holding.wait(10)
    try:
        outbox_recover()
    finally:
        release.set()
        thread.join()
    statuses = dict(EmailOutbox.objects.values_list("pk", "status"))
    assert statuses[rows[0].pk] == OutboxStatus.PENDING  # never handed over: sent later
    assert statuses[rows[1].pk] == OutboxStatus.PENDING  # may have gone: resent, same Message-ID
    assert "same Message-ID" in EmailOutbox.objects.get(pk=rows[1].pk).last_error
    assert statuses[rows[2].pk] == OutboxStatus.SENDING  # its worker is alive: untouched
    assert connection.vendor == "postgresql"


def test_a_row_that_keeps_killing_its_worker_fails_after_the_last_attempt(queue_emails, settings):
    settings.DANVAN_OUTBOX_MAX_ATTEMPTS = 3
    queue_emails(1)
    EmailOutbox.objects.update(status=OutboxStatus.SENDING, claim_key=33, attempts=3)
    outbox_recover()
    row = EmailOutbox.objects.get()
    assert row.status == OutboxStatus.FAILED
    assert "Worker stopped" in row.last_error


def test_a_resent_row_is_the_same_message(smtp, queue_emails):
    queue_emails(2)
    deliver_pending()
    first = [email.message_from_bytes(m) for m in smtp.messages]
    # The worker "died" after the server took the first one: it is sent again.
    row = EmailOutbox.objects.order_by("pk").first()
    EmailOutbox.objects.filter(pk=row.pk).update(status=OutboxStatus.SENDING, claim_key=44)
    outbox_recover()
    deliver_pending()
    again = email.message_from_bytes(smtp.messages[-1])
    assert len(smtp.messages) == 3
    assert again["Message-ID"] == first[0]["Message-ID"] == row.message_id
    assert first[0]["Message-ID"] != first[1]["Message-ID"]
    assert re.fullmatch(r"<test\.[0-9a-f]{32}@danvan\.local>", row.message_id)


def test_the_office_can_resend_a_failed_email(queue_emails, django_capture_on_commit_callbacks):
    queue_emails(1)
    row = EmailOutbox.objects.get()
    EmailOutbox.objects.filter(pk=row.pk).update(status=OutboxStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_resend(email=row)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == row.message_id
    assert EmailOutbox.objects.get().status == OutboxStatus.SENT


def _in_own_connection(fn):
    """Run ``fn`` in a thread with its own (autocommit) connection: other threads see its rows."""
    errors = []

    def run():
        try:
            fn()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections["default"].close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_four_sweeps_at_once_send_each_email_once(queue_emails, settings):
    settings.DANVAN_OUTBOX_MAX_FANOUT = 0  # no delivery on commit: the four sweeps do it all
    writer, errors = _in_own_connection(lambda: queue_emails(120, prefix="sweeps"))
    writer.join()
    try:
        sweepers = [_in_own_connection(_sweep_until_empty) for _ in range(4)]
        for thread, _errors in sweepers:
            thread.join()
        errors += [e for _thread, errs in sweepers for e in errs]
        assert errors == []
        counts = Counter(m.extra_headers["X-Danvan-Outbox"] for m in mail.outbox)
        assert len(counts) == 120
        assert set(counts.values()) == {1}
    finally:
        cleaner, _ = _in_own_connection(
            lambda: EmailOutbox.objects.filter(dedupe_key__startswith="test:sweeps:").delete()
        )
        cleaner.join()


def _sweep_until_empty():
    while deliver_pending(batch_size=7).claimed:
        pass

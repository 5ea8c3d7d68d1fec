"""Reminders through the real Redis and a real Celery worker: exactly once, never lost."""

import datetime
import time

import pytest
from django.urls import reverse

from notifications.models import EmailOutbox, OutboxStatus
from notifications.services import Message, messages_write
from reminders.models import Reminder, UnitReminder
from reminders.services import reminders_send
from tests.integration.conftest import redis_start, redis_stop, wait_for
from tests.reminders.factories import DUE, make_campaign, make_deadline, staff_group

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def deadline(tree):
    campaign = make_campaign(tree.bloc)
    staff_group(tree.group_a, members=3)
    staff_group(tree.group_b, members=3)
    return make_deadline(campaign, applies_to=tree.bloc, due=DUE)


def settled(mail_dir, expected: int, seconds: float = 2.5) -> None:
    """Wait for ``expected`` messages, then a few more sweeps to catch any duplicate."""
    wait_for(lambda: mail_dir.count() >= expected, timeout=30, what=f"{expected} e-mails")
    time.sleep(seconds)


def test_a_reminder_is_delivered_exactly_once(workers, mail_dir, deadline):
    workers()
    reminders_send(today=DUE - datetime.timedelta(days=7))
    reminders_send(today=DUE - datetime.timedelta(days=7))  # beat running twice changes nothing
    settled(mail_dir, 8)
    ids = mail_dir.ids()
    assert len(ids) == 8
    assert set(ids.values()) == {1}
    assert set(ids) == {row.message_id for row in EmailOutbox.objects.all()}
    assert set(EmailOutbox.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    subjects = {m["Subject"] for m in mail_dir.messages()}
    assert len(subjects) == 1


def test_with_redis_down_the_request_is_fast_and_the_reminder_follows_once_it_is_back(
    workers, mail_dir, deadline, tree, standing_office, client
):
    workers()
    client.force_login(standing_office)
    # The web server is already up: its first request has loaded every view module.
    assert client.get(reverse("reminders:deadline", args=[deadline.pk])).status_code == 200
    redis_stop()
    try:
        started = time.monotonic()
        response = client.post(reverse("reminders:send_now", args=[deadline.pk, tree.base_a.pk]))
        elapsed = time.monotonic() - started
        assert response.status_code == 302
        assert elapsed < 2, f"the request took {elapsed:.2f} s with the broker down"
        # Committed, waiting for a worker: the unit's reminder with its four recipients.
        (queued,) = UnitReminder.objects.queued().filter(unit=tree.base_a)
        assert len(queued.recipients) == 4
        time.sleep(1)
        assert mail_dir.count() == 0
    finally:
        redis_start()
    settled(mail_dir, 4)
    ids = mail_dir.ids()
    assert len(ids) == 4
    assert set(ids.values()) == {1}
    assert Reminder.objects.filter(unit=tree.base_a).count() == 4
    assert not UnitReminder.objects.queued().exists()


def test_a_worker_killed_mid_batch_and_restarted_delivers_each_reminder_exactly_once(
    workers, mail_dir
):
    """Exactly once as the reader sees it: one Message-ID per reminder, none missing.

    The guarantee (``notifications/delivery.py``): rows a dead worker left ``sending`` are resent
    once its death is confirmed (its advisory lock is free), with the same Message-ID, which mail
    servers and clients fold. Raw copies at the transport can therefore exceed the reminders, by
    at most one per killed worker process (the row each was sending at the kill).
    """
    total = 600
    messages_write(
        messages=[
            Message(
                dedupe_key=f"reminder:bulk:{i}",
                kind="reminder",
                title=f"Nhắc hạn số {i}",
                to_address=f"nguoi{i}@example.vn",
                recipient_name=f"Người nhận {i}",
                in_app=False,
            )
            for i in range(total)
        ]
    )
    # Each message takes 10 ms, like a slow mail server: a batch of 50 lasts half a second, so a
    # worker seen ``sending`` is still mid-batch a few milliseconds later when the kill lands
    # (without it, a fast machine could finish every batch between our look and the kill).
    first = workers(DANVAN_MAIL_FILE_DELAY_MS="10")
    from notifications.tasks import sweep_outbox

    sweep_outbox.delay()
    wait_for(
        lambda: (
            mail_dir.count() >= 60
            and EmailOutbox.objects.filter(status=OutboxStatus.SENDING).exists()
        ),
        timeout=30,
        what="the batch to be under way",
    )
    first.kill()
    killed = first.concurrency
    at_kill = mail_dir.count()
    assert at_kill < total, "the worker finished before it could be killed; raise total"
    assert EmailOutbox.objects.in_flight().exists()  # the dead worker's rows await recovery

    workers()  # a fresh worker; its beat sweeps every second and recovers the orphans
    wait_for(
        lambda: not EmailOutbox.objects.exclude(status=OutboxStatus.SENT).exists(),
        timeout=60,
        what="every row to be sent",
    )
    time.sleep(2)  # a sweep or two more: anything sent again would show now
    ids = mail_dir.ids()
    expected = {row.message_id for row in EmailOutbox.objects.all()}
    assert len(expected) == total
    # Every reminder's Message-ID reached the transport; nothing else did …
    assert set(ids) == expected
    # … so readers see exactly one message per reminder, and no reminder is missing.
    assert len(ids) == total
    # Raw copies: at most one extra per killed pool process (the row each was sending).
    duplicates = sum(ids.values()) - len(ids)
    print(f"SIGKILL: {killed} processes killed, {sum(ids.values())} copies, {len(ids)} ids")
    assert duplicates <= killed, f"{duplicates} raw duplicates after killing {killed} processes"

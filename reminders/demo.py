"""Demo data for reminders (called by seed_demo): the demo campaign's policy and a short history
in the reminder log — the March 2013 registration reminders of a few organisations."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from campaigns.models import Campaign, Deadline, DeadlineKind
from notifications.models import EmailOutbox, OutboxStatus
from units.demo import DemoContext

from .models import Recipients, ReminderPolicy
from .services import _queue, plan_deadline, unit_reminders_write

# The morning the demo log was written: 7 days, then 3 days before 31/03/2013.
DAYS = [datetime.date(2013, 3, 24), datetime.date(2013, 3, 28)]


def seed(ctx: DemoContext) -> None:
    campaign = Campaign.objects.current()
    if campaign is None:
        return
    policy = ReminderPolicy.objects.create(
        campaign=campaign,
        days_before="7, 3, 1",
        overdue_every_days=7,
        escalate_after_days=14,
        recipients=Recipients.GROUP,
        updated_by=ctx.accounts.get("thuongtruc"),
    )
    deadline = (
        Deadline.objects.filter(campaign=campaign, kind=DeadlineKind.REGISTRATION, year=2013)
        .select_related("campaign", "applies_to")
        .first()
    )
    if deadline is None:
        return
    units = [u.pk for u in ctx.grassroots[:12]]
    written = 0
    for day in DAYS:
        planned = plan_deadline(
            deadline=deadline,
            rules=policy.rules(),
            today=day,
            mode=policy.recipients,
            unit_ids=units,
        )
        planned = [p for p in planned if p.recipients]
        written += _queue(planned, email=True)[0]
    unit_reminders_write()
    # History, not news: these went out in 2013 (one address bounced).
    sent_at = datetime.datetime(2013, 3, 24, 7, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))
    rows = EmailOutbox.objects.filter(kind="reminder", dedupe_key__startswith="reminder:")
    rows.update(status=OutboxStatus.SENT, sent_at=sent_at, attempts=1)
    bounced = rows.order_by("pk").first()
    if bounced is not None:
        EmailOutbox.objects.filter(pk=bounced.pk).update(
            status=OutboxStatus.FAILED,
            sent_at=None,
            last_error="SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable",
        )
    ctx.log.append(f"reminders: default policy, {written} reminders in the log")

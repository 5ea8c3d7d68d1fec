"""Plan and send deadline reminders; edit policies; calendar tokens.

``reminders_send`` is what beat runs every morning (through ``manage.py send_reminders`` or the
``plan_reminders`` task). For each deadline whose schedule may fire today it works on all units
at once: effective due dates (extensions) in one query, completion in one query, recipients in
three. Then two stages, so that the morning job and "send now" only plan and commit:

1. **queue** (``_queue``): one transaction writes one ``UnitReminder`` per unit (the step, the
   due date and everyone who gets it; key ``deadline × unit × due date × step``, unique) and
   enqueues the writer on commit. That is the whole enqueue: 2,000 organisations, 2,000 rows.
2. **write** (``unit_reminders_write``, in a worker, also swept by beat): one transaction per
   batch of queued unit reminders writes each recipient's reminder-log row, in-app notification
   and outbox e-mail (key ``… × recipient``, unique in all three tables) and marks the unit
   reminders written; e-mail delivery is enqueued on its commit.

Running the job twice, two beats at once, or two writers at once writes nothing new: the keys are
unique and a writer takes its batch with ``SELECT … FOR UPDATE SKIP LOCKED``.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.models import (
    Campaign,
    CampaignStatus,
    Deadline,
    DeadlineKind,
    effective_due_dates,
)
from notifications.bulk import insert_ignoring_existing
from notifications.queue import enqueue_on_commit
from notifications.services import Message, messages_write
from units.models import Membership, Role, Unit, User, parent_path
from units.scoping import UNIT_ROLES

from .completion import completed_unit_ids
from .models import CalendarFeed, Recipients, Reminder, ReminderPolicy, Trigger, UnitReminder
from .schedule import ScheduleRules, Step, step_due, window

logger = logging.getLogger(__name__)

KIND = "reminder"
EMAIL_TEMPLATE = "reminders/email/reminder"
GROUP_ROLES = [Role.GROUP_LEADER, Role.GROUP_DEPUTY, Role.GROUP_SECRETARY, Role.GROUP_MEMBER]


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    user_id: int | None = None
    escalation: bool = False

    @property
    def key(self) -> str:
        if self.user_id is not None:
            return f"u{self.user_id}"
        return "a" + hashlib.sha256(self.email.lower().encode()).hexdigest()[:12]

    def as_json(self) -> dict:
        return {
            "id": self.user_id,
            "name": self.name,
            "email": self.email,
            "escalation": self.escalation,
        }

    @classmethod
    def from_json(cls, data: dict) -> Recipient:
        return cls(data["name"], data["email"], data["id"], bool(data["escalation"]))


@dataclass
class Planned:
    """One unit's reminder for one deadline today, with everyone who gets it."""

    deadline: Deadline
    unit: Unit
    step: Step
    due: datetime.date
    today: datetime.date
    recipients: list[Recipient] = field(default_factory=list)
    trigger: str = Trigger.SCHEDULE
    email: bool = True
    sent_by_id: int | None = None

    @property
    def step_key(self) -> str:
        if self.trigger == Trigger.MANUAL:
            return f"manual-{self.today:%Y%m%d}"
        return self.step.key

    @functools.cached_property
    def unit_key(self) -> str:
        """The key of the unit's reminder (``UnitReminder.key``)."""
        return (
            f"reminder:d{self.deadline.pk}:n{self.unit.pk}:{self.due.isoformat().replace('-', '')}:"
            f"{self.step_key}"
        )

    @property
    def key_prefix(self) -> str:
        return self.unit_key + ":"

    def key(self, recipient: Recipient) -> str:
        return self.key_prefix + recipient.key

    @property
    def days(self) -> int:
        """Days left (negative: days late), from the day it is sent."""
        return (self.due - self.today).days


@dataclass
class Summary:
    deadlines: int = 0
    units: int = 0
    messages: int = 0
    emails: int = 0
    without_recipients: list[str] = field(default_factory=list)
    planned: list[Planned] = field(default_factory=list)


# --- policy ---------------------------------------------------------------------------------


def policy_for(campaign: Campaign) -> ReminderPolicy:
    """The campaign's policy, or the default one (7, 3, 1 days, the day, weekly) unsaved."""
    try:
        return campaign.reminder_policy
    except ReminderPolicy.DoesNotExist:
        return ReminderPolicy(campaign=campaign)


@transaction.atomic
def policy_save(*, policy: ReminderPolicy, by: Any) -> ReminderPolicy:
    policy.updated_by = by
    policy.full_clean()
    policy.save()
    return policy


# --- planning -------------------------------------------------------------------------------


def deadlines_to_check(*, today: datetime.date) -> list[tuple[Deadline, ScheduleRules]]:
    """Deadlines of active campaigns whose schedule may fire today (extensions included)."""
    result = []
    campaigns = Campaign.objects.filter(status=CampaignStatus.ACTIVE).select_related(
        "reminder_policy"
    )
    for campaign in campaigns:
        policy = policy_for(campaign)
        if not policy.is_active:
            continue
        rules = policy.rules()
        earliest, latest = window(rules, today)
        in_window = Q(due_date__range=(earliest, latest)) | Q(
            due_date__lt=latest,
            extensions__due_date__range=(earliest, latest),
            extensions__removed_at__isnull=True,  # a join: revoked extensions by hand
        )
        deadlines = (
            Deadline.objects.current()
            .filter(campaign=campaign)
            .filter(in_window)
            .select_related("campaign", "applies_to")
            .distinct()
            .order_by("due_date", "pk")
        )
        result.extend((deadline, rules) for deadline in deadlines)
    return result


def _units_of(deadline: Deadline, unit_ids: Iterable[int] | None = None) -> list[Unit]:
    units = Unit.objects.grassroots().active().filter(path__startswith=deadline.applies_to.path)
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    return list(units.only("pk", "path", "depth", "name", "email", "head_name"))


def _group_members(units: list[Unit]) -> dict[int, list[tuple[str, int, str, str]]]:
    """Per grassroots unit id: (role, user id, name, e-mail) of its steering group's active
    members, leader first, then deputy, secretary, members, each by name. One query, no model
    instances (a fan-out reads 10,000 people). The group is the unit's first active child of a
    type that acts for its parent, as in ``units.selectors.steering_groups_by_parent``."""
    by_path = {u.path: u.pk for u in units}
    if not by_path:
        return {}
    rows = (
        Membership.objects.active()
        .filter(
            unit__unit_type__acts_for_parent=True,
            unit__is_active=True,
            role__in=GROUP_ROLES,
            user__is_active=True,
        )
        .annotate(parent=parent_path("unit__path"))
        .filter(parent__in=list(by_path))
        .order_by("unit__path")
        .values_list(
            "parent",
            "unit_id",
            "role",
            "user_id",
            "user__full_name",
            "user__username",
            "user__email",
        )
    )
    group_of: dict[str, int] = {}
    members: dict[int, list[tuple[str, int, str, str]]] = {}
    for parent, group_id, role, user_id, full_name, username, address in rows:
        if group_of.setdefault(parent, group_id) != group_id:
            continue  # a second steering group under the same unit: the first one counts
        members.setdefault(by_path[parent], []).append(
            (role, user_id, full_name or username, address)
        )
    for people in members.values():
        people.sort(key=lambda m: (GROUP_ROLES.index(m[0]), m[2]))
    return members


def recipients_for(
    units: list[Unit], *, mode: str, escalate: set[int]
) -> dict[int, list[Recipient]]:
    """Who is reminded for each unit.

    * the unit's steering group: its leader (falling back to the deputy when there is no
      leader), or, with ``Recipients.GROUP``, every leader, deputy, secretary and member;
    * when the step escalates (``escalate`` holds the unit ids), the party organisation's own
      leadership as well: everyone holding a role directly on the grassroots unit (not on its
      steering group) and the unit's contact address (``Unit.email``, addressed to
      ``Unit.head_name``), which the bloc keeps for the organisation's secretary / head.
    """
    groups = _group_members(units)
    direct: dict[int, list[tuple[int, str, str]]] = {}
    if escalate:
        for unit_id, user_id, full_name, username, address in (
            Membership.objects.active()
            .filter(unit_id__in=escalate, role__in=UNIT_ROLES, user__is_active=True)
            .order_by("unit_id", "role", "user__full_name")
            .values_list("unit_id", "user_id", "user__full_name", "user__username", "user__email")
        ):
            direct.setdefault(unit_id, []).append((user_id, full_name or username, address))
    result: dict[int, list[Recipient]] = {}
    for unit in units:
        members = groups.get(unit.pk, [])
        if mode == Recipients.LEADER:
            chosen = [m for m in members if m[0] == Role.GROUP_LEADER] or [
                m for m in members if m[0] == Role.GROUP_DEPUTY
            ]
        else:
            chosen = members
        people = [Recipient(name, address, user_id) for _role, user_id, name, address in chosen]
        if unit.pk in escalate:
            people += [
                Recipient(name, address, user_id, escalation=True)
                for user_id, name, address in direct.get(unit.pk, [])
            ]
            if unit.email:
                people.append(Recipient(unit.head_name or unit.name, unit.email, escalation=True))
        seen: set[str] = set()
        unique = []
        for person in people:
            marks = {person.key, person.email.lower()} - {""}
            if marks & seen:
                continue
            seen |= marks
            unique.append(person)
        result[unit.pk] = unique
    return result


def plan_deadline(
    *,
    deadline: Deadline,
    rules: ScheduleRules,
    today: datetime.date,
    mode: str,
    unit_ids: Iterable[int] | None = None,
    force: bool = False,
) -> list[Planned]:
    """Units of ``deadline`` with a step firing today (``force``: now, whatever the schedule)."""
    units = _units_of(deadline, unit_ids)
    if not units:
        logger.info("Deadline %s (%s) applies to no active unit", deadline.pk, deadline)
        return []
    due_dates = effective_due_dates(deadline=deadline, units=units)
    done = completed_unit_ids(deadline, [u.pk for u in units])
    planned = []
    for unit in units:
        due = due_dates[unit.pk]
        if force:
            if unit.pk in done:
                continue
            offset = (today - due).days
            escalate = rules.escalate_after_days > 0 and offset >= rules.escalate_after_days
            step = Step("manual", today, offset, escalate=escalate)
            planned.append(Planned(deadline, unit, step, due, today, trigger=Trigger.MANUAL))
            continue
        step = step_due(rules=rules, due=due, today=today, completed=unit.pk in done)
        if step is not None:
            planned.append(Planned(deadline, unit, step, due, today))
    if planned:
        people = recipients_for(
            [p.unit for p in planned],
            mode=mode,
            escalate={p.unit.pk for p in planned if p.step.escalate},
        )
        for item in planned:
            item.recipients = people[item.unit.pk]
    return planned


# --- wording --------------------------------------------------------------------------------


REPORT_KINDS = {
    DeadlineKind.SIX_MONTH_REPORT,
    DeadlineKind.ANNUAL_REPORT,
    DeadlineKind.MID_TERM_REVIEW,
    DeadlineKind.FINAL_REVIEW,
}


def _first_url(*names: str) -> str:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/"


def form_url(deadline: Deadline) -> str:
    """Where a unit does what the deadline asks, when the unit is not known (calendar feed).

    Registration: the form that starts a registration. Reports: the reports page (each period
    with the user's organisations and a "start the report" button). Anything else: the unit's
    list of deadlines.
    """
    if deadline.kind == DeadlineKind.REGISTRATION:
        return _first_url(
            "models_registry:start", "models_registry:mine", "campaigns:unit_deadlines"
        )
    if deadline.kind in REPORT_KINDS:
        return _first_url("reports:index", "campaigns:unit_deadlines")
    return _first_url("campaigns:unit_deadlines", "home")


def form_urls(deadline: Deadline, units: list[Unit]) -> dict[int, str]:
    """Per unit, the link in its reminder. For a report period, the unit's own report of that
    period when it exists (``reports:detail``), else the reports page where it is started. One
    query for all units."""
    fallback = form_url(deadline)
    urls = dict.fromkeys((u.pk for u in units), fallback)
    if deadline.kind in REPORT_KINDS and units:
        from reports.models import PeriodicReport

        for unit_id, report_id in PeriodicReport.objects.filter(
            deadline=deadline, unit_id__in=list(urls)
        ).values_list("unit_id", "pk"):
            try:
                urls[unit_id] = reverse("reports:detail", args=[report_id])
            except NoReverseMatch:
                break
    return urls


def title_for(item: Planned) -> str:
    """The subject line, in the active language (Vietnamese when sending)."""
    days = item.days
    ctx = {"title": item.deadline.title, "unit": item.unit.name, "days": abs(days)}
    if item.step.escalate:
        return (
            ngettext(
                "Escalation: %(unit)s is %(days)s day late with “%(title)s”",
                "Escalation: %(unit)s is %(days)s days late with “%(title)s”",
                abs(days),
            )
            % ctx
        )
    if days > 0:
        return (
            ngettext(
                "Reminder: “%(title)s” is due in %(days)s day",
                "Reminder: “%(title)s” is due in %(days)s days",
                days,
            )
            % ctx
        )
    if days == 0:
        return _("Due today: “%(title)s”") % ctx
    return (
        ngettext(
            "Overdue by %(days)s day: “%(title)s”",
            "Overdue by %(days)s days: “%(title)s”",
            abs(days),
        )
        % ctx
    )


def body_for(item: Planned) -> str:
    ctx = {
        "unit": item.unit.name,
        "title": item.deadline.title,
        "due": item.due.strftime("%d/%m/%Y"),
        "campaign": item.deadline.campaign.name,
    }
    if item.days >= 0:
        return _("%(unit)s must complete “%(title)s” (%(campaign)s) by %(due)s.") % ctx
    return _("%(unit)s has not yet completed “%(title)s” (%(campaign)s), due on %(due)s.") % ctx


def _messages(item: Planned, *, url: str, title: str, body: str) -> list[Message]:
    """The in-app and e-mail message for each recipient. The e-mail's context holds only what
    differs between recipients of one unit (name, escalation) besides the shared texts, so the
    worker renders each unit's e-mail once (``notifications.delivery.render_bodies``)."""
    return [
        Message(
            dedupe_key=item.key(person),
            kind=KIND,
            title=title,
            recipient_id=person.user_id,
            to_address=person.email,
            recipient_name=person.name,
            body=body,
            url=url,
            email=item.email,
            template=EMAIL_TEMPLATE,
            context={"name": person.name, "escalation": person.escalation},
        )
        for person in item.recipients
    ]


REMINDER_FIELDS = (
    "deadline_id",
    "unit_id",
    "step",
    "due_date",
    "sent_on",
    "escalation",
    "trigger",
    "recipient_id",
    "recipient_name",
    "to_address",
    "title",
    "key",
    "email_id",
    "sent_by_id",
    "created_at",
)


def _log_rows(item: Planned, *, now: datetime.datetime, title: str) -> list[tuple]:
    email, by_id = item.email, item.sent_by_id
    rows = []
    for person in item.recipients:
        key = item.key(person)
        rows.append(
            (
                item.deadline.pk,
                item.unit.pk,
                item.step_key,
                item.due,
                item.today,
                person.escalation,
                item.trigger,
                person.user_id,
                person.name,
                person.email,
                title,
                key,
                key if email else None,
                by_id,
                now,
            )
        )
    return rows


UNIT_REMINDER_FIELDS = (
    "deadline_id",
    "unit_id",
    "step",
    "due_date",
    "sent_on",
    "escalation",
    "trigger",
    "email",
    "recipients",
    "key",
    "sent_by_id",
    "created_at",
)


@transaction.atomic
def _queue(planned: list[Planned], *, email: bool, by: Any = None) -> tuple[int, int]:
    """Stage 1: one ``UnitReminder`` row per unit (existing keys skipped), one INSERT, and the
    writer enqueued on commit. Returns (messages, e-mails) planned."""
    now = timezone.now()
    by_id = getattr(by, "pk", None)
    insert_ignoring_existing(
        UnitReminder,
        UNIT_REMINDER_FIELDS,
        [
            (
                item.deadline.pk,
                item.unit.pk,
                item.step_key,
                item.due,
                item.today,
                item.step.escalate,
                item.trigger,
                email,
                [person.as_json() for person in item.recipients],
                item.unit_key,
                by_id,
                now,
            )
            for item in planned
        ],
    )
    from .tasks import write_unit_reminders

    enqueue_on_commit(write_unit_reminders)
    messages = sum(len(item.recipients) for item in planned)
    return messages, messages if email else 0


def _write(planned: list[Planned]) -> tuple[int, int]:
    """Stage 2 for ``planned`` (inside the caller's transaction): outbox and in-app rows, then
    the reminder log (which points at the outbox rows), one INSERT per table whatever the
    number of recipients."""
    urls: dict[tuple[int, int], str] = {}
    by_deadline: dict[int, list[Planned]] = {}
    for item in planned:
        by_deadline.setdefault(item.deadline.pk, []).append(item)
    for items in by_deadline.values():
        deadline = items[0].deadline
        for unit_id, url in form_urls(deadline, [i.unit for i in items]).items():
            urls[deadline.pk, unit_id] = url
    messages: list[Message] = []
    log: list[tuple] = []
    now = timezone.now()
    with translation.override("vi"):
        for item in planned:
            title = title_for(item)[:255]
            url = urls[item.deadline.pk, item.unit.pk]
            messages += _messages(item, url=url, title=title, body=body_for(item))
            log += _log_rows(item, now=now, title=title)
    emails = messages_write(messages=messages)
    insert_ignoring_existing(Reminder, REMINDER_FIELDS, log)
    return len(messages), emails


def _planned_from(rows: list[UnitReminder]) -> list[Planned]:
    """Queued unit reminders back into ``Planned`` items. People deleted since the plan are
    left out (their rows would point nowhere); everyone else gets what was planned."""
    ids = {p["id"] for row in rows for p in row.recipients if p["id"] is not None}
    existing = set(User.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    planned = []
    for row in rows:
        offset = (row.sent_on - row.due_date).days
        step = Step(row.step, row.sent_on, offset, escalate=row.escalation)
        people = [
            Recipient.from_json(p) for p in row.recipients if p["id"] is None or p["id"] in existing
        ]
        item = Planned(
            row.deadline,
            row.unit,
            step,
            row.due_date,
            row.sent_on,
            recipients=people,
            trigger=row.trigger,
            email=row.email,
            sent_by_id=row.sent_by_id,
        )
        planned.append(item)
    return planned


def _drop_completed(rows: list[UnitReminder]) -> list[UnitReminder]:
    """Units that completed the deadline since the plan (say, while the broker was down for an
    hour) get nothing: their queued reminders are deleted, unsent. One query per deadline."""
    by_deadline: dict[int, list[UnitReminder]] = {}
    for row in rows:
        by_deadline.setdefault(row.deadline_id, []).append(row)
    dropped: list[int] = []
    for items in by_deadline.values():
        done = completed_unit_ids(items[0].deadline, [row.unit_id for row in items])
        dropped += [row.pk for row in items if row.unit_id in done]
    if not dropped:
        return rows
    UnitReminder.objects.filter(pk__in=dropped).delete()
    logger.info("%s queued reminder(s) dropped: the units completed the deadline", len(dropped))
    gone = set(dropped)
    return [row for row in rows if row.pk not in gone]


def unit_reminders_write(*, batch: int = 500) -> int:
    """Stage 2: write every queued unit reminder's per-recipient rows, ``batch`` units per
    transaction. Safe to run concurrently and twice. Returns how many units were written."""
    written = 0
    while True:
        with transaction.atomic():
            rows = list(
                UnitReminder.objects.queued()
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("deadline__campaign", "unit")
                .order_by("pk")[:batch]
            )
            if not rows:
                return written
            rows = _drop_completed(rows)
            _write(_planned_from(rows))
            UnitReminder.objects.filter(pk__in=[row.pk for row in rows]).update(
                written_at=timezone.now()
            )
        written += len(rows)


# --- entry points ---------------------------------------------------------------------------


def reminders_send(
    *,
    today: datetime.date | None = None,
    dry_run: bool = False,
    deadline_ids: Iterable[int] | None = None,
) -> Summary:
    """Send today's reminders for every deadline (or only ``deadline_ids``). Idempotent."""
    today = today or timezone.localdate()
    summary = Summary()
    wanted = set(deadline_ids) if deadline_ids is not None else None
    for deadline, rules in deadlines_to_check(today=today):
        if wanted is not None and deadline.pk not in wanted:
            continue
        policy = policy_for(deadline.campaign)
        try:
            planned = plan_deadline(
                deadline=deadline, rules=rules, today=today, mode=policy.recipients
            )
        except Exception:  # noqa: BLE001 - one broken deadline must not stop the others
            logger.exception("Planning reminders for deadline %s failed", deadline.pk)
            continue
        summary.deadlines += 1
        summary.units += len(planned)
        for item in planned:
            if not item.recipients:
                summary.without_recipients.append(item.unit.name)
                logger.warning(
                    "No one to remind at %s for deadline %s", item.unit.name, deadline.pk
                )
        planned = [p for p in planned if p.recipients]
        if dry_run:
            summary.planned.extend(planned)
            summary.messages += sum(len(p.recipients) for p in planned)
            continue
        messages, emails = _queue(planned, email=policy.send_email)
        summary.messages += messages
        summary.emails += emails
    return summary


def reminder_send_now(
    *, deadline: Deadline, unit: Unit, by: Any, today: datetime.date | None = None
) -> int:
    """The standing office's "send now" for one unit: once per day, whatever the schedule.

    Returns how many people were reminded (0: unit complete, nobody to remind, or already sent
    today).
    """
    today = today or timezone.localdate()
    policy = policy_for(deadline.campaign)
    planned = plan_deadline(
        deadline=deadline,
        rules=policy.rules(),
        today=today,
        mode=policy.recipients,
        unit_ids=[unit.pk],
        force=True,
    )
    planned = [p for p in planned if p.recipients]
    if not planned:
        return 0
    if UnitReminder.objects.filter(key__in=[p.unit_key for p in planned]).exists():
        return 0
    messages, _emails = _queue(planned, email=policy.send_email, by=by)
    return messages


# --- calendar feed --------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_regenerate(*, user: Any) -> CalendarFeed:
    """Create the user's private feed address, or replace it (the old address stops working)."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        user=user, defaults={"token": CalendarFeed.new_token()}
    )
    if not created:
        feed.token = CalendarFeed.new_token()
        feed.save(update_fields=["token", "created_at"])
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user: Any) -> None:
    CalendarFeed.objects.filter(user=user).delete()

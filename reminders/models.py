"""Reminder policies per campaign, the reminder log and private calendar feeds."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import Campaign, Deadline
from units.models import Unit
from units.scoping import UnitScopedQuerySet

from .schedule import ScheduleRules, step_label


class Recipients(models.TextChoices):
    LEADER = "leader", _("The steering-group leader only")
    GROUP = "group", _("The leader and every member of the steering group")


def parse_days(text: str) -> tuple[int, ...]:
    """ "7, 3, 1" → (7, 3, 1); raises ValidationError on anything else."""
    try:
        days = sorted({int(part) for part in text.replace(";", ",").split(",") if part.strip()})
    except ValueError:
        raise ValidationError(
            _("Write whole numbers of days separated by commas, e.g. 7, 3, 1.")
        ) from None
    if any(d < 1 or d > 90 for d in days):
        raise ValidationError(_("Each number of days must lie between 1 and 90."))
    return tuple(sorted(days, reverse=True))


def validate_days(text: str) -> None:
    parse_days(text)


class ReminderPolicyQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "campaign__root_unit"


class ReminderPolicy(models.Model):
    """How a campaign reminds units of its deadlines; the standing office edits it."""

    campaign = models.OneToOneField(
        Campaign,
        on_delete=models.CASCADE,
        related_name="reminder_policy",
        verbose_name=_("campaign"),
    )
    is_active = models.BooleanField(_("send reminders"), default=True)
    days_before = models.CharField(
        _("days before the deadline"),
        max_length=60,
        default="7, 3, 1",
        validators=[validate_days],
        help_text=_("Whole numbers separated by commas, e.g. 7, 3, 1."),
    )
    on_due_day = models.BooleanField(_("remind on the day itself"), default=True)
    overdue_every_days = models.PositiveSmallIntegerField(
        _("while overdue, remind every … days"),
        default=7,
        help_text=_("0 sends no reminder after the deadline."),
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate after … days overdue"),
        default=14,
        help_text=_(
            "From then on the party organisation's own leadership is told as well. "
            "0 never escalates."
        ),
    )
    stop_after_days = models.PositiveSmallIntegerField(
        _("stop … days after the deadline"), default=90
    )
    recipients = models.CharField(
        _("who is reminded"), max_length=10, choices=Recipients.choices, default=Recipients.GROUP
    )
    send_email = models.BooleanField(
        _("also by e-mail"),
        default=True,
        help_text=_("Reminders always appear in the recipients' notification list."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReminderPolicyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stop_after_days__gte=models.F("escalate_after_days")),
                name="reminders_policy_stop_after_escalation",
                violation_error_message=_("Reminders must not stop before the escalation starts."),
            )
        ]

    def __str__(self) -> str:
        return str(self.campaign)

    def rules(self) -> ScheduleRules:
        return ScheduleRules(
            days_before=parse_days(self.days_before),
            on_due_day=self.on_due_day,
            overdue_every_days=self.overdue_every_days,
            escalate_after_days=self.escalate_after_days,
            stop_after_days=self.stop_after_days,
        )


class Trigger(models.TextChoices):
    SCHEDULE = "schedule", _("Schedule")
    MANUAL = "manual", _("Sent now by the standing office")


class ReminderQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "unit"


class UnitReminderQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "unit"

    def queued(self):
        return self.filter(written_at=None)


class UnitReminder(models.Model):
    """One step of one unit's deadline, as planned: the outbox row of the reminder fan-out.

    The morning job (and "send now") writes one of these per unit, with everyone who gets it in
    ``recipients``, and commits: that is the whole of the enqueue, so 2,000 organisations cost
    2,000 short rows, not 30,000. A worker then writes each recipient's log row, in-app
    notification and e-mail in one transaction and stamps ``written_at``
    (``services.unit_reminders_write``); until then the reminder is *queued* and the pages say
    so. ``key`` (deadline × unit × due date × step) is unique: a step is planned once.
    """

    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.PROTECT,  # history: never cascaded away (issue 9)
        related_name="unit_reminders",
        verbose_name=_("deadline"),
        db_index=False,  # (deadline, unit) below serves the deadline too
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,  # history: never cascaded away (issue 9)
        related_name="unit_reminders",
        verbose_name=_("unit"),
        db_index=False,
    )
    step = models.CharField(_("step"), max_length=30)
    due_date = models.DateField(_("due date for the unit"))
    sent_on = models.DateField(_("for the day"))
    escalation = models.BooleanField(_("escalation"), default=False)
    trigger = models.CharField(
        _("trigger"), max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULE
    )
    email = models.BooleanField(_("by e-mail"), default=True)
    # [{"id": user id or null, "name": ..., "email": ..., "escalation": bool}, ...]
    recipients = models.JSONField(_("recipients"), default=list)
    key = models.CharField(max_length=200, unique=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
        db_index=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    written_at = models.DateTimeField(_("written at"), null=True, blank=True)

    objects = UnitReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("unit reminder")
        verbose_name_plural = _("unit reminders")
        indexes = [
            models.Index(fields=["deadline", "unit"]),
            # The worker's and the pages' "still queued": a handful of rows, never a scan.
            models.Index(
                fields=["id"],
                condition=models.Q(written_at=None),
                name="reminders_unitreminder_queued",
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def step_label(self) -> str:
        return step_label(self.step)


class Reminder(models.Model):
    """The reminder log: one step of one unit's deadline, sent to one recipient."""

    # Indexes are few on purpose (a morning fan-out inserts 10,000 rows): (deadline, unit)
    # serves the deadline too; the e-mail and sent-by links are followed, never searched.
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.PROTECT,  # the reminder log is history: never cascaded away (issue 9)
        related_name="reminders",
        verbose_name=_("deadline"),
        db_index=False,
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("unit")
    )
    step = models.CharField(_("step"), max_length=30)
    due_date = models.DateField(_("due date for the unit"))
    sent_on = models.DateField(_("for the day"))
    escalation = models.BooleanField(_("escalation"), default=False)
    trigger = models.CharField(
        _("trigger"), max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULE
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    recipient_name = models.CharField(_("recipient"), max_length=150)
    to_address = models.EmailField(_("address"), blank=True)
    title = models.CharField(_("title"), max_length=255)
    key = models.CharField(max_length=200, unique=True)
    email = models.ForeignKey(
        "notifications.EmailOutbox",
        to_field="dedupe_key",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
        db_index=False,
        # A soft link by key to the outbox row written in the same transaction by the same
        # code: no database constraint to check 10,000 times at commit.
        db_constraint=False,
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
        db_index=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [models.Index(fields=["deadline", "unit"])]

    def __str__(self) -> str:
        return f"{self.title} → {self.recipient_name}"

    @property
    def step_label(self) -> str:
        return step_label(self.step)


class CalendarFeed(models.Model):
    """A private calendar address: whoever holds the token reads the user's deadlines."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("person"),
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

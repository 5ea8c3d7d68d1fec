"""Campaigns (movement phases), yearly plans and deadlines with per-unit extensions."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.models import KeptManager
from units.models import Unit
from units.scoping import Action, UnitScopedQuerySet, path_prefixes


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class CampaignQuerySet(UnitScopedQuerySet):
    """Scoped by the unit a campaign covers: managing needs MANAGE on that root unit."""

    scope_unit_lookup = "root_unit"

    def for_action(self, user: Any, action: Action) -> "CampaignQuerySet":
        """Viewing is wider than the root rule: a person sees the campaigns covering a unit in
        their scope (a grassroots member sees the bloc's campaign) and those rooted inside it.
        Other actions (MANAGE) need the action on the campaign's root unit."""
        if Action(action) != Action.VIEW:
            return super().for_action(user, action)
        return self.reaching(user, Action.VIEW)

    def active(self):
        return self.filter(status=CampaignStatus.ACTIVE)

    def current(self) -> "Campaign | None":
        """The campaign pages default to: the active one marked current, else the latest active."""
        return self.active().order_by("-is_current", "-start_date").first()

    def covering(self, unit: Unit):
        """Campaigns whose scope (a subtree) contains ``unit``."""
        return self.filter(root_unit__path__in=path_prefixes(unit.path))


class Campaign(models.Model):
    """A phase of the movement, e.g. “Phong trào thi đua Dân vận khéo 2011–2015”."""

    name = models.CharField(_("name"), max_length=255)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    is_current = models.BooleanField(_("current"), default=False)
    root_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("covers"),
        help_text=_("The campaign covers this unit and everything under it."),
    )
    start_date = models.DateField(_("starts on"))
    end_date = models.DateField(_("ends on"))
    description = models.TextField(_("description"), blank=True)

    objects = CampaignQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="campaigns_campaign_dates_in_order",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.pk])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date must not be before the start date.")}
            )

    @property
    def years(self) -> range:
        return range(self.start_date.year, self.end_date.year + 1)

    def covers(self, unit: Unit) -> bool:
        return unit.path.startswith(self.root_unit.path)


class CampaignEvent(models.Model):
    """One status change of a campaign: who, when, from, to, why."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="events", verbose_name=_("campaign")
    )
    from_status = models.CharField(_("from"), max_length=10, choices=CampaignStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=CampaignStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("campaign status change")
        verbose_name_plural = _("campaign status changes")

    def __str__(self) -> str:
        return f"{self.campaign}: {self.from_status} → {self.to_status}"


class YearPlanQuerySet(UnitScopedQuerySet):
    """A plan is seen by whoever sees its campaign (the admin's deadline form offers these)."""

    def for_action(self, user: Any, action: Action) -> "YearPlanQuerySet":
        return self.filter(campaign__in=Campaign.objects.for_action(user, action))


class YearPlan(models.Model):
    """A yearly plan inside a campaign, e.g. Plan No. 01-KH/BCĐ of 25/2/2013."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="plans", verbose_name=_("campaign")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    number = models.CharField(_("number/symbol"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    history = HistoricalRecords()

    objects = YearPlanQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "year"]
        verbose_name = _("yearly plan")
        verbose_name_plural = _("yearly plans")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "year"],
                name="campaigns_yearplan_one_per_year",
                violation_error_message=_("This campaign already has a plan for that year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.campaign_id])

    def clean(self):
        if self.campaign_id and self.year and self.year not in self.campaign.years:
            raise ValidationError({"year": _("The year lies outside the campaign's period.")})


class DeadlineKind(models.TextChoices):
    REGISTRATION = "registration", _("Model registration")
    SIX_MONTH_REPORT = "six_month", _("6-month report")
    ANNUAL_REPORT = "annual", _("Annual report")
    MID_TERM_REVIEW = "mid_term", _("Mid-term review")
    FINAL_REVIEW = "final", _("Final review")
    OTHER = "other", _("Other")


class DeadlineQuerySet(UnitScopedQuerySet):
    """Scoped by the unit a deadline applies to (managing needs MANAGE there)."""

    scope_unit_lookup = "applies_to"

    def current(self) -> "DeadlineQuerySet":
        """Not archived: what reminders, home pages, boards and the registry's late check use."""
        return self.filter(archived_at__isnull=True)

    def applying_to(self, unit: Unit) -> "DeadlineQuerySet":
        """Deadlines this unit must meet: set on the unit itself or on one of its ancestors."""
        return self.filter(applies_to__path__in=path_prefixes(unit.path))

    def with_effective_due_date(self, unit: Unit) -> "DeadlineQuerySet":
        """Annotate ``effective_due`` (the unit's extension, else the due date) and
        ``extension_reason``, in the same query."""
        extension = DeadlineExtension.objects.filter(deadline=models.OuterRef("pk"), unit=unit)
        return self.annotate(
            extended_due=models.Subquery(extension.values("due_date")[:1]),
            extension_reason=models.Subquery(extension.values("reason")[:1]),
            effective_due=Coalesce(models.Subquery(extension.values("due_date")[:1]), "due_date"),
        )


class Deadline(models.Model):
    """Something every unit in a subtree must do by a date (register models, send a report…)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="deadlines", verbose_name=_("campaign")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=DeadlineKind.choices)
    title = models.CharField(_("title"), max_length=255)
    due_date = models.DateField(_("due date"))
    applies_to = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="deadlines",
        verbose_name=_("applies to"),
        help_text=_("Every grassroots organisation under this unit must meet the deadline."),
    )
    plan = models.ForeignKey(
        YearPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("under plan"),
    )
    note = models.TextField(_("note"), blank=True)
    # A deadline set by mistake or no longer asked for is archived, never deleted: its reminder
    # log, extensions and reports stay (PROTECT), it just stops applying.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    objects = DeadlineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "kind"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [models.Index(fields=["campaign", "year", "kind"])]

    def __str__(self) -> str:
        return f"{self.title} – {self.due_date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:deadline_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.campaign_id and self.due_date:
            campaign = self.campaign
            if not (campaign.start_date <= self.due_date <= campaign.end_date):
                errors["due_date"] = _(
                    "The due date must lie within the campaign (%(start)s – %(end)s)."
                ) % {
                    "start": campaign.start_date.strftime("%d/%m/%Y"),
                    "end": campaign.end_date.strftime("%d/%m/%Y"),
                }
            if self.year and self.year not in campaign.years:
                errors["year"] = _("The year lies outside the campaign's period.")
            if self.applies_to_id and not campaign.covers(self.applies_to):
                errors["applies_to"] = _("This unit is outside the campaign.")
            if self.plan_id and self.plan.campaign_id != self.campaign_id:
                errors["plan"] = _("This plan belongs to another campaign.")
        if errors:
            raise ValidationError(errors)

    def applies_to_unit(self, unit: Unit) -> bool:
        return unit.path.startswith(self.applies_to.path)


class DeadlineExtensionQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "unit"


class DeadlineExtension(models.Model):
    """The standing office lets one unit meet a deadline later, for a recorded reason."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.PROTECT, related_name="extensions", verbose_name=_("deadline")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="deadline_extensions", verbose_name=_("unit")
    )
    due_date = models.DateField(_("new due date"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    # Soft deletion: revoking sets this; the row and its history stay (KeptManager).
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    objects = KeptManager.from_queryset(DeadlineExtensionQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "unit__path"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "unit"],
                condition=models.Q(removed_at__isnull=True),
                name="campaigns_extension_one_per_unit",
                violation_error_message=_("This unit already has an extension for this deadline."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.due_date:%d/%m/%Y}"

    def clean(self):
        errors = {}
        if self.deadline_id and self.due_date and self.due_date <= self.deadline.due_date:
            errors["due_date"] = _("An extension must end after the deadline (%(due)s).") % {
                "due": self.deadline.due_date.strftime("%d/%m/%Y")
            }
        if self.deadline_id and self.unit_id and not self.deadline.applies_to_unit(self.unit):
            errors["unit"] = _("This deadline does not apply to this unit.")
        if errors:
            raise ValidationError(errors)


def effective_due_date(*, deadline: Deadline, unit: Unit) -> datetime.date:
    """The date this unit must meet the deadline by: the extension's, if one was granted."""
    extension = deadline.extensions.filter(unit=unit).only("due_date").first()
    return extension.due_date if extension else deadline.due_date


def effective_due_dates(*, deadline: Deadline, units) -> dict[int, datetime.date]:
    """``effective_due_date`` for many units in one query: {unit id: date}."""
    dates = {unit.pk: deadline.due_date for unit in units}
    for unit_id, due in deadline.extensions.filter(unit__in=list(dates)).values_list(
        "unit_id", "due_date"
    ):
        dates[unit_id] = due
    return dates

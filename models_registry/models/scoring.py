"""Rubrics (data per campaign), their criteria, and the scores given with them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import Campaign

from .registration import Registration, RelatedQuerySet


class Band(models.TextChoices):
    OUTSTANDING = "outstanding", _("Outstanding")
    RECOGNISED = "recognised", _("Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")


class RubricQuerySet(models.QuerySet):
    def applying(self, campaign) -> RubricQuerySet:
        """The campaign's own rubric first, then the default one (campaign left empty);
        ``campaign`` may be an ``OuterRef`` (a subquery per registration)."""
        rubrics = self.filter(models.Q(campaign=campaign) | models.Q(campaign__isnull=True))
        return rubrics.order_by(models.F("campaign").asc(nulls_last=True))

    def for_campaign(self, campaign: Campaign | None) -> Rubric | None:
        """The campaign's own rubric, else the default one."""
        return self.applying(campaign).first()


class Rubric(models.Model):
    """The checklist a unit self-checks with and reviewers score with."""

    campaign = models.OneToOneField(
        Campaign,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rubric",
        verbose_name=_("campaign"),
        help_text=_("Leave empty for the default rubric used by campaigns without their own."),
    )
    name = models.CharField(_("name"), max_length=200)
    outstanding_from = models.PositiveSmallIntegerField(_("outstanding from (points)"), default=90)
    recognised_from = models.PositiveSmallIntegerField(_("recognised from (points)"), default=75)

    objects = RubricQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("scoring rubric")
        verbose_name_plural = _("scoring rubrics")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outstanding_from__gte=models.F("recognised_from")),
                name="registry_rubric_bands_in_order",
                violation_error_message=_(
                    "“Outstanding” must need at least the points of “recognised”."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def max_total(self) -> int:
        return sum(c.max_points for c in self.criteria.all())

    def band_for(self, total: Decimal | float | None) -> str | None:
        if total is None:
            return None
        if total >= self.outstanding_from:
            return Band.OUTSTANDING
        if total >= self.recognised_from:
            return Band.RECOGNISED
        return Band.NOT_RECOGNISED


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("criterion"), max_length=255)
    description = models.TextField(_("what to look for"), blank=True)
    max_points = models.PositiveSmallIntegerField(_("maximum points"))

    class Meta:
        ordering = ["rubric", "order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return f"{self.title} ({self.max_points})"


class ScoreKind(models.TextChoices):
    SELF = "self", _("Self-check by the unit")
    REVIEWER = "reviewer", _("Reviewer's score")


class Score(models.Model):
    """A filled-in rubric: the unit's self-check (one per registration) or one reviewer's."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="scores")
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=ScoreKind.choices)
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=1, default=0)
    note = models.TextField(_("note"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), default=timezone.now)

    objects = RelatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["registration", "kind", "scored_at"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(kind="self"),
                name="registry_one_self_check",
            ),
            models.UniqueConstraint(
                fields=["registration", "scorer"],
                condition=models.Q(kind="reviewer"),
                name="registry_one_score_per_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.total}"

    @property
    def band(self) -> str | None:
        return self.rubric.band_for(self.total)


class ScoreItem(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal(0))]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["score", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["score", "criterion"], name="registry_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"

"""A grassroots organisation's steering-group paperwork (directive point 2): the founding
decision and the versioned working regulations. Members and roles are not stored here: they are
the ``units.Membership`` rows on the steering-group unit."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import private_path
from danvan.text import nfc
from danvan.uploads import FileContentValidator
from units.models import Unit
from units.scoping import UnitScopedQuerySet


def decision_upload_to(instance, filename: str) -> str:
    return private_path("steering/decisions", filename)


def regulation_upload_to(instance, filename: str) -> str:
    return private_path("steering/regulations", filename)


class SteeringQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "unit"


class FoundingDecision(models.Model):
    """The party committee's decision establishing the steering group (one per organisation)."""

    unit = models.OneToOneField(
        Unit,
        on_delete=models.PROTECT,
        related_name="steering_founding_decision",
        verbose_name=_("organisation"),
    )
    number = models.CharField(
        _("number/symbol"), max_length=80, help_text=_("As printed, e.g. 15-QĐ/ĐU.")
    )
    decided_on = models.DateField(_("dated"))
    signed_by = models.CharField(_("signed by"), max_length=150, blank=True)
    file = models.FileField(
        _("scanned decision"),
        upload_to=decision_upload_to,
        blank=True,
        max_length=255,
        validators=[FileContentValidator()],
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SteeringQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("founding decision")
        verbose_name_plural = _("founding decisions")

    def __str__(self) -> str:
        return f"{self.number} ({self.decided_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("steering:unit", args=[self.unit_id])

    def normalise(self) -> None:
        self.number = nfc(self.number)
        self.signed_by = nfc(self.signed_by)
        self.note = nfc(self.note)

    def clean(self):
        self.normalise()
        if self.decided_on and self.decided_on > timezone.localdate():
            raise ValidationError({"decided_on": _("The date cannot be in the future.")})


def regulation_version_label(version: int) -> str:
    """A regulations version in words ("v2" told the office nothing): the first adopted text,
    then each amendment."""
    if version <= 1:
        return str(_("First version"))
    return str(
        _("Version %(number)s (amendment %(times)s)") % {"number": version, "times": version - 1}
    )


class WorkingRegulation(models.Model):
    """One adopted version of the steering group's working regulations (Quy chế làm việc)."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="steering_regulations",
        verbose_name=_("organisation"),
    )
    version = models.PositiveSmallIntegerField(_("version"))
    adopted_on = models.DateField(_("adopted on"))
    decision_number = models.CharField(_("issuing decision number"), max_length=80, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=regulation_upload_to,
        blank=True,
        max_length=255,
        validators=[FileContentValidator()],
    )
    note = models.TextField(_("note"), blank=True, help_text=_("What changed in this version."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SteeringQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "-version"]
        verbose_name = _("working regulations")
        verbose_name_plural = _("working regulations")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "version"],
                name="steering_regulation_unique_version",
                violation_error_message=_("This version of the regulations is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.version_label} ({self.adopted_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("steering:unit", args=[self.unit_id])

    @property
    def version_label(self) -> str:
        return regulation_version_label(self.version)

    def normalise(self) -> None:
        self.decision_number = nfc(self.decision_number)
        self.note = nfc(self.note)

    def clean(self):
        self.normalise()
        if not self.adopted_on:
            return
        if self.adopted_on > timezone.localdate():
            raise ValidationError({"adopted_on": _("The date cannot be in the future.")})
        if self.unit_id and self.version:
            previous = (
                WorkingRegulation.objects.filter(unit_id=self.unit_id, version__lt=self.version)
                .order_by("-version")
                .first()
            )
            if previous and self.adopted_on < previous.adopted_on:
                raise ValidationError(
                    {
                        "adopted_on": _(
                            "A new version cannot be adopted before version %(version)s (%(date)s)."
                        )
                        % {
                            "version": previous.version,
                            "date": previous.adopted_on.strftime("%d/%m/%Y"),
                        }
                    }
                )

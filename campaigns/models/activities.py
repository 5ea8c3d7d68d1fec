"""What a grassroots organisation records of its own work: dissemination sessions (directive
point 1) and propaganda activities of the mass organisations (point 4).

Two sibling models on one abstract base rather than one model with a ``kind``: they answer
different questions (which documents were studied vs. which mass organisation acted, in what
form, how many times), each has required fields the other lacks, and the boards count them
separately ("sessions recorded this year"). The base keeps what they share: unit, date,
participants, note, file, who recorded it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.text import nfc
from danvan.uploads import FileContentValidator
from units.models import MassOrganisation, Unit
from units.scoping import UnitScopedQuerySet

from .campaigns import Campaign
from .documents import DirectiveDocument, private_path


def session_upload_to(instance, filename: str) -> str:
    return private_path("campaigns/sessions", filename)


def propaganda_upload_to(instance, filename: str) -> str:
    return private_path("campaigns/propaganda", filename)


class UnitActivityQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "unit"

    def in_year(self, year: int) -> UnitActivityQuerySet:
        return self.filter(held_on__year=year)


class UnitActivityManager(models.Manager.from_queryset(UnitActivityQuerySet)):
    """Records a unit removed are kept (with their files and history) but left out everywhere:
    lists, counts, Tables 01–03, downloads. ``_base_manager`` still reaches them."""

    def get_queryset(self) -> UnitActivityQuerySet:
        return super().get_queryset().filter(removed_at__isnull=True)


class UnitActivity(models.Model):
    """What both kinds of record share."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campaign"),
    )
    held_on = models.DateField(_("date"))
    participants = models.PositiveIntegerField(_("participants"), default=0)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Soft deletion: the unit's "delete" sets this; the row, its file and its history stay.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    objects = UnitActivityManager()

    class Meta:
        abstract = True
        ordering = ["-held_on", "-pk"]

    def clean(self):
        errors = {}
        if self.held_on:
            if self.held_on > timezone.localdate():
                errors["held_on"] = _("The date cannot be in the future.")
            elif self.campaign_id and not (
                self.campaign.start_date <= self.held_on <= self.campaign.end_date
            ):
                errors["held_on"] = _(
                    "The date must lie within the campaign (%(start)s – %(end)s)."
                ) % {
                    "start": self.campaign.start_date.strftime("%d/%m/%Y"),
                    "end": self.campaign.end_date.strftime("%d/%m/%Y"),
                }
        if errors:
            raise ValidationError(errors)


class DisseminationFormat(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    PARTY_MEETING = "party_meeting", _("Party cell meeting")
    ONLINE = "online", _("Online conference")
    OTHER = "other", _("Other")


class DisseminationSession(UnitActivity):
    """A session where the unit disseminated and studied directive documents (quán triệt)."""

    title = models.CharField(_("title"), max_length=255)
    format = models.CharField(
        _("format"),
        max_length=20,
        choices=DisseminationFormat.choices,
        default=DisseminationFormat.CONFERENCE,
    )
    documents = models.ManyToManyField(
        DirectiveDocument,
        blank=True,
        related_name="sessions",
        verbose_name=_("documents studied"),
    )
    file = models.FileField(
        _("file (minutes, photos)"),
        upload_to=session_upload_to,
        blank=True,
        max_length=255,
        validators=[FileContentValidator()],
    )
    history = HistoricalRecords(m2m_fields=["documents"])

    class Meta(UnitActivity.Meta):
        verbose_name = _("dissemination session")
        verbose_name_plural = _("dissemination sessions")
        indexes = [models.Index(fields=["unit", "held_on"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.note = nfc(self.note)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:session_list") + f"?unit={self.unit_id}"


class PropagandaForm(models.TextChoices):
    MEETING = "meeting", _("Meeting or talk")
    PUBLICATION = "publication", _("Newsletter or leaflet")
    LOUDSPEAKER = "loudspeaker", _("Loudspeaker broadcast")
    ONLINE = "online", _("Website or social media")
    BANNER = "banner", _("Banners and posters")
    CONTEST = "contest", _("Contest")
    OTHER = "other", _("Other")


class PropagandaActivity(UnitActivity):
    """Propaganda and mobilisation by a mass organisation of the unit (directive point 4)."""

    mass_organisation = models.ForeignKey(
        MassOrganisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("mass organisation"),
    )
    form = models.CharField(_("form"), max_length=20, choices=PropagandaForm.choices)
    count = models.PositiveIntegerField(
        _("number of activities"), default=1, validators=[MinValueValidator(1)]
    )
    file = models.FileField(
        _("file (photos, materials)"),
        upload_to=propaganda_upload_to,
        blank=True,
        max_length=255,
        validators=[FileContentValidator()],
    )
    history = HistoricalRecords()

    class Meta(UnitActivity.Meta):
        verbose_name = _("propaganda activity")
        verbose_name_plural = _("propaganda activities")
        indexes = [models.Index(fields=["unit", "held_on"])]

    def __str__(self) -> str:
        return f"{self.mass_organisation} – {self.get_form_display()} ({self.held_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.note = nfc(self.note)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:propaganda_list") + f"?unit={self.unit_id}"

"""Praise, commendation and rewards (domain.md §5): forms, quotas, proposals, decisions."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from campaigns.models import Campaign
from danvan.models import ConfigurableList, KeptManager
from danvan.text import nfc
from danvan.uploads import DOCUMENT_KINDS, FileContentValidator
from danvan.workflow import AbstractTransitionEvent
from models_registry.models import Sex
from units.models import MassOrganisation, Unit
from units.scoping import UnitScopedQuerySet


class IssuerLevel(models.TextChoices):
    BLOC = "bloc", _("Bloc")
    PROVINCE = "province", _("Province")
    MASS_ORGANISATION = "mass_organisation", _("Mass organisation")


class DocumentFormat(models.TextChoices):
    """How the issuer's papers are laid out (domain.md §6): a Party body's per Guideline
    36-HD/VPTW, a state body's (the provincial People's Committee) per Decree 30/2020."""

    PARTY = "party", _("Party (Guideline 36-HD/VPTW)")
    STATE = "state", _("State (Decree 30/2020)")


class AwardForm(ConfigurableList):
    """A form of award (Giấy khen, Tuyên dương, Bằng khen…): a configurable list."""

    name = models.CharField(_("name"), max_length=200)
    issuer_level = models.CharField(
        _("issued at"), max_length=20, choices=IssuerLevel.choices, default=IssuerLevel.BLOC
    )
    document_format = models.CharField(
        _("format of its papers"),
        max_length=10,
        choices=DocumentFormat.choices,
        default=DocumentFormat.PARTY,
    )
    paper_title = models.CharField(
        _("title printed on the certificate"),
        max_length=60,
        blank=True,
        help_text=_("E.g. Giấy khen, Bằng khen; empty: the form's name."),
    )
    for_collective = models.BooleanField(_("can go to a collective"), default=True)
    for_individual = models.BooleanField(_("can go to an individual"), default=True)

    class Meta(ConfigurableList.Meta):
        verbose_name = _("form of award")
        verbose_name_plural = _("forms of award")

    def allows(self, kind: str) -> bool:
        return self.for_collective if kind == NomineeKind.COLLECTIVE else self.for_individual

    @property
    def is_state(self) -> bool:
        return self.document_format == DocumentFormat.STATE

    @property
    def title(self) -> str:
        return self.paper_title or self.name


class Quota(models.Model):
    """“Each unit proposes at most N collectives and M individuals” for a campaign, year, form."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="award_quotas", verbose_name=_("campaign")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    form = models.ForeignKey(
        AwardForm, on_delete=models.PROTECT, related_name="quotas", verbose_name=_("form of award")
    )
    max_collectives = models.PositiveSmallIntegerField(_("at most, collectives per unit"))
    max_individuals = models.PositiveSmallIntegerField(_("at most, individuals per unit"))
    updated_at = models.DateTimeField(_("last saved at"), default=timezone.now)
    # Soft deletion: "remove" sets this; the row and its history stay (KeptManager).
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    objects = KeptManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "-year", "form__order"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "year", "form"],
                condition=models.Q(removed_at__isnull=True),
                name="awards_quota_unique",
                violation_error_message=_(
                    "This campaign already has a quota for that year and form."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.year}"

    def clean(self):
        if self.campaign_id and self.year and self.year not in self.campaign.years:
            raise ValidationError({"year": _("The year lies outside the campaign's period.")})


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("proposal status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("proposal status", "Submitted")
    RETURNED = "returned", pgettext_lazy("proposal status", "Returned for revision")
    RESUBMITTED = "resubmitted", pgettext_lazy("proposal status", "Resubmitted")
    ACCEPTED = "accepted", pgettext_lazy("proposal status", "Accepted")
    NOT_ACCEPTED = "not_accepted", pgettext_lazy("proposal status", "Not accepted")


EDITABLE_STATES = frozenset({ProposalStatus.DRAFT, ProposalStatus.RETURNED})


def dossier_path(instance: models.Model, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"awards/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ProposalQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "unit"


def _dossier_file(label):
    return models.FileField(
        label,
        upload_to=dossier_path,
        max_length=255,
        blank=True,
        validators=[FileContentValidator(DOCUMENT_KINDS)],
    )


class Proposal(models.Model):
    """A grassroots organisation's proposal for awards (đề nghị khen thưởng) for one year."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="award_proposals",
        verbose_name=_("party organisation"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="award_proposals",
        verbose_name=_("campaign"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
        db_index=True,
    )
    letter = _dossier_file(_("submission letter"))
    letter_name = models.CharField(max_length=255, blank=True, editable=False)
    minutes = _dossier_file(_("minutes of the review meeting"))
    minutes_name = models.CharField(max_length=255, blank=True, editable=False)
    report = _dossier_file(_("achievement report"))
    report_name = models.CharField(max_length=255, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved at"), default=timezone.now)

    objects = ProposalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "unit__path", "pk"]
        verbose_name = _("award proposal")
        verbose_name_plural = _("award proposals")
        indexes = [models.Index(fields=["campaign", "year", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "campaign", "year"],
                name="awards_proposal_one_per_year",
                violation_error_message=_(
                    "This organisation already has a proposal for that campaign and year."
                ),
            )
        ]

    def __str__(self) -> str:
        return str(_("Proposal of %(unit)s, %(year)s") % {"unit": self.unit, "year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("awards:detail", args=[self.pk])

    def clean(self):
        if self.campaign_id and self.year and self.year not in self.campaign.years:
            raise ValidationError({"year": _("The year lies outside the campaign's period.")})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATES


DOSSIER_FIELDS = ("letter", "minutes", "report")
REQUIRED_DOSSIER = ("letter", "minutes")


EVENT_LABELS = {
    "create": _("Draft started"),
    "decision": _("Named in an award decision"),
}


class ProposalEvent(AbstractTransitionEvent):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")

    class Meta(AbstractTransitionEvent.Meta):
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")

    @property
    def label(self) -> str:
        """What happened, in words: a mark's name, else the status reached."""
        if self.transition in EVENT_LABELS:
            return str(EVENT_LABELS[self.transition])
        return str(dict(ProposalStatus.choices).get(self.to_state, self.to_state))


class NomineeKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class NomineeQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "proposal__unit"


class Nominee(models.Model):
    """One line of the short list (danh sách trích ngang): who, which form, for what."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="nominees")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(
        pgettext_lazy("awards", "type"), max_length=12, choices=NomineeKind.choices
    )
    form = models.ForeignKey(
        AwardForm,
        on_delete=models.PROTECT,
        related_name="nominees",
        verbose_name=_("proposed form"),
    )
    name = models.CharField(_("name of the collective or full name"), max_length=255)
    registration = models.ForeignKey(
        "models_registry.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="award_nominees",
        verbose_name=_("recognised model or exemplar"),
    )
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    work_unit = models.CharField(_("work unit"), max_length=200, blank=True)
    mass_organisation = models.ForeignKey(
        MassOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mass organisation"),
    )
    achievement = models.CharField(_("achievement in one line"), max_length=400)
    # Soft deletion: removing a nominee from the short list sets this; row and history stay.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    objects = KeptManager.from_queryset(NomineeQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal", "order", "pk"]
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.form_id and self.kind and not self.form.allows(self.kind):
            errors["form"] = _("“%(form)s” cannot be given to a %(kind)s.") % {
                "form": self.form,
                "kind": self.get_kind_display().lower(),
            }
        if self.kind == NomineeKind.INDIVIDUAL and not (self.position or "").strip():
            errors["position"] = _("Please give the person's position.")
        individual = self.kind == NomineeKind.INDIVIDUAL
        if individual and self.registration_id and self.registration.kind == "model":
            errors["registration"] = _("A model goes to a collective, not a person.")
        if (
            self.registration_id
            and self.proposal_id
            and self.registration.unit_id != self.proposal.unit_id
        ):
            errors["registration"] = _("Pick a registration of this organisation.")
        if errors:
            raise ValidationError(errors)

    def normalise(self) -> None:
        self.name = nfc(self.name).strip()
        self.position = nfc(self.position).strip()
        self.work_unit = nfc(self.work_unit).strip()
        self.achievement = nfc(self.achievement).strip()


class DecisionQuerySet(UnitScopedQuerySet):
    """Scoped by the issuing unit (the bloc whose standing committee signs or proposes)."""

    scope_unit_lookup = "unit"


class Decision(models.Model):
    """An award decision (quyết định khen thưởng) and its recipients."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="award_decisions",
        verbose_name=_("recorded for"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="award_decisions",
        verbose_name=_("campaign"),
    )
    year = models.PositiveSmallIntegerField(_("year of the achievements"))
    number = models.CharField(
        _("number"),
        max_length=60,
        help_text=_("As written on the decision, e.g. 125-QĐ/ĐUK or 123/QĐ-UBND."),
    )
    date = models.DateField(_("date signed"))
    issuer = models.CharField(_("issued by"), max_length=200)
    form = models.ForeignKey(
        AwardForm,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("form of award"),
    )
    signed_file = models.FileField(
        _("signed decision"),
        upload_to=dossier_path,
        max_length=255,
        blank=True,
        validators=[FileContentValidator(DOCUMENT_KINDS)],
    )
    signed_file_name = models.CharField(max_length=255, blank=True, editable=False)
    # What the decision and its certificates print beyond the record: the body at the top
    # left, the grounds, the signature block and the copies (empty: sensible defaults).
    issuing_body = models.CharField(
        _("issuing body (header)"),
        max_length=200,
        blank=True,
        help_text=_(
            "As printed at the top left; empty: the bloc for a Party body, the provincial "
            "People's Committee for a state one."
        ),
    )
    grounds = models.TextField(
        _("grounds (Căn cứ…)"), blank=True, help_text=_("One per line; empty: the usual ones.")
    )
    signer_on_behalf = models.CharField(
        _("signing on behalf of"),
        max_length=100,
        blank=True,
        help_text=_("E.g. T/M BAN THƯỜNG VỤ, TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH; may be empty."),
    )
    signer_title = models.CharField(
        _("signer's title"), max_length=100, blank=True, help_text=_("E.g. BÍ THƯ, CHỦ TỊCH.")
    )
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    copies_to = models.TextField(
        _("copies to"), blank=True, help_text=_("“Nơi nhận”: one recipient per line.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        indexes = [models.Index(fields=["campaign", "year"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("awards:decision", args=[self.pk])


class RecipientQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "unit"


class Recipient(models.Model):
    """A collective or a person named in a decision; from a nominee, or typed by the office."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="recipients")
    nominee = models.OneToOneField(
        Nominee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recipient",
        verbose_name=_("nominee"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="award_recipients",
        verbose_name=_("party organisation"),
    )
    kind = models.CharField(
        pgettext_lazy("awards", "type"), max_length=12, choices=NomineeKind.choices
    )
    name = models.CharField(_("name of the collective or full name"), max_length=255)
    position = models.CharField(_("position"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = RecipientQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "order", "pk"]
        verbose_name = pgettext_lazy("award", "recipient")
        verbose_name_plural = pgettext_lazy("award", "recipients")

    def __str__(self) -> str:
        return self.name

"""A registration of a "Dân vận khéo" model or exemplar, and what hangs off it."""

from __future__ import annotations

import uuid
from decimal import Decimal

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
from danvan.text import fold, nfc
from danvan.uploads import DOCUMENT_KINDS, FileContentValidator
from danvan.workflow import AbstractTransitionEvent
from units.models import Unit
from units.scoping import UnitScopedQuerySet

from .config import Field, Organisation


class Kind(models.TextChoices):
    MODEL = "model", _("Model")
    COLLECTIVE_EXEMPLAR = "collective", _("Collective exemplar")
    INDIVIDUAL_EXEMPLAR = "individual", _("Individual exemplar")


class Level(models.TextChoices):
    GRASSROOTS = "grassroots", _("Grassroots level")
    BLOC = "bloc", _("Bloc level")


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("registration status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("registration status", "Submitted")
    RETURNED = "returned", pgettext_lazy("registration status", "Returned for revision")
    RESUBMITTED = "resubmitted", pgettext_lazy("registration status", "Resubmitted")
    ACCEPTED = "accepted", pgettext_lazy("registration status", "Accepted")
    IN_PROGRESS = "in_progress", pgettext_lazy("registration status", "In progress")
    SELF_ASSESSED = "self_assessed", pgettext_lazy("registration status", "Self-assessed")
    UNDER_REVIEW = "under_review", pgettext_lazy("registration status", "Under review")
    RECOGNISED = "recognised", pgettext_lazy("registration status", "Recognised")
    NOT_RECOGNISED = "not_recognised", pgettext_lazy("registration status", "Not recognised")
    OUTSTANDING = "outstanding", pgettext_lazy("registration status", "Outstanding")
    WITHDRAWN = "withdrawn", pgettext_lazy("registration status", "Withdrawn")


EDITABLE_STATES = frozenset({Status.DRAFT, Status.RETURNED})
LIBRARY_STATES = frozenset({Status.RECOGNISED, Status.OUTSTANDING})
# "Registered": sent in and not handed back. The one meaning used by the who-has-not-registered
# list, Table 01 and the reminders' completion rule (``RegistrationQuerySet.registered``): a
# registration returned for revision is back with the unit, so the unit is reminded again.
REGISTERED_STATES = frozenset(set(Status) - {Status.DRAFT, Status.WITHDRAWN, Status.RETURNED})
SENT_STATES = frozenset(set(Status) - {Status.DRAFT})


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class RegistrationQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "unit"

    def sent(self):
        return self.exclude(status=Status.DRAFT)

    def registered(self):
        return self.filter(status__in=REGISTERED_STATES)

    def in_library(self):
        return self.filter(status__in=LIBRARY_STATES)

    def search(self, text: str):
        """Accent-insensitive: every word typed must appear in the folded text."""
        queryset = self
        for word in fold(text).split()[:8]:
            queryset = queryset.filter(search_text__contains=word)
        return queryset


def _choice_label(choices: type[models.TextChoices], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:  # a value no longer among the choices shows as stored, as Django does
        return value


class Registration(models.Model):
    """One model or exemplar registered by a grassroots party organisation for a year."""

    # Who and when
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("party organisation"),
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("campaign")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(
        pgettext_lazy("registry", "type"), max_length=12, choices=Kind.choices, default=Kind.MODEL
    )
    level = models.CharField(
        _("level"), max_length=12, choices=Level.choices, default=Level.GRASSROOTS
    )
    primary_field = models.ForeignKey(
        Field,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_registrations",
        verbose_name=_("main field"),
    )
    secondary_fields = models.ManyToManyField(
        Field, blank=True, related_name="secondary_registrations", verbose_name=_("other fields")
    )
    continued_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continuations",
        verbose_name=_("continues the registration"),
    )
    replicated_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replications",
        verbose_name=_("replicates the model"),
    )
    # Ownership
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_registrations",
        verbose_name=_("lead organisation"),
    )
    contact_name = models.CharField(_("person in charge"), max_length=150, blank=True)
    contact_position = models.CharField(_("position"), max_length=150, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    # The ten items of the form
    name = models.CharField(_("1. Name of the model or exemplar"), max_length=300)
    situation = models.TextField(_("2. Current situation and reason"), blank=True)
    objectives = models.TextField(_("3. Objectives"), blank=True)
    content = models.TextField(_("4. Content, methods and solutions"), blank=True)
    scope = models.TextField(_("5. Area and beneficiaries (scale)"), blank=True)
    implementers = models.TextField(_("6. Who carries it out, and each one's role"), blank=True)
    budget_vnd = models.PositiveBigIntegerField(_("budget (VND)"), null=True, blank=True)
    budget_sources = models.CharField(_("sources of funds"), max_length=300, blank=True)
    workdays = models.PositiveIntegerField(_("workdays"), null=True, blank=True)
    means = models.TextField(_("means and materials"), blank=True)
    socialised = models.TextField(_("socialised contributions"), blank=True)
    start_date = models.DateField(_("starts on"), null=True, blank=True)
    milestones = models.TextField(_("milestones"), blank=True)
    evaluation_date = models.DateField(_("evaluation date"), null=True, blank=True)
    expected_outputs = models.TextField(_("9. Expected, verifiable outputs"), blank=True)
    sustainability = models.TextField(_("10. Sustainability and replicability"), blank=True)
    # Sign-off by the party committee
    committee_opinion = models.TextField(_("opinion of the party committee"), blank=True)
    committee_signer = models.CharField(_("signed by"), max_length=150, blank=True)
    committee_signer_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    committee_opinion_date = models.DateField(_("date of the opinion"), null=True, blank=True)
    # Individual exemplar
    person_name = models.CharField(_("full name"), max_length=150, blank=True)
    person_birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    person_sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    person_ethnicity = models.CharField(_("ethnicity"), max_length=60, blank=True)
    person_party_member = models.BooleanField(_("party member"), null=True, blank=True)
    person_position = models.CharField(_("position"), max_length=150, blank=True)
    person_unit = models.CharField(_("work unit"), max_length=200, blank=True)
    # Workflow
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    is_late = models.BooleanField(_("late"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    decision_number = models.CharField(_("recognition decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("recognition decision date"), null=True, blank=True)
    final_score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    carried_over = models.BooleanField(_("carried over to next year"), default=False)
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved at"), default=timezone.now)

    objects = RegistrationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["secondary_fields"])

    class Meta:
        ordering = ["-year", "unit__path", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["campaign", "year", "status"]),
            models.Index(fields=["unit", "year"]),
            # The library lists recognised models newest decision first, 20 a page.
            models.Index(
                models.F("decision_date").desc(),
                models.F("id").desc(),
                condition=models.Q(status__in=sorted(LIBRARY_STATES)),
                name="registry_library_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(evaluation_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(evaluation_date__gte=models.F("start_date")),
                name="registry_evaluation_after_start",
                violation_error_message=_("The evaluation date must not be before the start."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("models_registry:detail", args=[self.pk])

    # Django's generated get_FOO_display() builds a dict of every (lazy) choice on each call,
    # hashing and so translating each label: ten gettext calls per cell in a 50-row list. The
    # enum's label is one lookup and one translation.
    def get_kind_display(self) -> str:
        return _choice_label(Kind, self.kind)

    def get_level_display(self) -> str:
        return _choice_label(Level, self.level)

    def get_status_display(self) -> str:
        return _choice_label(Status, self.status)

    def clean(self):
        errors = {}
        if self.start_date and self.evaluation_date and self.evaluation_date < self.start_date:
            errors["evaluation_date"] = _("The evaluation date must not be before the start.")
        if self.campaign_id and self.year and self.year not in self.campaign.years:
            errors["year"] = _("The year lies outside the campaign's period.")
        if errors:
            raise ValidationError(errors)

    def normalise(self) -> None:
        """NFC text and the folded search column (services and bulk inserts call this)."""
        self.name = nfc(self.name).strip()
        self.person_name = nfc(self.person_name).strip()
        unit_name = self.unit.name if self.unit_id else ""
        self.search_text = fold(
            " ".join(filter(None, [self.name, self.person_name, self.contact_name, unit_name]))
        )

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATES

    @property
    def in_library(self) -> bool:
        return self.status in LIBRARY_STATES

    def missing_for_submission(self) -> list[str]:
        """What the unit must still fill in before it can submit (plain sentences)."""
        missing: list[str] = []
        required = [
            ("name", self.name),
            ("situation", self.situation),
            ("objectives", self.objectives),
            ("content", self.content),
            ("scope", self.scope),
            ("implementers", self.implementers),
            ("expected_outputs", self.expected_outputs),
            ("sustainability", self.sustainability),
            ("contact_name", self.contact_name),
            ("contact_phone", self.contact_phone),
            ("start_date", self.start_date),
            ("evaluation_date", self.evaluation_date),
            ("primary_field", self.primary_field_id),
            ("lead_organisation", self.lead_organisation_id),
        ]
        if self.kind == Kind.INDIVIDUAL_EXEMPLAR:
            required += [
                ("person_name", self.person_name),
                ("person_birth_year", self.person_birth_year),
                ("person_sex", self.person_sex),
                ("person_position", self.person_position),
            ]
        for field_name, value in required:
            if value in (None, ""):
                label = self._meta.get_field(field_name).verbose_name
                missing.append(str(_("“%(field)s” is empty.")) % {"field": label})
        targets = list(self.targets.all())
        if self.kind != Kind.INDIVIDUAL_EXEMPLAR and not targets:
            missing.append(str(_("Add at least one measurable target.")))
        for target in targets:
            if not target.is_complete:
                missing.append(
                    str(_("Target “%(name)s” needs a target value and a unit."))
                    % {"name": target.name or "?"}
                )
        return missing


EVENT_LABELS = {
    "create": _("Draft started"),
    "score_self": _("Self-check saved"),
    "score_reviewer": _("Reviewer's score saved"),
    "carried_over": _("Marked as carried over to next year"),
    "not_carried_over": _("No longer carried over"),
}


class RelatedQuerySet(UnitScopedQuerySet):
    """Rows that belong to a registration are scoped through its unit."""

    scope_unit_lookup = "registration__unit"


class Target(models.Model):
    """A measurable target: name, target value, unit of measure."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("target"), max_length=255)
    target_value = models.DecimalField(
        _("target value"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    measure = models.CharField(_("unit of measure"), max_length=60, blank=True)
    achieved_value = models.DecimalField(
        _("achieved"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )

    objects = RelatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["registration", "order", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return self.name

    @property
    def is_complete(self) -> bool:
        return bool(self.name and self.target_value is not None and self.measure)

    @property
    def percent_achieved(self) -> int | None:
        """Achieved as a share of the target value (may pass 100); None when unknown."""
        if not self.target_value or self.achieved_value is None:
            return None
        return round(self.achieved_value / self.target_value * 100)

    @property
    def bar_width(self) -> int:
        """Width of the progress bar, 0–100."""
        return max(0, min(self.percent_achieved or 0, 100))


class Partner(models.Model):
    """An organisation that takes part in the model, and its role."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("registry", "organisation"),
    )
    role = models.CharField(_("role"), max_length=255, blank=True)

    objects = RelatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["registration", "pk"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self) -> str:
        return f"{self.organisation} – {self.role}"


class RegistrationEvent(AbstractTransitionEvent):
    STATE_CHOICES = Status

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="events")

    objects = RelatedQuerySet.as_manager()

    class Meta(AbstractTransitionEvent.Meta):
        verbose_name = _("registration history entry")
        verbose_name_plural = _("registration history")

    @property
    def step_label(self) -> str:
        from models_registry.workflow import REGISTRATION_WORKFLOW

        step = REGISTRATION_WORKFLOW.by_name.get(self.transition)
        return str(step.label if step else EVENT_LABELS.get(self.transition, self.transition))


class ProgressUpdate(models.Model):
    """What the unit has done so far, with evidence attached."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="progress_updates"
    )
    happened_on = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    # The values reported with this update, as they were then: [{"target": pk, "name": …,
    # "value": "12", "target_value": "20", "measure": "lớp", "note": …}] (history of the targets).
    values = models.JSONField(_("values reported"), default=list, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = RelatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["registration", "-happened_on", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.happened_on:%d/%m/%Y}"


class AttachmentKind(models.TextChoices):
    PLAN = "plan", _("Implementation plan")
    PHOTO = "photo", _("Photo")
    EVIDENCE = "evidence", _("Evidence")
    OTHER = "other", _("Other")


def attachment_path(instance: Attachment, filename: str) -> str:
    suffix = "".join(c for c in filename[filename.rfind(".") :] if c.isalnum() or c == ".")[:8]
    return f"registrations/{instance.registration_id}/{uuid.uuid4().hex}{suffix.lower()}"


class AttachmentManager(models.Manager.from_queryset(RelatedQuerySet)):
    """Removed files are left out everywhere (pages, prefetches, dossiers, downloads);
    ``_base_manager`` still reaches them."""

    def get_queryset(self) -> RelatedQuerySet:
        return super().get_queryset().filter(removed_at__isnull=True)


class Attachment(models.Model):
    """A file kept privately and served only by an access-checked view."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attachments"
    )
    progress = models.ForeignKey(
        ProgressUpdate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=AttachmentKind.choices, default=AttachmentKind.PLAN
    )
    title = models.CharField(pgettext_lazy("document", "title"), max_length=255, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=attachment_path,
        max_length=255,
        validators=[FileContentValidator(DOCUMENT_KINDS)],
    )
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # Soft deletion: removing a file from a draft sets this; the row, the file and the history
    # stay (reviewers may need to see what was sent before), out of every page and dossier.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    objects = AttachmentManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["registration", "kind", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title or self.original_name


class Comment(models.Model):
    """A comment visible to the unit, or an internal note only reviewers read."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    body = models.TextField(_("comment"), max_length=5000)
    internal = models.BooleanField(_("internal note (reviewers only)"), default=False)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    objects = RelatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["registration", "created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:60]

"""Periodic reports of grassroots organisations and the PDF render jobs of the bloc summary."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from campaigns.models import Deadline, DeadlineKind
from danvan.models import BackgroundJob, JobStatus  # noqa: F401 - JobStatus: imported from here too
from danvan.workflow import AbstractTransitionEvent
from units.models import Unit
from units.scoping import UnitScopedQuerySet

# Deadlines of these kinds are report periods: each grassroots organisation reports once.
REPORT_KINDS = (
    DeadlineKind.SIX_MONTH_REPORT,
    DeadlineKind.ANNUAL_REPORT,
    DeadlineKind.MID_TERM_REVIEW,
    DeadlineKind.FINAL_REVIEW,
)
# Reviews cover the campaign from its start; 6-month and annual reports cover their year.
CUMULATIVE_KINDS = (DeadlineKind.MID_TERM_REVIEW, DeadlineKind.FINAL_REVIEW)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report status", "Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", _("Accepted")


SENT_STATES = frozenset({ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED, ReportStatus.ACCEPTED})
EDITABLE_STATES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})

# The narrative sections of the outline (domain.md §4), in order: (field, heading).
SECTIONS: list[tuple[str, object]] = [
    ("situation", _("I. General situation")),
    ("leadership", _("II. Leadership and direction")),
    ("results_by_field", _("III. Results by field")),
    ("assessment", _("IV. Assessment: strengths, weaknesses, causes, lessons")),
    ("direction", _("V. Direction for the next period")),
    ("proposals", _("VI. Proposals")),
]
# Figures a person must judge (records may be incomplete): (field, computed attribute, label).
JUDGED_FIGURES: list[tuple[str, str, object]] = [
    ("sessions_reported", "sessions", _("Dissemination sessions held")),
    ("participants_reported", "session_participants", _("Attendees of the sessions")),
    ("propaganda_reported", "propaganda", pgettext_lazy("report figure", "Propaganda activities")),
]


class PeriodicReportQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "unit"

    def sent(self):
        return self.filter(status__in=SENT_STATES)


class PeriodicReport(models.Model):
    """One grassroots organisation's report for one period (a report deadline)."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="periodic_reports",
        verbose_name=_("party organisation"),
    )
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.PROTECT,
        related_name="periodic_reports",
        verbose_name=_("period"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    is_late = models.BooleanField(_("late"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    situation = models.TextField(_("I. General situation"), blank=True)
    leadership = models.TextField(_("II. Leadership and direction"), blank=True)
    results_by_field = models.TextField(_("III. Results by field"), blank=True)
    assessment = models.TextField(
        _("IV. Assessment: strengths, weaknesses, causes, lessons"), blank=True
    )
    direction = models.TextField(_("V. Direction for the next period"), blank=True)
    proposals = models.TextField(_("VI. Proposals"), blank=True)

    sessions_reported = models.PositiveIntegerField(
        _("dissemination sessions held"), null=True, blank=True
    )
    participants_reported = models.PositiveIntegerField(
        _("attendees of the sessions"), null=True, blank=True
    )
    propaganda_reported = models.PositiveIntegerField(
        pgettext_lazy("report figure", "propaganda activities"), null=True, blank=True
    )
    figures_note = models.TextField(_("why the figures differ from the records"), blank=True)
    # The statistics as they stood when the report was sent (the reviewer judges these).
    stats_snapshot = models.JSONField(default=dict, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("last saved by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved at"), default=timezone.now)

    objects = PeriodicReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline__due_date", "unit__path"]
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "deadline"],
                name="reports_one_report_per_unit_and_period",
                violation_error_message=_(
                    "This organisation already has a report for this period."
                ),
            )
        ]
        indexes = [models.Index(fields=["deadline", "status"])]

    def __str__(self) -> str:
        return f"{self.deadline.title} – {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATES


class PeriodicReportEvent(AbstractTransitionEvent):
    STATE_CHOICES = ReportStatus

    report = models.ForeignKey(
        PeriodicReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("report")
    )

    class Meta(AbstractTransitionEvent.Meta):
        verbose_name = _("report history entry")
        verbose_name_plural = _("report history")


class RenderJobQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "root"


def render_upload_to(instance, filename: str) -> str:
    return f"private/reports/summaries/{timezone.now():%Y/%m}/{filename}"


class RenderJob(BackgroundJob):
    """A heavy PDF rendered by a Celery task, the file kept for download: a bloc summary (root
    and period) or every certificate of an award decision (root = the decision's unit)."""

    root = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("period"),
        null=True,
        blank=True,
    )
    decision = models.ForeignKey(
        "awards.Decision",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("award decision"),
        null=True,
        blank=True,
    )
    file = models.FileField(_("file"), upload_to=render_upload_to, blank=True, max_length=255)
    pages = models.PositiveIntegerField(_("pages"), default=0)

    objects = RenderJobQuerySet.as_manager()

    class Meta(BackgroundJob.Meta):
        verbose_name = _("PDF render job")
        verbose_name_plural = _("PDF render jobs")

    def __str__(self) -> str:
        what = self.deadline.title if self.deadline_id else str(self.decision)
        return f"{what} – {self.root} ({self.get_status_display()})"

    @property
    def download_name(self) -> str:
        if self.decision_id:
            return f"giay-khen-{self.decision_id}.pdf"
        return f"bao-cao-tong-hop-{self.deadline_id}.pdf"


# --- How the bloc signs its summary (36-HD/VPTW; domain.md §6) ---------------------------------


class SignatureFields(models.Model):
    """Who signs and who receives a document: the parts the office sets before each signing."""

    on_behalf = models.CharField(
        _("signing on behalf of"),
        max_length=120,
        blank=True,
        help_text=_(
            "For instance “T/M BAN THƯỜNG VỤ”; leave blank when the signer signs directly."
        ),
    )
    signer_position = models.CharField(
        _("signer's position"), max_length=120, help_text=_("For instance “PHÓ BÍ THƯ”.")
    )
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    recipients = models.TextField(
        _("recipients (“Nơi nhận”)"),
        blank=True,
        help_text=_("One recipient a line, for instance “Ban Thường vụ Tỉnh ủy (b/c),”."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("last saved by"),
    )
    updated_at = models.DateTimeField(_("last saved at"), default=timezone.now)

    class Meta:
        abstract = True

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class LetterheadQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "unit"


class BlocLetterhead(SignatureFields):
    """A bloc's letterhead and usual signer, kept by its standing office; each summary starts
    from it (:class:`SummaryText`). Until saved, defaults come from the unit tree
    (``reports.letterheads.letterhead_for``)."""

    unit = models.OneToOneField(
        Unit, on_delete=models.PROTECT, related_name="letterhead", verbose_name=_("unit")
    )
    parent_body = models.TextField(
        _("parent body"),
        blank=True,
        help_text=_("As printed above the issuing body; one printed line a line if you wish."),
    )
    issuing_body = models.TextField(
        _("issuing body"),
        help_text=_(
            "As printed in bold; put a line break where the name should wrap, or leave one line "
            "to let it wrap between words."
        ),
    )
    issuer_code = models.CharField(
        _("issuer's abbreviation"),
        max_length=20,
        help_text=_("The part after the slash in the number symbol, for instance “ĐUK”."),
    )

    objects = LetterheadQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("letterhead and signature")
        verbose_name_plural = _("letterheads and signatures")

    def __str__(self) -> str:
        return str(self.unit)


class SummaryTextQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "root"


class SummaryText(SignatureFields):
    """What the standing office writes into one bloc summary before it is rendered: the number,
    the signer and recipients (first copied from the bloc's letterhead) and sections IV–VI."""

    root = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    deadline = models.ForeignKey(
        Deadline, on_delete=models.PROTECT, related_name="+", verbose_name=_("period")
    )
    number = models.CharField(
        pgettext_lazy("document number", "number"),
        max_length=20,
        blank=True,
        help_text=_("Leave blank to print “Số      -BC/…” and write the number in at signing."),
    )
    assessment = models.TextField(
        _("IV. Assessment: strengths, weaknesses, causes, lessons"), blank=True
    )
    direction = models.TextField(_("V. Direction for the next period"), blank=True)
    proposals = models.TextField(_("VI. Proposals"), blank=True)

    objects = SummaryTextQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bloc summary text")
        verbose_name_plural = _("bloc summary texts")
        constraints = [
            models.UniqueConstraint(
                fields=["root", "deadline"], name="reports_one_summary_text_per_unit_and_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline.title} – {self.root}"

    # Each line the office typed is a paragraph of the printed section (indented, justified).
    @property
    def assessment_paragraphs(self) -> list[str]:
        return _paragraphs(self.assessment)

    @property
    def direction_paragraphs(self) -> list[str]:
        return _paragraphs(self.direction)

    @property
    def proposals_paragraphs(self) -> list[str]:
        return _paragraphs(self.proposals)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]

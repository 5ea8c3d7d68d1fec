"""Inspection and support visits with their follow-up actions (directive point 5), and questions
from a unit to the standing office with the published Q&A (point 6).

Visits, follow-ups and questions belong to a grassroots organisation and are scoped through
``units.scoping``. A published answer is a copy with no link to any unit: the Q&A page every
logged-in person reads cannot show who asked.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from campaigns.models import private_path
from danvan.models import ConfigurableList
from danvan.text import fold, nfc, one_line
from danvan.uploads import FileContentValidator
from danvan.workflow import AbstractTransitionEvent
from units.models import Unit
from units.scoping import UnitScopedQuerySet


def minutes_upload_to(instance, filename: str) -> str:
    return private_path("support/minutes", filename)


def evidence_upload_to(instance, filename: str) -> str:
    return private_path("support/evidence", filename)


def question_upload_to(instance, filename: str) -> str:
    return private_path("support/questions", filename)


# ---------------------------------------------------------------- visits


class VisitKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    SUPPORT = "support", _("Support visit")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Assessment(models.TextChoices):
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    NEEDS_IMPROVEMENT = "needs_improvement", _("Needs improvement")


class FocusItem(models.TextChoices):
    STEERING_GROUP = "steering_group", _("Steering group set up")
    REGULATIONS = "regulations", _("Working regulations")
    DISSEMINATION = "dissemination", _("Dissemination of the directives")
    REGISTRATIONS = "registrations", _("Registration of models and exemplars")
    PROGRESS = "progress", _("Progress of the models")
    REPORTS = "reports", _("Periodic reports")


class VisitQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "unit"

    def held_in(self, year: int) -> VisitQuerySet:
        return self.filter(status=VisitStatus.HELD, held_on__year=year)


class Visit(models.Model):
    """An inspection or support visit to one grassroots organisation: planned, then held."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="support_visits",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    planned_on = models.DateField(_("planned date"))
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("team lead"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("team members")
    )
    focus = models.JSONField(_("focus items"), default=list, blank=True)
    purpose = models.TextField(_("purpose and notes"), blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    assessment = models.CharField(
        _("assessment"), max_length=20, choices=Assessment.choices, blank=True
    )
    minutes = models.FileField(
        _("minutes"),
        upload_to=minutes_upload_to,
        blank=True,
        max_length=255,
        validators=[FileContentValidator()],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("planned by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = VisitQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["team"])

    class Meta:
        ordering = ["-planned_on", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["unit", "status", "held_on"]),
            models.Index(fields=["status", "planned_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.unit} ({self.planned_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("support:visit", args=[self.pk])

    def focus_labels(self) -> list[str]:
        labels = dict(FocusItem.choices)
        return [str(labels.get(code, code)) for code in self.focus or []]

    def clean(self):
        self.purpose = nfc(self.purpose)
        self.findings = nfc(self.findings)
        unknown = set(self.focus or []) - set(FocusItem.values)
        if unknown:
            raise ValidationError({"focus": _("Unknown focus item.")})
        if self.unit_id and not self.unit.unit_type.is_grassroots:
            raise ValidationError({"unit": _("Visits are made to grassroots party organisations.")})
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("The visit cannot be held in the future.")})
        if self.planned_on and self.planned_on.year < 2000:
            raise ValidationError({"planned_on": _("Please check the year of this date.")})


class _LabelledEvent(AbstractTransitionEvent):
    """An event row whose step name reads as a sentence on the page."""

    STEP_LABELS: dict = {}

    class Meta(AbstractTransitionEvent.Meta):
        abstract = True

    @property
    def step_label(self) -> str:
        return str(self.STEP_LABELS.get(self.transition, self.transition))


class VisitEvent(_LabelledEvent):
    STEP_LABELS = {
        "plan": _("Visit planned"),
        "record": _("Visit recorded as held"),
        "cancel": _("Visit cancelled"),
    }

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="events", verbose_name=_("visit")
    )

    class Meta(_LabelledEvent.Meta):
        verbose_name = _("visit event")
        verbose_name_plural = _("visit events")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("follow-up", "Open")
    ANSWERED = "answered", pgettext_lazy("follow-up", "Answered by the unit")
    CLOSED = "closed", pgettext_lazy("follow-up", "Closed")


class FollowUpQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "unit"

    def not_closed(self) -> FollowUpQuerySet:
        return self.exclude(status=FollowUpStatus.CLOSED)

    def overdue(self, today=None) -> FollowUpQuerySet:
        today = today or timezone.localdate()
        return self.filter(status=FollowUpStatus.OPEN, due_on__lt=today)


class FollowUp(models.Model):
    """An action the visit asks of the unit, with a due date; the unit answers, reviewers close."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("visit")
    )
    # The visit's organisation, kept on the row: scoping, the workflow's role check and the
    # coverage board's counts read it without a join.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    action = models.TextField(_("what the unit should do"))
    due_on = models.DateField(pgettext_lazy("follow-up", "due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    response = models.TextField(_("what was done"), blank=True)
    evidence = models.FileField(
        _("evidence"),
        upload_to=evidence_upload_to,
        blank=True,
        max_length=255,
        validators=[FileContentValidator()],
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("answered by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        indexes = [models.Index(fields=["unit", "status", "due_on"])]

    def __str__(self) -> str:
        return self.action[:80]

    def get_absolute_url(self) -> str:
        return reverse("support:follow_up", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status == FollowUpStatus.OPEN and self.due_on < timezone.localdate()

    def clean(self):
        self.action = nfc(self.action).strip()
        self.response = nfc(self.response)


class FollowUpEvent(_LabelledEvent):
    STEP_LABELS = {
        "create": _("Action set"),
        "answer": _("Unit answered"),
        "close": _("Action closed"),
        "reopen": _("Action reopened"),
    }

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="events", verbose_name=_("follow-up")
    )

    class Meta(_LabelledEvent.Meta):
        verbose_name = _("follow-up event")
        verbose_name_plural = _("follow-up events")


# ---------------------------------------------------------------- questions


class QuestionCategory(ConfigurableList):
    """Kinds of question are data: registration, reports, rewards, other…"""

    class Meta(ConfigurableList.Meta):
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the standing office")
    WAITING_UNIT = "waiting_unit", _("Waiting for the unit")
    ANSWERED = "answered", pgettext_lazy("question", "Answered")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", pgettext_lazy("question", "Closed")


# States in which the standing office owes the next move.
OFFICE_TURN = (QuestionStatus.OPEN, QuestionStatus.REOPENED)


class QuestionQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "unit"

    def waiting_for_office(self) -> QuestionQuerySet:
        return self.filter(status__in=OFFICE_TURN)


class Question(models.Model):
    """A difficulty a unit raises with the standing office of the steering committee."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="support_questions",
        verbose_name=_("organisation"),
    )
    category = models.ForeignKey(
        QuestionCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    subject = models.CharField(_("subject"), max_length=200)
    # The subject folded (no accents, "đ" → "d", lower case) so "dang ky" finds "Đăng ký".
    search_text = models.CharField(max_length=200, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    reopen_count = models.PositiveSmallIntegerField(default=0, editable=False)
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("waiting since"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = QuestionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["status", "waiting_since"])]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("support:question", args=[self.pk])

    def normalise(self) -> None:
        # One line: the subject becomes the office's e-mail subject (a CR/LF would lose it).
        self.subject = one_line(self.subject)
        self.search_text = fold(self.subject)[:200]

    @property
    def days_waiting(self) -> int:
        return max((timezone.now() - self.waiting_since).days, 0)

    def clean(self):
        self.subject = one_line(self.subject)
        if self.unit_id and not self.unit.unit_type.is_grassroots:
            raise ValidationError(
                {"unit": _("Questions are asked on behalf of a grassroots organisation.")}
            )


class Side(models.TextChoices):
    UNIT = "unit", _("Unit")
    OFFICE = "office", _("Standing office")


class QuestionMessageQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "question__unit"


class QuestionMessage(models.Model):
    """One message of the thread: the question itself, an answer, a question back, a reply."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="messages", verbose_name=_("question")
    )
    side = models.CharField(_("from"), max_length=10, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    text = models.TextField(_("text"))
    file = models.FileField(
        _("attached file"),
        upload_to=question_upload_to,
        blank=True,
        max_length=255,
        validators=[FileContentValidator()],
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    objects = QuestionMessageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self):
        self.text = nfc(self.text).strip()


class QuestionEvent(_LabelledEvent):
    STEP_LABELS = {
        "ask": _("Question asked"),
        "answer": _("Standing office answered"),
        "ask_back": _("Standing office asked for more information"),
        "reply": _("Unit sent more information"),
        "reopen": _("Unit reopened the question"),
        "accept": _("Unit closed the question"),
        "close": _("Standing office closed the question"),
        "publish": _("Answer published"),
        "unpublish": _("Answer withdrawn from the Q&A page"),
    }

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="events", verbose_name=_("question")
    )

    class Meta(_LabelledEvent.Meta):
        verbose_name = _("question event")
        verbose_name_plural = _("question events")


class PublishedAnswerQuerySet(models.QuerySet):
    def search(self, text: str) -> PublishedAnswerQuerySet:
        return self.filter(search_text__contains=fold(text)) if text.strip() else self


class PublishedAnswer(models.Model):
    """A question and its answer as published on the Q&A page: no unit, no asker, by design."""

    question = models.OneToOneField(
        Question,
        on_delete=models.CASCADE,
        related_name="publication",
        verbose_name=_("question"),
    )
    category = models.ForeignKey(
        QuestionCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    subject = models.CharField(_("subject"), max_length=200)
    question_text = models.TextField(_("question as published"))
    answer_text = models.TextField(_("answer as published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    search_text = models.TextField(blank=True, editable=False)

    objects = PublishedAnswerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("published answer")
        verbose_name_plural = _("published answers")

    def __str__(self) -> str:
        return self.subject

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("support:qa_detail", args=[self.pk])

    def normalise(self) -> None:
        self.subject = nfc(self.subject).strip()
        self.question_text = nfc(self.question_text).strip()
        self.answer_text = nfc(self.answer_text).strip()
        self.search_text = fold(f"{self.subject} {self.question_text} {self.answer_text}")

    def clean(self):
        self.normalise()

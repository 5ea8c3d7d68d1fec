"""Abstract models every app shares (nothing concrete lives here: danvan is listed as an app
only for its management commands, and has no migrations)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class KeptManager(models.Manager):
    """Soft deletion: a row whose ``removed_at`` is set is kept (with its history) but left out
    of everything the default manager reaches; ``_base_manager`` still reaches it. Use as
    ``KeptManager.from_queryset(SomeQuerySet)()``. Joins (``Count("rows")``, ``rows__x``) do not
    go through a manager: such queries say ``rows__removed_at__isnull=True`` themselves."""

    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class ConfigurableList(models.Model):
    """A list kept as data by admins or the standing office (mass organisations, fields of work,
    forms of award, question categories…): a stable code, a name, an order, and "in use"
    instead of deletion, since old records keep pointing at retired entries."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class JobStatus(models.TextChoices):
    """pending (saved, not yet handed to the broker) → queued (handed over) → running → done or
    failed. A job left pending by a broker outage is queued again by its sweep; so is a running
    job whose heartbeat stopped (its worker died): see ``BackgroundJob.heartbeat_at``."""

    PENDING = "pending", pgettext_lazy("job status", "Waiting")
    QUEUED = "queued", pgettext_lazy("job status", "Queued")
    RUNNING = "running", pgettext_lazy("job status", "Rendering")
    DONE = "done", pgettext_lazy("job status", "Ready")
    FAILED = "failed", pgettext_lazy("job status", "Failed")


class BackgroundJob(models.Model):
    """A file made by a Celery task for the person who asked (a PDF, a large Excel export):
    its state and progress for the waiting page, and the lease that lets another worker take
    over when the one making it dies (``danvan.jobs``). Subclasses add what the job makes and
    a ``file`` field with their own folder."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    enqueued_at = models.DateTimeField(_("handed to a worker at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The lease: the worker making the job stamps this every few seconds. A running job whose
    # stamp is older than DANVAN_RENDER_LEASE_SECONDS lost its worker and is taken over.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # How many times a worker claimed it: the claim's token (a worker that lost its lease can no
    # longer write) and the cap on takeovers (danvan.jobs.MAX_ATTEMPTS).
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def in_progress(self) -> bool:
        """Waiting for a worker or being made: the page keeps polling."""
        return self.status in (JobStatus.PENDING, JobStatus.QUEUED, JobStatus.RUNNING)

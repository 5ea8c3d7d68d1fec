"""Large Excel exports made by a worker for the person who asked (``danvan.models.BackgroundJob``).

The job records which list (``kind``) and the list's query string (``params``); the worker builds
the same export for the same user (``exports.kinds``), so the file holds what that person may see
with the filters they chose, as the streamed download would. Only the requester reaches the job.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.models import BackgroundJob


def export_upload_to(instance: ExportJob, filename: str) -> str:
    return f"private/exports/{timezone.now():%Y/%m}/{instance.pk}-{filename}"


class ExportJobQuerySet(models.QuerySet):
    def of(self, user) -> ExportJobQuerySet:
        """The user's own jobs: nobody else's export is reachable (not even a reviewer's)."""
        return self.filter(requested_by=user)


class ExportJob(BackgroundJob):
    kind = models.CharField(_("list"), max_length=60)
    params = models.TextField(_("filters (query string)"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="vi")
    filename = models.CharField(_("file name"), max_length=120)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), upload_to=export_upload_to, blank=True, max_length=255)

    objects = ExportJobQuerySet.as_manager()

    class Meta(BackgroundJob.Meta):
        verbose_name = _("Excel export job")
        verbose_name_plural = _("Excel export jobs")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("exports:job", args=[self.pk])

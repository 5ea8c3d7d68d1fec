"""What the platform knows about its own stored files: the SHA-256 and size each had when it was
written, and what the last integrity check found."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FileState(models.TextChoices):
    OK = "ok", _("intact")
    MISSING = "missing", _("missing on disk")
    ALTERED = "altered", _("altered on disk")


class StoredFile(models.Model):
    """One file in the default storage, keyed by its storage name (what a ``FileField`` holds).

    One table for every ``FileField`` of every app: the storage records the row when it writes
    the file (``operations.storage``), so no app has to remember to, and a new ``FileField`` is
    covered without a migration in its app.
    """

    name = models.CharField(_("stored name"), max_length=500, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.BigIntegerField(_("size in bytes"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    checked_at = models.DateTimeField(_("last checked at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=FileState.choices, default=FileState.OK
    )
    # When the current problem was first seen: the office is told once per problem, not nightly.
    problem_since = models.DateTimeField(_("problem seen since"), null=True, blank=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.name

"""Abstract models every app shares (nothing concrete lives here: danvan is listed as an app
only for its management commands, and has no migrations)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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

"""Configurable lists used by registrations: fields of work and the organisations taking part."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.models import ConfigurableList
from units.models import MassOrganisation


class Field(ConfigurableList):
    """A field of work (lĩnh vực): economy, culture–society, defence–security, political system…"""

    name = models.CharField(_("name"), max_length=150)
    is_active = models.BooleanField(pgettext_lazy("in use", "active"), default=True)

    class Meta(ConfigurableList.Meta):
        verbose_name = _("field of work")
        verbose_name_plural = _("fields of work")


class Organisation(ConfigurableList):
    """Who leads or takes part in a model: the party cell, a mass organisation, or the
    professional side of the agency.

    A list of its own rather than extra rows in ``units.MassOrganisation``: that list says whom a
    steering-group member represents, and "party cell" or "professional side" are not people's
    affiliations. Rows that are mass organisations link to theirs, so statistics by mass
    organisation stay possible.
    """

    name = models.CharField(_("name"), max_length=150)
    mass_organisation = models.ForeignKey(
        MassOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mass organisation"),
    )
    is_active = models.BooleanField(pgettext_lazy("in use", "active"), default=True)

    class Meta(ConfigurableList.Meta):
        verbose_name = _("organisation taking part")
        verbose_name_plural = _("organisations taking part")

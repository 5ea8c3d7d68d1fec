"""Writes to the unit tree go through these functions."""

from django.db import transaction

from .models import Membership, Unit


@transaction.atomic
def unit_deactivate(*, unit: Unit) -> int:
    """Deactivate a unit and its subtree instead of deleting it: history stays attached.

    Returns how many units were deactivated.
    """
    subtree = Unit.objects.filter(path__startswith=unit.path)
    count = subtree.filter(is_active=True).update(is_active=False)
    Membership.objects.filter(unit__path__startswith=unit.path, is_active=True).update(
        is_active=False
    )
    return count

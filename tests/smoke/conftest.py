"""The small demo data, loaded once for the smoke module and rolled back at its end.

``demo`` seeds ``manage.py seed_demo`` (small scale) inside one transaction that stays open for
the whole module; each test's ``db`` fixture then runs in a savepoint inside it, so what a test
changes is undone and the demo data is seeded only once (a few seconds instead of per test).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from danvan.reference_data import load_reference_data


@dataclass(frozen=True)
class Demo:
    first_org: str  # the grassroots organisation that totruong and thanhvien belong to
    second_org: str  # the one totruong2 leads


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Demo:
    from units.models import Unit, UnitType

    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("smoke-media"))
    media.enable()
    with django_db_blocker.unblock(), transaction.atomic():
        # A transactional test elsewhere may have flushed the reference rows.
        if not UnitType.objects.exists():
            load_reference_data()
        call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
        first, second = Unit.objects.filter(unit_type__code="base").order_by("path")[:2]
        yield Demo(first_org=first.name, second_org=second.name)
        transaction.set_rollback(True)
    media.disable()

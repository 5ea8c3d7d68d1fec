"""``seed_demo --flush`` leaves a working demo, and seed_demo refuses production settings."""

import io

import pytest
from django.core.management import CommandError, call_command

from awards.models import AwardForm
from support.models import QuestionCategory
from units.models import Unit, UnitType, User

pytestmark = pytest.mark.django_db


def seed(*args: str) -> None:
    call_command("seed_demo", "--scale", "small", *args, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)  # TRUNCATE needs no pending deferred constraints
def test_flush_starts_over_with_the_reference_data_and_the_demo_accounts(settings):
    seed()
    units = Unit.objects.count()
    seed("--flush")
    assert Unit.objects.count() == units
    assert UnitType.objects.filter(code="steering_group").exists()
    assert AwardForm.objects.exists()
    assert QuestionCategory.objects.exists()
    assert User.objects.get(username="thuongtruc").check_password(settings.DEMO_PASSWORD)


@pytest.mark.parametrize(
    ("module", "debug"),
    [("danvan.settings.production", False), ("danvan.settings.production", True), ("x.y", False)],
)
def test_seed_demo_refuses_production_settings(settings, monkeypatch, module, debug):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", module)
    settings.DEBUG = debug
    with pytest.raises(CommandError, match="never with production settings"):
        seed("--flush")
    assert UnitType.objects.exists()  # nothing was erased


def test_seed_demo_runs_under_debug_or_the_test_settings(settings, monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "danvan.settings.local")
    settings.DEBUG = True
    seed()
    assert Unit.objects.exists()

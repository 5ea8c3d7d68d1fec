import importlib

import pytest
from django.apps import apps as django_apps

from support.models import QuestionCategory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploads go to a private folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _categories(db):
    """The default question categories (a transactional test elsewhere may have flushed them)."""
    if not QuestionCategory.objects.exists():
        importlib.import_module("support.migrations.0002_categories").forwards(django_apps, None)


@pytest.fixture
def category(db):
    return QuestionCategory.objects.get(code="registration")

"""Reference rows the data migrations load: unit types and mass organisations, fields of work and
the default rubric, forms of award, question categories.

A flush (``seed_demo --flush``, or the end of a transactional test) empties them and ``migrate``
never runs a migration twice, so they are loaded again from the migrations' own functions. One
list for the command and every test fixture: a copy that missed a migration left the question
categories out and broke whichever test came after a flush.
"""

import importlib

from django.apps import apps as django_apps

REFERENCE_DATA_MIGRATIONS = [
    "units.migrations.0002_default_types",
    "models_registry.migrations.0002_defaults",
    "awards.migrations.0002_default_forms",
    "awards.migrations.0004_papers",
    "support.migrations.0002_categories",
]


def load_reference_data() -> None:
    """Load every reference row that is missing (each migration's function is idempotent)."""
    for name in REFERENCE_DATA_MIGRATIONS:
        importlib.import_module(name).forwards(django_apps, None)

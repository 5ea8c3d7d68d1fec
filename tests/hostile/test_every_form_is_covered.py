"""Every form class of the project's apps has a hostile-input case (tests/hostile/forms.py):
a new form is fuzzed and gets the XSS canary, or says here why not (ASVS V1, V2)."""

import importlib
import inspect
import pkgutil

from django import forms

from tests.hostile.forms import FORM_CASES

APPS = [
    "accounts",
    "audit",
    "awards",
    "campaigns",
    "danvan",
    "exports",
    "models_registry",
    "notifications",
    "operations",
    "reminders",
    "reports",
    "steering",
    "support",
    "units",
]
SKIPPED_MODULES = ("migrations", "settings")  # no forms; production settings need secrets

# Form classes no page renders as they are, each with the reason.
EXCLUDED = {
    "danvan.forms.FilterForm": "base of the filter bars (each app's filter form has its case)",
    "campaigns.forms._UnitActivityForm": "base of the session and propaganda activity forms",
}


def project_modules():
    for app in APPS:
        package = importlib.import_module(app)
        yield package
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if not any(part in SKIPPED_MODULES for part in info.name.split(".")):
                yield importlib.import_module(info.name)


def project_form_classes() -> dict[str, type]:
    """Forms and formsets defined in the apps: classes written there, and formsets that
    ``formset_factory`` built there (their ``__module__`` is Django's)."""
    found = {}
    for module in project_modules():
        for name, obj in vars(module).items():
            if not inspect.isclass(obj):
                continue
            defined_here = obj.__module__ == module.__name__
            built_here = (
                issubclass(obj, forms.BaseFormSet)
                and obj.__module__.startswith("django.")
                and obj.form.__module__ == module.__name__
            )
            if issubclass(obj, forms.BaseForm | forms.BaseFormSet) and (defined_here or built_here):
                qualname = obj.__qualname__ if defined_here else name
                found[f"{module.__name__}.{qualname}"] = obj
    return found


def covered_classes() -> set[type]:
    covered = set()
    for case in FORM_CASES:
        covered.add(case.form_class)
        covered.update(case.also)
    return covered


def test_the_walk_finds_the_forms():
    found = project_form_classes()
    assert "reports.forms.SummaryTextForm" in found
    assert "units.admin.UnitForm" in found
    assert "models_registry.forms.TargetFormSet" in found


def test_every_form_class_has_a_hostile_input_case():
    found = project_form_classes()
    covered = covered_classes()
    missing = sorted(
        name for name, cls in found.items() if cls not in covered and name not in EXCLUDED
    )
    assert not missing, f"form classes without a case in tests/hostile/forms.py: {missing}"
    stale = sorted(set(EXCLUDED) - set(found))
    assert not stale, f"excluded form classes that no longer exist: {stale}"
    both = sorted(name for name in EXCLUDED if found.get(name) in covered)
    assert not both, f"excluded yet covered: {both}"

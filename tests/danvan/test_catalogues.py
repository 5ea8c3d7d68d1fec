"""Every string of every app shows the Vietnamese written in its own catalogue.

Django merges all catalogues of a language into one: the project's ``locale/`` wins over the
apps, and apps listed earlier in INSTALLED_APPS win over later ones. The same English msgid
translated differently elsewhere would silently show the other wording on our pages; such
strings get a ``pgettext`` context. This test fails when a collision appears, or when a
catalogue keeps a fuzzy entry (compilemessages leaves those out: they would show in English).
"""

import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as django_gettext
from django.utils.translation import pgettext

ROOT = Path(settings.BASE_DIR)
# The apps whose catalogues are kept free of collisions. The other apps' catalogues still hold
# older wordings that another catalogue overrides (e.g. "Clear", "Close", "Action"); each joins
# this list once its collisions have pgettext contexts.
CATALOGUES = [
    f"{app}/locale/vi/LC_MESSAGES"
    for app in ("models_registry", "reports", "support", "awards", "operations")
]


def own_catalogue(folder: Path) -> dict[str, str]:
    with (folder / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    return {k: v for k, v in catalogue.items() if isinstance(k, str) and k}


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_every_string_shows_our_vietnamese(catalogue):
    collisions = []
    with translation.override("vi"):
        for key, ours in own_catalogue(ROOT / catalogue).items():
            shown = pgettext(*key.split("\x04", 1)) if "\x04" in key else django_gettext(key)
            if shown != ours:
                collisions.append(f"{key!r}: ours {ours!r}, shown {shown!r}")
    assert collisions == []


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_catalogue_has_no_fuzzy_entries(catalogue):
    text = (ROOT / catalogue / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text.split("\n\n", 1)[1]

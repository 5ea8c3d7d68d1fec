"""Every string of the support app shows the Vietnamese written in its own catalogue.

Django merges all catalogues of a language into one: the project's ``locale/`` wins over the
apps, and apps listed earlier in INSTALLED_APPS win over later ones. The same English msgid
translated differently elsewhere would silently show the other wording on our pages; such
strings get a ``pgettext`` context here. This test fails when a collision appears.
"""

import gettext
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as django_gettext
from django.utils.translation import pgettext

import support

LC = Path(support.__file__).parent / "locale" / "vi" / "LC_MESSAGES"


def own_catalogue() -> dict[str, str]:
    with (LC / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    return {k: v for k, v in catalogue.items() if isinstance(k, str) and k}


def test_every_support_string_shows_our_vietnamese():
    collisions = []
    with translation.override("vi"):
        for key, ours in own_catalogue().items():
            shown = pgettext(*key.split("\x04", 1)) if "\x04" in key else django_gettext(key)
            if shown != ours:
                collisions.append(f"{key!r}: ours {ours!r}, shown {shown!r}")
    assert collisions == []


def test_catalogue_has_no_fuzzy_entries():
    # compilemessages leaves fuzzy entries out of the .mo: they would show in English.
    text = (LC / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text.split("\n\n", 1)[1]

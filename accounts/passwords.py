"""A password validator for this site's own words (AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.text import fold

# The campaign's and the site's names: the first thing anyone guesses. Compared folded
# (no accents, lower case) and without spaces or punctuation, so "Dân Vận Khéo!" matches.
SITE_WORDS = ("danvan", "danvankheo", "dankheo", "vankheo")


def _squeeze(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text).lower())


class CampaignWordsValidator:
    """Refuse the demo password and passwords built on the site's name."""

    def validate(self, password: str, user=None) -> None:
        squeezed = _squeeze(password)
        if squeezed == _squeeze(settings.DEMO_PASSWORD) or any(w in squeezed for w in SITE_WORDS):
            raise ValidationError(
                _("This password is too easy to guess: it uses the name of the site."),
                code="password_site_words",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot contain the name of the site (“Dân vận khéo”).")

"""How inputs read, on the site's forms (``danvan.forms``) and in the admin (``danvan.admin``)
alike. Kernel only: no app is imported here (``units`` builds on it).

* ``label_empty_choice``: a select's empty choice in words, “— Chọn —” where a choice is
  required, “— Không chọn —” where it may stay empty, never Django's "---------".
"""

from __future__ import annotations

from django import forms
from django.utils.translation import pgettext_lazy

DJANGO_BLANK = "---------"
CHOOSE = pgettext_lazy("select", "— Choose —")
CHOOSE_NONE = pgettext_lazy("select", "— None —")


def label_empty_choice(field: forms.Field) -> None:
    """Replace Django's "---------" empty choice by words: "— Chọn —" where a choice is required,
    "— Không chọn —" where it may stay empty."""
    empty = CHOOSE if field.required else CHOOSE_NONE
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_BLANK:
            field.empty_label = empty  # read by the choice iterator when the page renders
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if choices and choices[0] == ("", DJANGO_BLANK):
            field.choices = [("", empty), *choices[1:]]

"""How inputs read, on the site's forms (``danvan.forms``) and in the admin (``danvan.admin``)
alike. Kernel only: no app is imported here (``units`` builds on it).

* ``label_empty_choice``: a select's empty choice in words, “— Chọn —” where a choice is
  required, “— Không chọn —” where it may stay empty, never Django's "---------".
* ``NumberField`` and ``WholeNumberField``: numbers as Vietnamese write them (``parse_number``:
  "8,5", "1.240", "1.240,5", "1 240"; also "8.5" and "1,240.5" as copied from elsewhere), shown
  back with the language's grouping; garbage is refused with a message, never a 500.
  ``model_formfield`` gives them to every quantity of a model form (``Meta.formfield_callback``) and
  of the admin (``danvan.admin``); a year keeps Django's plain box (never grouped).
  (``danvan.forms.MoneyField`` is the đồng amount, with its own stricter rules.)
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.db import models
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _
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


# --- Numbers ----------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
MAX_NUMBER_LENGTH = 40


def parse_number(text: str, *, decimal_separator: str | None = None) -> Decimal:
    """A number as typed: Vietnamese "8,5", "1.240", "1.240,5", "1 240,5"; also "8.5" and
    "1,240.5" (copied from a spreadsheet or an English page). Raises ``ValueError``.

    With both marks, the last one is the decimal mark. A mark written more than once groups
    thousands. A single mark is the language's decimal mark (``decimal_separator``, the active
    language's by default: "," in Vietnamese); the other mark groups thousands when a group of
    three digits follows ("1.240" is one thousand two hundred and forty), else it is a decimal
    mark too ("8.5"). Groups must be of three digits: "1.24.5" is refused, not guessed at.
    """
    decimal_separator = decimal_separator or get_format("DECIMAL_SEPARATOR")
    text = _SPACES.sub(" ", str(text)).strip()
    if len(text) > MAX_NUMBER_LENGTH:  # no quantity is written so long (and int() has limits)
        raise ValueError(text[:MAX_NUMBER_LENGTH])
    sign = ""
    if text[:1] in ("-", "+", "\u2212"):
        sign, text = ("-" if text[0] != "+" else ""), text[1:].lstrip()
    if not text or not re.fullmatch(r"[0-9., ]+", text) or not re.search(r"[0-9]", text):
        raise ValueError(text)
    marks = [c for c in text if c in ".,"]
    decimal = None
    if len(set(marks)) == 2:
        decimal = marks[-1]
    elif len(marks) == 1:
        whole, _mark, tail = text.partition(marks[0])
        groups = re.fullmatch(r"[1-9][0-9]{0,2}", whole.replace(" ", "")) and len(tail) == 3
        if marks[0] == decimal_separator or not groups:
            decimal = marks[0]
    whole, _mark, fraction = text.rpartition(decimal) if decimal else (text, "", "")
    if decimal and (not re.fullmatch(r"[0-9]+", fraction) or decimal in whole):
        raise ValueError(text)
    grouping = {".", ","} - {decimal} if decimal else {".", ","}
    if any(c in whole for c in grouping | {" "}):
        group = "[" + re.escape("".join(grouping)) + " ]"
        if not re.fullmatch(rf"[1-9][0-9]{{0,2}}(?:{group}[0-9]{{3}})+", whole):
            raise ValueError(text)
        whole = re.sub(group, "", whole)
    if whole and not re.fullmatch(r"[0-9]+", whole):
        raise ValueError(text)
    try:
        return Decimal(f"{sign}{whole or 0}.{fraction}" if fraction else f"{sign}{whole}")
    except InvalidOperation as exc:
        raise ValueError(text) from exc


class NumberInput(forms.TextInput):
    """A text box (a browser's number box refuses "8,5" or "1.240" outside some locales) that
    shows the stored value with the language's marks ("1.240,5"), so what the page shows is
    what it reads back."""

    def __init__(self, attrs=None, *, whole: bool = False):
        inputmode = "numeric" if whole else "decimal"
        super().__init__({"inputmode": inputmode, "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal) and value.is_finite():
            value = (
                value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
            )
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return number_format(value, force_grouping=True)
        return super().format_value(value)


class NumberField(forms.DecimalField):
    """A decimal number as Vietnamese write it (``parse_number``)."""

    widget = NumberInput
    default_error_messages = {
        "invalid": _("Write a number, for example 8.5 or 1,240.5."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return Decimal(value)
        try:
            return parse_number(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)  # no "step": the box is text


class WholeNumberField(forms.IntegerField):
    """A count (participants, days, points) as Vietnamese write it: "1.240", "1 240"; a zero
    decimal part ("12,0") is accepted, another one refused with a message, not rounded."""

    widget = NumberInput
    default_error_messages = {
        "invalid": _("Write a whole number, for example 1,240."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", NumberInput(whole=True))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            number = parse_number(str(value))
        except ValueError:
            number = None
        if number is None or number != number.to_integral_value():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)  # no min/max/step on a text box


def is_quantity(db_field) -> bool:
    """A model field people type a number into: not a key, a choice, or a year."""
    return (
        isinstance(db_field, models.IntegerField | models.DecimalField | models.FloatField)
        and not isinstance(db_field, models.AutoField)
        and not db_field.choices
        and not (db_field.name == "year" or db_field.name.endswith("_year"))
    )


def model_formfield(db_field, **kwargs):
    """A model form's field (``Meta.formfield_callback``; the admin's too): quantities as
    ``NumberField`` / ``WholeNumberField``, everything else as Django makes it."""
    if is_quantity(db_field) and "form_class" not in kwargs:
        kwargs.pop("widget", None)
        whole = not isinstance(db_field, models.DecimalField)
        kwargs["form_class"] = WholeNumberField if whole else NumberField
    return db_field.formfield(**kwargs)

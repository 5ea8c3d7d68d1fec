"""Form helpers every app shares."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.utils import flatatt
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .inputs import label_empty_choice
from .text import one_line
from .workflow import COMMENT_MAX_LENGTH, COMMENT_NUL, COMMENT_TOO_LONG


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, *, default_field: str | None = None
) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on
    ``default_field`` (a workflow step's comment box) or above the form. A ``TransitionRefused``
    about the comment lands on the comment field. Called by ``danvan.views.run_service`` and
    ``TransitionView`` only: a view hands its service call to ``run_service``."""
    field = getattr(error, "field", None)
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else default_field
            for item in errors:
                form.add_error(target if name != NON_FIELD_ERRORS else default_field, item)
    elif field in form.fields:
        form.add_error(field, error.messages)
    else:
        form.add_error(default_field, error.messages)


def error_items(form: forms.BaseForm | None, *formsets) -> list[tuple[str, str, str]]:
    """(field id, label, message) for a form's error summary, in the order fields appear.

    ``formsets`` are (formset, row title) pairs: row errors read "Target 2 – target value: …".
    """
    items: list[tuple[str, str, str]] = []
    if form is not None:
        items += [("", "", str(message)) for message in form.non_field_errors()]
        for field in form:
            label = str(field.label or "")
            items += [(field.id_for_label or "", label, str(m)) for m in field.errors]
    for formset, title in formsets:
        if not formset.is_bound:
            continue
        items += [("", str(title), str(m)) for m in formset.non_form_errors()]
        for n, row in enumerate(formset.forms, start=1):
            for field in row:
                items += [
                    (field.id_for_label, f"{title} {n} – {field.label}", str(m))
                    for m in field.errors
                ]
    return items


class StepForm(forms.Form):
    """The form of a workflow step: a comment (``danvan.workflow.COMMENT_MAX_LENGTH``) and the
    version the page showed. Apps add the fields their steps read (a decision number, a file)."""

    comment = forms.CharField(
        label=pgettext_lazy("workflow comment", "Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": COMMENT_TOO_LONG, "null_characters_not_allowed": COMMENT_NUL},
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


def uploaded(value: Any) -> UploadedFile | None:
    """A new upload from cleaned_data, or None when the user kept the stored file."""
    return value if isinstance(value, UploadedFile) else None


class EmptyChoiceLabels:
    """Form mixin: every select's empty choice reads in words (``label_empty_choice``). Done
    when a field is first bound for rendering, so fields a form adds or changes in its own
    ``__init__`` are covered too."""

    def __getitem__(self, name):
        if name in self.fields and name not in self._bound_fields_cache:
            label_empty_choice(self.fields[name])
        return super().__getitem__(name)


class PlainSelect(forms.Select):
    """A ``<select>`` whose options are built in Python rather than one template per option.

    Django renders each option through its own template include; a filter bar of a few
    selects spent more time there than in the page's queries (bench/profile_pages.py). The
    output is the same markup, every label and value escaped by ``format_html``.
    """

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group_options, _index in context["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', context["name"], flatatt(context["attrs"]), options
        )


class FilterForm(forms.Form):
    """A GET filter bar. Its fields render as every field does (``{{ form.x.as_field_group }}``,
    danvan.renderers); its selects become ``PlainSelect``, whose options cost no template each
    (a filter bar of ten fields through crispy-forms had cost a list page a fifth of its time)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = PlainSelect(attrs=field.widget.attrs, choices=field.widget.choices)


class OneLineField(forms.CharField):
    """A title or subject: whitespace runs (a pasted or posted CR/LF) become one space."""

    def to_python(self, value: Any) -> str:
        return one_line(super().to_python(value))


# Whole đồng as people write them: 15.000.000 (Vietnamese grouping), 15 000 000, 15000000, or
# 15,000,000 (English grouping, copied from a spreadsheet); an optional ",00" and currency word.
_VI_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")
_EN_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_CURRENCY = re.compile(r"(?:vnđ|vnd|đồng|đ|d)\.?$", re.IGNORECASE)


class MoneyInput(forms.TextInput):
    """A text box (a number box refuses "15.000.000" in the browser) that shows the stored
    amount with the language's grouping, so what the page shows is what it reads back."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return number_format(value, force_grouping=True)
        return super().format_value(value)


class MoneyField(forms.IntegerField):
    """An amount in whole đồng. "15.000.000" is fifteen million (the dot groups thousands in
    Vietnamese), as are "15 000 000", "15000000", "15,000,000" and "15.000.000 đ".

    A decimal part after a comma is accepted only when it is zero ("15.000.000,00", as a
    spreadsheet copies it): there is no fraction of a đồng, and "15.000.000,5" is refused with a
    message rather than rounded, so nothing typed is silently changed. A dot followed by other
    than three digits ("15.5") is refused too: in Vietnamese it is not a grouping.
    """

    widget = MoneyInput
    default_error_messages = {
        "invalid": _("Write the amount in đồng, for example 15.000.000 or 15000000."),
        "fraction": _("An amount in đồng has no decimal part: remove “,%(fraction)s”."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        # A quadrillion đồng: far above any budget, far below the column's limit (never a 500).
        kwargs.setdefault("max_value", 10**15)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = _CURRENCY.sub("", str(value).strip()).strip()
        text = re.sub(r"[\s\u00a0\u202f]", "", text)
        if _EN_GROUPED.fullmatch(text):
            return int(text.replace(",", ""))
        whole, comma, fraction = text.partition(",")
        if not _VI_GROUPED.fullmatch(whole) or (comma and not fraction.isdigit()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if fraction.strip("0"):
            raise ValidationError(
                self.error_messages["fraction"], code="fraction", params={"fraction": fraction}
            )
        return int(whole.replace(".", ""))

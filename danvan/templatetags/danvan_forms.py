"""Template side of the one form style (danvan.renderers): the error summary at the top of a form,
and ``{% field %}`` for a control whose value a view passes as plain context (a GET filter bar
built from query parameters) — it becomes a Django field rendered by ``forms/field.html`` like
every other field. A form the view builds renders with ``{{ form.x.as_field_group }}``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms, template
from django.forms.utils import ErrorDict, ErrorList

from danvan.forms import PlainSelect, error_items

register = template.Library()


@register.inclusion_tag("forms/error_summary.html")
def error_summary(form=None, errors=None, heading=""):
    """``{% error_summary form %}``: every error of the form, each linking to its field;
    ``{% error_summary errors=errors %}`` for a list a view built with ``error_items`` (a form and
    its formsets). ``heading`` replaces “Nothing was saved. Please correct:”."""
    return {"errors": error_items(form) if errors is None else errors, "heading": heading}


class IsoDateInput(forms.DateInput):
    """The browser's date picker (the value as YYYY-MM-DD)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


_WIDGETS = {
    "text": forms.TextInput,
    "search": forms.SearchInput,
    "number": forms.NumberInput,
    "date": IsoDateInput,
    "textarea": forms.Textarea,
    "select": PlainSelect,
}


@register.simple_tag
def field(name: str, label: str, value: Any = None, **options: Any) -> str:
    """``{% field "q" _("Search") value=q id="lib-q" kind="search" %}``.

    ``kind``: text (default), search, number, date, textarea, checkbox (``value`` sent when
    ticked, ``checked``) or select (``choices``: pairs, values, or objects with
    ``choices_from="pk,name"``, ``"pk,__str__"`` for the object's own text; ``empty``: a first
    choice with the value "").
    ``id``: the control's id (default ``id_<name>``); ``help``: help text; ``required``: marked and
    required; ``errors_from``: a refused form whose every error is shown on this control (a
    workflow step's comment box); any other option is an attribute of the control, ``_`` read as
    ``-`` (``aria_controls="bloc-table"``).
    """
    kind = options.pop("kind", "select" if "choices" in options else "text")
    choices = options.pop("choices", None)
    choices_from = options.pop("choices_from", "")
    empty = options.pop("empty", None)
    control_id = options.pop("id", "")
    help_text = options.pop("help", "")
    required = bool(options.pop("required", False))
    refused = options.pop("errors_from", None)
    checked = bool(options.pop("checked", False))
    attrs = {key.replace("_", "-"): v for key, v in options.items() if v not in (None, False)}
    if control_id:
        attrs["id"] = control_id
    if kind == "checkbox":  # value: what is sent when ticked; checked: ticked now
        widget = forms.CheckboxInput(attrs=attrs, check_test=lambda _value: checked)
    else:
        widget = _WIDGETS[kind](attrs=attrs)
    if kind == "select":
        pairs = _pairs(choices or (), choices_from)
        widget.choices = [("", empty), *pairs] if empty is not None else pairs
        form_field: forms.Field = forms.ChoiceField(choices=widget.choices, widget=widget)
    elif kind == "checkbox":
        form_field = forms.BooleanField(widget=widget)
    else:
        form_field = forms.CharField(widget=widget)
    form_field.label, form_field.help_text, form_field.required = label, help_text, required
    form = forms.Form(initial={name: value})
    form.fields[name] = form_field
    if refused:
        messages = [*refused.non_field_errors(), *(e for f in refused for e in f.errors)]
        form._errors = ErrorDict({name: ErrorList(messages)})
    return form[name].as_field_group()


def _pairs(choices: Iterable, choices_from: str) -> list[tuple[Any, Any]]:
    if not choices_from:
        return [tuple(c) if isinstance(c, (list, tuple)) else (c, c) for c in choices]
    value_attr, label_attr = choices_from.split(",")
    return [(getattr(item, value_attr), _label(item, label_attr)) for item in choices]


def _label(item: Any, attr: str) -> Any:
    label = getattr(item, attr)
    return label() if callable(label) else label

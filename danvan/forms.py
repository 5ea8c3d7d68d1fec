"""Form helpers every app shares."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import pgettext_lazy

from .text import one_line
from .workflow import COMMENT_MAX_LENGTH, COMMENT_NUL, COMMENT_TOO_LONG


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, *, default_field: str | None = None
) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on
    ``default_field`` (a workflow step's comment box) or above the form. A ``TransitionRefused``
    about the comment lands on the comment field."""
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
    """A GET filter bar rendered with ``includes/_filter_field.html`` (label, widget, errors)
    instead of crispy-forms' per-field templates, which cost a list page a fifth of its time.

    Widgets get Bootstrap's classes here, selects become ``PlainSelect``; a field with an error
    is marked ``is-invalid`` once the form is validated.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = PlainSelect(attrs=field.widget.attrs, choices=field.widget.choices)
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class OneLineField(forms.CharField):
    """A title or subject: whitespace runs (a pasted or posted CR/LF) become one space."""

    def to_python(self, value: Any) -> str:
        return one_line(super().to_python(value))

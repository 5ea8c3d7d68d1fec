"""The one way a form field is rendered (issue 13.5).

``FORM_RENDERER`` points here. Every template renders a field with ``{{ form.x.as_field_group }}``
(or a whole form with ``{{ form }}``); both go through the project templates
``templates/forms/field.html`` and ``templates/forms/form.html``: Bootstrap 5 markup, the label
tied to the input, help text and errors tied with ``aria-describedby``, ``aria-invalid`` on a
field in error, a required marker, and an error summary at the top of a whole form
(``templates/forms/error_summary.html``, also ``{% error_summary %}`` in ``danvan_forms``).
``tests/danvan/test_one_form_style.py`` fails for a template that renders a field another way.
"""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField as DjangoBoundField
from django.forms.renderers import TemplatesSetting


def bootstrap_class(widget: forms.Widget) -> str:
    """Bootstrap 5's class for a widget's control. Radios and checkbox lists get none: Django
    would put it on their wrapper too (and Bootstrap would draw the wrapper as a box)."""
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return ""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class BoundField(DjangoBoundField):
    """Django's bound field with ``bootstrap_widget``: the widget with Bootstrap's class (and
    ``is-invalid`` when the field has an error), which ``forms/field.html`` renders. ``{{ field }}``
    alone stays Django's (the admin renders its own widgets through it)."""

    @property
    def auto_id(self) -> str:
        """The control's own id when its widget sets one, so that the ids of its error and help
        text (``<id>_error``, ``<id>_helptext``) stay unique when one form repeats on a page."""
        return self.field.widget.attrs.get("id") or super().auto_id

    @property
    def bootstrap_widget(self) -> str:
        widget = self.field.widget
        control = bootstrap_class(widget)
        if not control:
            return self.as_widget()
        classes = widget.attrs.get("class", "").split()
        for css in (control, "is-invalid" if self.errors else ""):
            if css and css not in classes:
                classes.append(css)
        return self.as_widget(attrs={"class": " ".join(classes)})

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)


class FormRenderer(TemplatesSetting):
    """The project's templates (cached loader in production) render forms, fields and widgets."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = BoundField

"""The main forms as data, for the hostile-input tests: who opens which form, and how to fill
every text field with a given value while the other fields stay valid.

``FORM_CASES`` names each form; ``open_form(case, world)`` logs in the right person and GETs the
form page; ``fill(form, text)`` builds POST data from the form the page rendered (every plain text
field gets ``text``, cut to its maximum length; choices, dates and numbers get a valid value).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.forms import OneLineField
from tests.campaigns.factories import pdf_upload

TODAY = datetime.date(2013, 6, 10)


def _first_choice(bound: forms.BoundField):
    for value, _label in bound.field.choices:
        value = getattr(value, "value", value)
        if value not in ("", None):
            return str(value)
    return ""


def is_text(formfield: forms.Field) -> bool:
    """A free-text field a user types into (not an e-mail, number, choice or date)."""
    return type(formfield) in (forms.CharField, OneLineField)


def fill(form: forms.BaseForm, text: str, extra: dict | None = None) -> dict:
    data: dict = {}
    for name, bound in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(bound.widget, forms.HiddenInput):
            value = form[name].value()
            data[key] = "" if value is None else value
        elif is_text(bound):
            data[key] = text[: bound.max_length] if bound.max_length else text
        elif isinstance(bound, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
            choice = _first_choice(form[name])
            data[key] = [choice] if choice else []
        elif isinstance(bound, forms.ChoiceField | forms.ModelChoiceField):
            initial = form[name].value()
            data[key] = initial if initial not in (None, "") else _first_choice(form[name])
        elif isinstance(bound, forms.DateField):
            data[key] = TODAY.isoformat()
        elif isinstance(bound, forms.IntegerField | forms.DecimalField):
            initial = form[name].value()
            data[key] = initial if initial not in (None, "") else (bound.min_value or 1)
        elif isinstance(bound, forms.FileField):
            if bound.required:
                data[key] = pdf_upload()
        elif isinstance(bound, forms.BooleanField | forms.NullBooleanField):
            pass
        else:
            data[key] = form[name].value() or ""
    data.update(extra or {})
    return data


@dataclass
class FormCase:
    name: str
    user: str  # attribute of World
    url: Callable  # world -> address
    model: str  # app_label.Model the form creates or changes
    shown_at: Callable | None = None  # world, obj -> address of a page that shows the text
    more: Callable = field(default=lambda world: {})  # other fields the form needs
    form_page: Callable | None = None  # where the form is shown, when not at ``url``
    form_key: str = "form"  # its name in that page's context
    saved: Callable | None = None  # world -> the object changed, when not the newest row


def _files(bound_form) -> dict:
    return {
        name: SimpleUploadedFile("tai-lieu.pdf", pdf_upload().read(), "application/pdf")
        for name, f in bound_form.fields.items()
        if isinstance(f, forms.FileField) and f.required
    }


FORM_CASES = [
    FormCase(
        "periodic report",
        "group_leader",
        lambda w: reverse("reports:edit", args=[w.report.pk]),
        "reports.PeriodicReport",
        lambda w, obj: reverse("reports:detail", args=[obj.pk]),
    ),
    FormCase(
        "registration",
        "group_leader",
        lambda w: reverse("models_registry:start"),
        "models_registry.Registration",
        lambda w, obj: reverse("models_registry:detail", args=[obj.pk]),
        lambda w: {"unit": w.tree.base_a.pk, "campaign": w.campaign.pk, "year": 2013},
    ),
    FormCase(
        "question",
        "group_member",
        lambda w: reverse("support:question_ask"),
        "support.Question",
        lambda w, obj: reverse("support:question", args=[obj.pk]),
        lambda w: {"unit": w.tree.base_a.pk},
    ),
    FormCase(
        "visit",
        "reviewer",
        lambda w: reverse("support:visit_plan"),
        "support.Visit",
        lambda w, obj: reverse("support:visit", args=[obj.pk]),
        lambda w: {"unit": w.tree.base_a.pk, "planned_on": "2099-06-10"},
    ),
    FormCase(
        "directive document",
        "standing_office",
        lambda w: reverse("campaigns:document_create"),
        "campaigns.DirectiveDocument",
        lambda w, obj: reverse("campaigns:document_list"),
        lambda w: {"campaigns": [w.campaign.pk]},
    ),
    FormCase(
        "dissemination session",
        "group_leader",
        lambda w: reverse("campaigns:session_create"),
        "campaigns.DisseminationSession",
        lambda w, obj: reverse("campaigns:session_list"),
        lambda w: {"unit": w.tree.base_a.pk},
    ),
    FormCase(
        "award nominee",
        "group_leader",
        lambda w: reverse("awards:nominee_add", args=[w.proposal.pk]),
        "awards.Nominee",
        lambda w, obj: reverse("awards:detail", args=[w.proposal.pk]),
        lambda w: {"kind": "collective"},
        form_page=lambda w: reverse("awards:detail", args=[w.proposal.pk]),
        form_key="nominee_form",
    ),
    FormCase(
        "campaign",
        "standing_office",
        lambda w: reverse("campaigns:create"),
        "campaigns.Campaign",
        lambda w, obj: reverse("campaigns:detail", args=[obj.pk]),
        lambda w: {"code": "dvk-xss", "start_date": "2013-01-01", "end_date": "2015-12-31"},
    ),
    FormCase(
        "deadline",
        "standing_office",
        lambda w: reverse("campaigns:deadline_create", args=[w.bloc_campaign.pk]),
        "campaigns.Deadline",
        lambda w, obj: reverse("campaigns:deadline_detail", args=[obj.pk]),
        lambda w: {"year": 2013, "applies_to": w.tree.bloc.pk},
    ),
    FormCase(
        "propaganda activity",
        "group_leader",
        lambda w: reverse("campaigns:propaganda_create"),
        "campaigns.PropagandaActivity",
        lambda w, obj: reverse("campaigns:propaganda_edit", args=[obj.pk]),
        lambda w: {"unit": w.tree.base_a.pk},
    ),
    FormCase(
        "visit record",
        "reviewer",
        lambda w: reverse("support:visit_record", args=[w.visit.pk]),
        "support.Visit",
        lambda w, obj: reverse("support:visit", args=[w.visit.pk]),
        saved=lambda w: type(w.visit).objects.get(pk=w.visit.pk),
    ),
    FormCase(
        "follow-up",
        "reviewer",
        lambda w: reverse("support:follow_up_add", args=[w.held.pk]),
        "support.FollowUp",
        lambda w, obj: reverse("support:follow_up", args=[obj.pk]),
        lambda w: {"due_on": "2099-01-01"},
    ),
    FormCase(
        "working regulations",
        "group_leader",
        lambda w: reverse("steering:regulation_add", args=[w.tree.base_a.pk]),
        "steering.WorkingRegulation",
        lambda w, obj: reverse("steering:unit", args=[w.tree.base_a.pk]),
    ),
]

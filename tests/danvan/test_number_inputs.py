"""Number boxes read numbers as Vietnamese write them (issue 12.11): "8,5" (decimal comma),
"1.240" (dot grouping), "1.240,5", "1 240"; "8.5" and "1,240.5" as copied from elsewhere; garbage
is refused with a Vietnamese message. Every number box of the site's forms and of the admin is
one of danvan.inputs' fields (a year excepted: never grouped)."""

import importlib
import inspect
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

from danvan.inputs import NumberField, WholeNumberField, parse_number

APPS = "accounts awards campaigns models_registry reports reminders steering support units"
OURS = (NumberField, WholeNumberField)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("8,5", "8.5"),
        ("8.5", "8.5"),
        ("1.240", "1240"),
        ("1.240,5", "1240.5"),
        ("1 240,5", "1240.5"),
        ("1\u00a0240", "1240"),
        ("1,240.5", "1240.5"),
        ("15.000.000", "15000000"),
        ("0.125", "0.125"),
        ("-3,5", "-3.5"),
    ],
)
def test_numbers_as_vietnamese_write_them(typed, value):
    with translation.override("vi"):
        assert parse_number(typed) == Decimal(value)


@pytest.mark.parametrize(
    "typed", ["tám", "8,5,5", "1.24.5", "1.240.5", "8,", "1 24", "8,5đ", "١٢", "1" * 5000]
)
def test_what_is_not_a_number_is_refused(typed):
    with translation.override("vi"), pytest.raises(ValueError, match=r"\S"):
        parse_number(typed)


def test_fields_say_why_in_vietnamese_and_show_numbers_back_with_vietnamese_marks():
    with translation.override("vi"):
        decimal = NumberField(max_digits=5, decimal_places=1)
        assert decimal.clean("8,5") == Decimal("8.5")
        with pytest.raises(forms.ValidationError) as refused:
            decimal.clean("tám rưỡi")
        assert refused.value.messages == ["Đồng chí hãy ghi một số, ví dụ 8,5 hoặc 1.240,5."]
        whole = WholeNumberField(min_value=0)
        assert whole.clean("1.240") == 1240
        assert whole.clean("12,0") == 12
        with pytest.raises(forms.ValidationError) as refused:
            whole.clean("12,5")
        assert refused.value.messages == ["Đồng chí hãy ghi một số nguyên, ví dụ 1.240."]
        assert decimal.widget.format_value(Decimal("1240.50")) == "1.240,5"
        assert whole.widget.format_value(1240) == "1.240"
        html = whole.widget.render("n", 1240)
        assert 'type="text"' in html
        assert 'inputmode="numeric"' in html


def _plain_number_fields(form_class) -> list[str]:
    return [
        name
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField)
        and not isinstance(field, OURS)
        and not isinstance(field.widget, forms.HiddenInput)
        and not (name == "year" or name.endswith("_year"))
        and type(field).__module__ != "danvan.forms"  # MoneyField: the đồng amount
    ]


def test_every_number_box_of_the_sites_forms_reads_vietnamese_numbers():
    plain = []
    for app in APPS.split():
        module = importlib.import_module(f"{app}.forms")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                plain += [f"{app}.{name}.{f}" for f in _plain_number_fields(cls)]
    assert plain == []


@pytest.mark.django_db
def test_every_number_box_of_the_admin_reads_vietnamese_numbers(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    plain = []
    for model, model_admin in admin.site._registry.items():
        forms_ = [model_admin.get_form(request)]
        forms_ += [i.get_formset(request).form for i in model_admin.get_inline_instances(request)]
        for form_class in forms_:
            plain += [f"{model.__name__}.{f}" for f in _plain_number_fields(form_class)]
    assert plain == []

"""A budget typed as people write it, and selects without "---------" (issue 12.11)."""

import pytest
from django.urls import reverse

from models_registry.forms import RegistrationForm

from .test_editing import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed", ["15.000.000", "15000000", "15 000 000", "15.000.000 đ", "15,000,000", "15.000.000,00"]
)
def test_the_long_form_saves_a_budget_with_vietnamese_grouping(draft, group_member, login, typed):
    url = reverse("models_registry:edit", args=[draft.pk])
    response = login(group_member).post(url, form_data(draft, budget_vnd=typed))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.budget_vnd == 15_000_000


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("15.000.000,5", "không có phần lẻ: đồng chí hãy bỏ “,5”"),
        ("15.5", "ví dụ 15.000.000 hoặc 15000000"),
        ("mười lăm triệu", "ví dụ 15.000.000 hoặc 15000000"),
    ],
)
def test_a_budget_that_is_not_whole_dong_is_refused_with_a_reason_and_kept_on_the_page(
    draft, group_member, login, typed, message
):
    before = draft.budget_vnd
    url = reverse("models_registry:edit", args=[draft.pk])
    response = login(group_member).post(url, form_data(draft, budget_vnd=typed))
    assert response.status_code == 400  # the form again, never a 500
    page = response.content.decode()
    assert message in page
    assert f'value="{typed}"' in page  # what was typed stays in the box
    draft.refresh_from_db()
    assert draft.budget_vnd == before


def test_the_stored_budget_is_shown_with_grouping_and_saved_back_unchanged(
    draft, group_member, login
):
    draft.budget_vnd = 15_000_000
    draft.save()
    client = login(group_member)
    url = reverse("models_registry:edit", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'value="15.000.000"' in page
    assert client.post(url, form_data(draft, budget_vnd="15.000.000")).status_code == 302
    draft.refresh_from_db()
    assert draft.budget_vnd == 15_000_000


def test_the_long_form_offers_words_not_dashes_in_its_selects(draft, group_member, login):
    page = login(group_member).get(reverse("models_registry:edit", args=[draft.pk]))
    html = page.content.decode()
    assert "---------" not in html
    assert "— Không chọn —" in html  # optional: the main field, the lead organisation, sex


def test_every_site_form_with_a_select_words_its_empty_choice():
    """A new form with a select must use danvan.forms.EmptyChoiceLabels (directly, or through
    a base such as CapitalisedLabels)."""
    import importlib
    import inspect

    from django import forms

    from danvan.forms import EmptyChoiceLabels

    apps = "accounts awards campaigns models_registry reports reminders steering support units"
    missing = []
    for app in apps.split():
        module = importlib.import_module(f"{app}.forms")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, forms.BaseForm):
                continue
            selects = [
                f
                for f in cls.base_fields.values()
                if isinstance(f, forms.ChoiceField | forms.ModelChoiceField)
                and not isinstance(f, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
                and not isinstance(f.widget, forms.RadioSelect | forms.HiddenInput)
            ]
            dashes = [
                f
                for f in selects
                if getattr(f, "empty_label", None) == "---------"
                or ("", "---------") in list(getattr(f, "choices", []))[:1]
            ]
            if dashes and not issubclass(cls, EmptyChoiceLabels):
                missing.append(f"{app}.{name}")
    assert missing == []


def test_required_and_optional_empty_choices_read_differently():
    form = RegistrationForm()
    form["primary_field"].as_widget()
    assert str(form.fields["primary_field"].empty_label) == "— Không chọn —"

"""One way to render a form field (issue 13.5): ``{{ form.x.as_field_group }}``, ``{{ form }}`` or
``{% field %}`` (danvan.renderers, danvan/templatetags/danvan_forms.py), all through
``templates/forms/field.html``. A template that writes its own label, control or error markup, or
renders with crispy-forms or Django's as_p/as_table/as_ul/as_div, fails here."""

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted(
    path
    for base in [ROOT / "templates", *(ROOT / app / "templates" for app in settings.PROJECT_APPS)]
    for path in base.rglob("*.html")
    if not path.is_relative_to(ROOT / "templates" / "forms")  # the one rendering itself
    and "admin" not in path.relative_to(base).parts[:1]  # Django admin pages: the admin's markup
)

OTHER_WAYS = {
    "crispy-forms": re.compile(r"crispy"),
    "Django's as_p/as_table/as_ul/as_div": re.compile(r"[.|]as_(?:p|table|ul|div)\b"),
    "a label tag of Django's": re.compile(r"\b(?:label|legend)_tag\b"),
    "a hand-written <label>": re.compile(r"<label\b"),
    "a hand-written <select>": re.compile(r"<select\b"),
    "a hand-written <textarea>": re.compile(r"<textarea\b"),
    "a hand-written <input> (other than hidden or a submit button)": re.compile(
        r"<input\b(?![^>]*\btype=\"(?:hidden|submit)\")"
    ),
    "hand-written error markup": re.compile(r"invalid-feedback|errorlist"),
}

# (template, way): why that template may. Keep this short.
EXCEPTIONS = {
    (
        "models_registry/templates/models_registry/queue.html",
        "a hand-written <input> (other than hidden or a submit button)",
    ): "the table's row-selection checkboxes, each named by its aria-label (not a form field)",
    ("models_registry/templates/models_registry/queue.html", "a hand-written <label>"): (
        "the select-all checkbox's visible caption on phones (aria-hidden; it has its aria-label)"
    ),
    ("templates/includes/_language_switch.html", "a hand-written <label>"): (
        "the header's language switch: label and select on one line of the navigation bar"
    ),
    ("templates/includes/_language_switch.html", "a hand-written <select>"): (
        "the header's language switch: label and select on one line of the navigation bar"
    ),
}

COMMENTS = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)


def test_the_walk_finds_the_form_templates():
    names = {str(path.relative_to(ROOT)) for path in TEMPLATES}
    assert "models_registry/templates/models_registry/edit.html" in names
    assert "templates/registration/login.html" in names
    assert len(names) > 100


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_template_renders_fields_one_way(path):
    name = str(path.relative_to(ROOT))
    text = COMMENTS.sub("", path.read_text(encoding="utf-8"))
    found = [
        way
        for way, pattern in OTHER_WAYS.items()
        if pattern.search(text) and (name, way) not in EXCEPTIONS
    ]
    assert not found, (
        f"{name} renders a form field another way ({', '.join(found)}): use "
        "{{ form.x.as_field_group }}, {{ form }} or {% field %} (danvan_forms)"
    )


def test_no_exception_is_stale():
    texts = {str(p.relative_to(ROOT)): COMMENTS.sub("", p.read_text()) for p in TEMPLATES}
    for name, way in EXCEPTIONS:
        assert OTHER_WAYS[way].search(texts[name]), f"{name} no longer needs its exception"


class _Form(forms.Form):
    name = forms.CharField(label="Tên mô hình", help_text="Ngắn gọn", max_length=5)
    kind = forms.ChoiceField(label="Loại", choices=[("a", "A")], widget=forms.RadioSelect)
    agree = forms.BooleanField(label="Đồng ý", required=False)


def test_a_field_in_error_is_labelled_described_and_marked():
    form = _Form(data={"name": "quá dài", "kind": "a"})
    assert not form.is_valid()
    html = form["name"].as_field_group()
    assert '<label class="form-label" for="id_name">Tên mô hình' in html
    assert 'aria-hidden="true"> *</span>' in html  # required marker, the input says required
    assert " required" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'id="id_name_error"' in html
    assert 'id="id_name_helptext"' in html
    assert "form-control is-invalid" in html


def test_choices_as_radios_are_a_fieldset_with_a_legend():
    html = _Form(data={"name": "x"})["kind"].as_field_group()
    assert html.startswith("<fieldset")
    assert 'aria-describedby="id_kind_error"' in html
    assert "<legend" in html


def test_a_whole_form_starts_with_an_error_summary_linking_to_its_fields():
    form = _Form(data={"name": "", "kind": "a"})
    html = str(form)
    assert html.index("data-error-summary") < html.index('<label class="form-label" for="id_name"')
    assert 'href="#id_name"' in html


def test_a_plain_control_renders_through_the_same_field_template():
    html = Template(
        '{% load danvan_forms %}{% field "q" "Tìm" value=q id="board-q" kind="search" %}'
        '{% field "unit" "Đơn vị" value=2 choices=units empty="—" id="f-unit" %}'
        '{% field "missing" "Thiếu" value="1" checked=True kind="checkbox" id="m" %}'
    ).render(Context({"q": "<b>", "units": [(1, "A"), (2, "B & C")]}))
    assert '<label class="form-label" for="board-q">Tìm</label>' in html
    assert 'value="&lt;b&gt;"' in html
    assert '<option value="2" selected>B &amp; C</option>' in html
    assert '<option value="">—</option>' in html
    assert 'value="1"' in html
    assert "checked" in html
    assert '<label class="form-check-label" for="m">Thiếu' in html

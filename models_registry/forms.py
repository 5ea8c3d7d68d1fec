"""Forms of the registration pages. The long form is split into sections for the template."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns.models import Campaign
from danvan.forms import EmptyChoiceLabels, FilterForm, MoneyField, StepForm
from danvan.inputs import NumberField, model_formfield
from danvan.uploads import DOCUMENT_KINDS, FileContentValidator
from danvan.workflow import COMMENT_NUL, COMMENT_TOO_LONG

from .models import (
    AttachmentKind,
    Field,
    Kind,
    Level,
    Organisation,
    Registration,
    Status,
)


class CapitalisedLabels(EmptyChoiceLabels):
    """Labels start with a capital letter on the page (msgids are lower-case field names, as
    for model fields, whose labels Django capitalises by itself)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.label = capfirst(field.label)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"rows": 3}

# (section title, fields) in the order of the official registration form.
SECTIONS: list[tuple[str, str, list[str]]] = [
    (
        "general",
        _("General"),
        ["name", "kind", "level", "primary_field", "secondary_fields"],
    ),
    (
        "ownership",
        _("Lead organisation and person in charge"),
        ["lead_organisation", "contact_name", "contact_position", "contact_phone", "contact_email"],
    ),
    (
        "person",
        _("The person (individual exemplar)"),
        [
            "person_name",
            "person_birth_year",
            "person_sex",
            "person_ethnicity",
            "person_party_member",
            "person_position",
            "person_unit",
        ],
    ),
    ("substance", _("Substance"), ["situation", "objectives", "content", "scope", "implementers"]),
    (
        "resources",
        _("7. Resources"),
        ["budget_vnd", "budget_sources", "workdays", "means", "socialised"],
    ),
    ("timeline", _("8. Timeline"), ["start_date", "milestones", "evaluation_date"]),
    ("outputs", _("Outputs and sustainability"), ["expected_outputs", "sustainability"]),
    (
        "signoff",
        _("Opinion of the party committee"),
        [
            "committee_opinion",
            "committee_signer",
            "committee_signer_position",
            "committee_opinion_date",
        ],
    ),
]
SECTION_FIELDS = [name for _key, _title, fields in SECTIONS for name in fields]
# Row lists shown after a section: {after: (key, title, [])}.
FORMSET_SECTIONS = {
    "ownership": ("partners", _("Partner organisations and their roles"), []),
    "substance": ("targets", _("3. Measurable targets"), []),
}


class RegistrationForm(CapitalisedLabels, forms.ModelForm):
    """The long form. ``version`` carries the optimistic lock."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    person_party_member = forms.NullBooleanField(
        label=_("party member"),
        required=False,
        widget=forms.Select(choices=[("unknown", "—"), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = Registration
        fields = SECTION_FIELDS
        formfield_callback = model_formfield
        field_classes = {"budget_vnd": MoneyField}
        widgets = {
            "start_date": DATE,
            "evaluation_date": DATE,
            "committee_opinion_date": DATE,
            "secondary_fields": forms.CheckboxSelectMultiple,
            "situation": forms.Textarea(attrs=TEXT),
            "objectives": forms.Textarea(attrs=TEXT),
            "content": forms.Textarea(attrs={"rows": 5}),
            "scope": forms.Textarea(attrs=TEXT),
            "implementers": forms.Textarea(attrs=TEXT),
            "means": forms.Textarea(attrs={"rows": 2}),
            "socialised": forms.Textarea(attrs={"rows": 2}),
            "milestones": forms.Textarea(attrs=TEXT),
            "expected_outputs": forms.Textarea(attrs=TEXT),
            "sustainability": forms.Textarea(attrs=TEXT),
            "committee_opinion": forms.Textarea(attrs=TEXT),
        }
        help_texts = {
            "budget_vnd": _("In đồng, e.g. 15.000.000."),
            "milestones": _("One per line: date – what is done."),
            "secondary_fields": _("Optional."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_field"].queryset = Field.objects.active()
        self.fields["secondary_fields"].queryset = Field.objects.active()
        self.fields["lead_organisation"].queryset = Organisation.objects.active()
        self.fields["workdays"].widget.attrs.update(min=0, inputmode="numeric")
        self.fields["contact_phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["contact_email"].widget.attrs.update(autocomplete="email")
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("evaluation_date")
        if start and end and end < start:
            self.add_error(
                "evaluation_date", _("The evaluation date must not be before the start.")
            )
        return data

    def sections(self):
        """[(key, title, [bound fields])] for the template."""
        return [(key, title, [self[name] for name in names]) for key, title, names in SECTIONS]

    def page_sections(self):
        """The sections in page order, the two row lists (formsets) in their place: partners
        after the lead organisation, targets after the substance. [(key, title, fields)]."""
        rows = []
        for key, title, fields in self.sections():
            rows.append((key, title, fields))
            if key in FORMSET_SECTIONS:
                rows.append(FORMSET_SECTIONS[key])
        return rows

    def lenient_data(self) -> dict:
        """Values that passed their field checks, for an autosave (no "required" rule)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name]
            for name in SECTION_FIELDS
            if name in cleaned and name not in self.errors and name != "secondary_fields"
        }


class TargetForm(CapitalisedLabels, forms.Form):
    name = forms.CharField(label=_("target"), max_length=255, required=False)
    target_value = NumberField(
        label=_("target value"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    measure = forms.CharField(label=_("unit of measure"), max_length=60, required=False)

    def clean(self):
        data = super().clean()
        filled = [data.get("target_value") is not None, bool(data.get("measure"))]
        if any(filled) and not data.get("name"):
            self.add_error("name", _("Name the target."))
        return data


class PartnerForm(CapitalisedLabels, forms.Form):
    organisation = forms.ModelChoiceField(
        label=pgettext_lazy("registry", "organisation"),
        queryset=Organisation.objects.active(),
        required=False,
    )
    role = forms.CharField(label=_("role"), max_length=255, required=False)

    def clean(self):
        data = super().clean()
        if data.get("role") and not data.get("organisation"):
            self.add_error("organisation", _("Choose the organisation."))
        return data


TargetFormSet = forms.formset_factory(TargetForm, extra=1, max_num=30, absolute_max=30)
PartnerFormSet = forms.formset_factory(PartnerForm, extra=1, max_num=10, absolute_max=10)


def formset_rows(formset, lenient: bool = False) -> list[dict]:
    """Rows worth keeping: valid and not empty (deleted rows ignored)."""
    rows = []
    for form in formset.forms:
        if not form.has_changed():
            continue
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            if any(v not in (None, "") for v in data.values()):
                rows.append(data)
        elif lenient and getattr(form, "cleaned_data", {}).get("name"):
            rows.append({"name": form.cleaned_data["name"]})
    return rows


class StartForm(CapitalisedLabels, forms.Form):
    """The first step: which organisation, what kind, the name (duplicates shown as you type)."""

    unit = forms.ModelChoiceField(label=_("party organisation"), queryset=None)
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=Campaign.objects.active())
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=pgettext_lazy("registry", "type"), choices=Kind.choices)
    name = forms.CharField(label=_("name of the model or exemplar"), max_length=300)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units is not None and len(units) == 1:
            self.fields["unit"].initial = units[0].pk

    def clean(self):
        data = super().clean()
        campaign, year = data.get("campaign"), data.get("year")
        if campaign and year and year not in campaign.years:
            self.add_error("year", _("The year lies outside the campaign's period."))
        return data


# What a comment field says when it is refused: the exact reason, never "write the comment" for a
# text that was written (too long, or a NUL byte pasted from another program).
COMMENT_ERRORS = {
    "required": _("Please write the comment."),
    "max_length": COMMENT_TOO_LONG,
    "null_characters_not_allowed": COMMENT_NUL,
}


class TransitionForm(CapitalisedLabels, StepForm):
    """A step's comment and version (``StepForm``), and what recognition records."""

    decision_number = forms.CharField(
        label=_("recognition decision number"), required=False, max_length=60
    )
    decision_date = forms.DateField(
        label=_("recognition decision date"), required=False, widget=DATE
    )
    outstanding = forms.BooleanField(label=_("Also mark it as outstanding"), required=False)


class CommentForm(CapitalisedLabels, forms.Form):
    body = forms.CharField(
        label=_("comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=COMMENT_ERRORS,
    )
    internal = forms.BooleanField(label=_("internal note (reviewers only)"), required=False)


class AttachmentForm(CapitalisedLabels, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=AttachmentKind.choices)
    title = forms.CharField(
        label=pgettext_lazy("document", "title"), max_length=255, required=False
    )
    file = forms.FileField(label=_("file"))


class ProgressForm(CapitalisedLabels, forms.Form):
    """A progress update: date, what was done, a file; per target the value achieved so far, a
    note and an evidence file (fields ``achieved_<id>``, ``note_<id>``, ``evidence_<id>``)."""

    happened_on = forms.DateField(label=_("date"), widget=DATE)
    text = forms.CharField(
        label=_("what was done"), max_length=5000, widget=forms.Textarea(attrs=TEXT)
    )
    evidence = forms.FileField(
        label=_("evidence (file)"),
        required=False,
        validators=[FileContentValidator(DOCUMENT_KINDS)],
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for target in self.targets:
            measure = f" ({target.measure})" if target.measure else ""
            self.fields[f"achieved_{target.pk}"] = NumberField(
                label=_("Achieved so far") + measure,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=2,
                required=False,
                initial=target.achieved_value,
            )
            self.fields[f"note_{target.pk}"] = forms.CharField(
                label=capfirst(_("note")), max_length=500, required=False
            )
            self.fields[f"evidence_{target.pk}"] = forms.FileField(
                label=capfirst(_("evidence (file)")),
                required=False,
                validators=[FileContentValidator(DOCUMENT_KINDS)],
            )

    def target_rows(self):
        """[(target, achieved field, note field, evidence field)] for the template."""
        return [
            (t, self[f"achieved_{t.pk}"], self[f"note_{t.pk}"], self[f"evidence_{t.pk}"])
            for t in self.targets
        ]

    def _by_target(self, prefix: str) -> dict:
        return {
            t.pk: self.cleaned_data[f"{prefix}_{t.pk}"]
            for t in self.targets
            if self.cleaned_data.get(f"{prefix}_{t.pk}") not in (None, "")
        }

    def achieved(self) -> dict[int, Decimal]:
        """Values that changed, or that come with a note or a file (an empty box changes
        nothing; the boxes start with the current values)."""
        current = {t.pk: t.achieved_value for t in self.targets}
        explained = set(self.notes()) | set(self.target_files())
        return {
            pk: value
            for pk, value in self._by_target("achieved").items()
            if value != current[pk] or pk in explained
        }

    def notes(self) -> dict[int, str]:
        return self._by_target("note")

    def target_files(self) -> dict:
        return self._by_target("evidence")


class ScoreForm(CapitalisedLabels, forms.Form):
    """One number field per criterion of the rubric."""

    note = forms.CharField(
        label=_("note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, criteria=(), initial_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = NumberField(
                label=f"{criterion.title} (0–{criterion.max_points})",
                min_value=Decimal(0),
                max_value=Decimal(criterion.max_points),
                max_digits=5,
                decimal_places=1,
                initial=(initial_points or {}).get(criterion.pk),
            )

    def points(self) -> dict[int, Decimal]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class QueueFilterForm(CapitalisedLabels, FilterForm):
    """One filter form feeds the queue page and its Excel export."""

    q = forms.CharField(label=_("Search (accents optional)"), required=False, max_length=200)
    campaign = forms.ModelChoiceField(
        label=_("campaign"), queryset=Campaign.objects.all(), required=False, empty_label="—"
    )
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", "—"), *Status.choices]
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("registry", "type"), required=False, choices=[("", "—"), *Kind.choices]
    )
    field = forms.ModelChoiceField(
        label=_("field"), queryset=Field.objects.all(), required=False, empty_label="—"
    )
    level = forms.ChoiceField(label=_("level"), required=False, choices=[("", "—"), *Level.choices])
    unit = forms.CharField(label=_("party organisation"), required=False, max_length=200)
    lead = forms.ModelChoiceField(
        label=_("lead organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="—",
    )
    late = forms.ChoiceField(
        label=_("late"),
        required=False,
        choices=[("", "—"), ("1", _("Late only")), ("0", _("On time only"))],
    )

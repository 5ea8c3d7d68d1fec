"""Forms of the awards pages. Labels are lower-case msgids, capitalised on the page."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns.models import Campaign
from danvan.forms import EmptyChoiceLabels, FilterForm
from danvan.inputs import WholeNumberField
from danvan.uploads import DOCUMENT_KINDS, FileContentValidator
from models_registry.models import LIBRARY_STATES, Registration, Sex
from units.models import MassOrganisation, Unit

from .models import AwardForm, Decision, NomineeKind, ProposalStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CapitalisedLabels(EmptyChoiceLabels):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.label = capfirst(field.label)


class YearInCampaign:
    def clean(self):
        data = super().clean()
        campaign, year = data.get("campaign"), data.get("year")
        if campaign and year and year not in campaign.years:
            self.add_error("year", _("The year lies outside the campaign's period."))
        return data


class StartForm(CapitalisedLabels, YearInCampaign, forms.Form):
    unit = forms.ModelChoiceField(label=_("party organisation"), queryset=Unit.objects.none())
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=Campaign.objects.active())
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
            if len(units) == 1:
                self.fields["unit"].initial = units[0].pk


def _file_field(label):
    return forms.FileField(
        label=label, required=False, validators=[FileContentValidator(DOCUMENT_KINDS)]
    )


class DossierForm(CapitalisedLabels, forms.Form):
    letter = _file_field(_("submission letter"))
    minutes = _file_field(_("minutes of the review meeting"))
    report = _file_field(_("achievement report"))

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(k) for k in ("letter", "minutes", "report")):
            raise forms.ValidationError(_("Please choose at least one file."))
        return data


class NomineeForm(CapitalisedLabels, forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("awards", "type"), choices=NomineeKind.choices, initial="collective"
    )
    form = forms.ModelChoiceField(
        label=_("proposed form"), queryset=AwardForm.objects.active(), empty_label=None
    )
    name = forms.CharField(label=_("name of the collective or full name"), max_length=255)
    registration = forms.ModelChoiceField(
        label=_("recognised model or exemplar"),
        queryset=Registration.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Optional: the recognised or outstanding registration it stands for."),
    )
    position = forms.CharField(
        label=_("position"),
        max_length=150,
        required=False,
        help_text=_("Required for an individual."),
    )
    birth_year = forms.IntegerField(
        label=_("year of birth"), required=False, min_value=1900, max_value=2100
    )
    sex = forms.ChoiceField(label=_("sex"), choices=[("", ""), *Sex.choices], required=False)
    work_unit = forms.CharField(label=_("work unit"), max_length=200, required=False)
    mass_organisation = forms.ModelChoiceField(
        label=_("mass organisation"),
        queryset=MassOrganisation.objects.filter(is_active=True),
        required=False,
        empty_label="—",
    )
    achievement = forms.CharField(label=_("achievement in one line"), max_length=400)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["registration"].queryset = Registration.objects.filter(
                unit=unit, status__in=LIBRARY_STATES
            ).order_by("-year", "name")


class QueueFilterForm(CapitalisedLabels, FilterForm):
    """One filter form feeds the queue page and its Excel export."""

    campaign = forms.ModelChoiceField(
        label=_("campaign"), queryset=Campaign.objects.all(), required=False, empty_label="—"
    )
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("", "—"), *[c for c in ProposalStatus.choices if c[0] != "draft"]],
    )
    form = forms.ModelChoiceField(
        label=_("form of award"), queryset=AwardForm.objects.all(), required=False, empty_label="—"
    )
    unit = forms.CharField(label=_("party organisation"), required=False, max_length=200)


class QuotaForm(CapitalisedLabels, YearInCampaign, forms.Form):
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=Campaign.objects.none())
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    form = forms.ModelChoiceField(
        label=_("form of award"), queryset=AwardForm.objects.active(), empty_label=None
    )
    max_collectives = WholeNumberField(
        label=_("at most, collectives per unit"), min_value=0, max_value=1000
    )
    max_individuals = WholeNumberField(
        label=_("at most, individuals per unit"), min_value=0, max_value=1000
    )

    def __init__(self, *args, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaigns is not None:
            self.fields["campaign"].queryset = campaigns


def _decision_field(name: str, **kwargs) -> forms.Field:
    return Decision._meta.get_field(name).formfield(required=False, **kwargs)


class DecisionForm(CapitalisedLabels, YearInCampaign, forms.Form):
    unit = forms.ModelChoiceField(label=_("recorded for"), queryset=Unit.objects.none())
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=Campaign.objects.none())
    year = forms.IntegerField(label=_("year of the achievements"), min_value=2000, max_value=2100)
    number = forms.CharField(
        label=_("number"),
        max_length=60,
        help_text=_("As written on the decision, e.g. 125-QĐ/ĐUK or 123/QĐ-UBND."),
    )
    date = forms.DateField(label=_("date signed"), widget=DATE)
    issuer = forms.CharField(
        label=_("issued by"),
        max_length=200,
        initial=_("Standing Committee of the Bloc Party Committee"),
    )
    form = forms.ModelChoiceField(
        label=_("form of award"), queryset=AwardForm.objects.active(), empty_label=None
    )
    signed_file = forms.FileField(
        label=_("signed decision"),
        required=False,
        validators=[FileContentValidator(DOCUMENT_KINDS)],
    )
    # What the papers print (Decision's fields, with their labels and help texts)
    issuing_body = _decision_field("issuing_body")
    grounds = _decision_field("grounds", widget=forms.Textarea({"rows": 2}))
    signer_on_behalf = _decision_field("signer_on_behalf")
    signer_title = _decision_field("signer_title")
    signer_name = _decision_field("signer_name")
    copies_to = _decision_field("copies_to", widget=forms.Textarea({"rows": 3}))
    nominees = forms.ModelMultipleChoiceField(
        label=_("accepted nominees"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units=None, campaigns=None, nominees=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
            if len(units) == 1:
                self.fields["unit"].initial = units[0].pk
        if campaigns is not None:
            self.fields["campaign"].queryset = campaigns
        self.fields["nominees"].queryset = nominees
        self.fields["nominees"].label_from_instance = lambda n: (
            f"{n.name} — {n.proposal.unit.name} ({n.get_kind_display()}; {n.form.name})"
        )


class TypedRecipientForm(CapitalisedLabels, forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("awards", "type"),
        choices=NomineeKind.choices,
        required=False,
    )
    name = forms.CharField(
        label=_("name of the collective or full name"), max_length=255, required=False
    )
    position = forms.CharField(label=_("position"), max_length=150, required=False)
    unit = forms.ModelChoiceField(
        label=_("party organisation"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("unit"):
            self.add_error("unit", _("Choose the organisation of this recipient."))
        if data.get("unit") and not data.get("name"):
            self.add_error("name", _("Type the recipient's name."))
        return data


# absolute_max: a posted TOTAL_FORMS of 10**40 drew 1,050 rows (Django adds 1,000 to max_num).
TypedRecipientFormSet = forms.formset_factory(
    TypedRecipientForm, extra=3, max_num=50, absolute_max=50
)

"""Forms of the campaigns app. They parse and validate input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from danvan.forms import EmptyChoiceLabels
from danvan.inputs import model_formfield
from units.models import MassOrganisation, Unit
from units.scoping import Action, get_scope, path_prefixes

from .models import (
    Campaign,
    Deadline,
    DirectiveDocument,
    DisseminationSession,
    PropagandaActivity,
    YearPlan,
)

# danvan.uploads' refusals are shown on this app's forms: keep their Vietnamese here too, so the
# message reads right even while the project catalogue lacks it.
UPLOAD_MESSAGES = (
    gettext_noop("The file is %(size)s MB; the limit is %(limit)s MB."),
    gettext_noop("This file type is not accepted. Allowed: %(allowed)s."),
)


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates, which the Vietnamese formats accept."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} ({obj.short_code})"


class CampaignForm(EmptyChoiceLabels, forms.ModelForm):
    root_unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Covers"))

    class Meta:
        model = Campaign
        fields = ["name", "code", "root_unit", "start_date", "end_date", "description"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        # Campaigns cover a bloc (or a province): not a single organisation or steering group.
        self.fields["root_unit"].queryset = (
            Unit.objects.for_action(user, Action.MANAGE)
            .filter(unit_type__is_grassroots=False, unit_type__acts_for_parent=False)
            .select_related("unit_type")
        )
        self.fields["root_unit"].help_text = Campaign._meta.get_field("root_unit").help_text


class YearPlanForm(forms.ModelForm):
    class Meta:
        model = YearPlan
        fields = ["year", "title", "number", "issued_on", "summary"]
        widgets = {"issued_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}


class DeadlineForm(EmptyChoiceLabels, forms.ModelForm):
    applies_to = UnitChoiceField(queryset=Unit.objects.none(), label=_("Applies to"))

    class Meta:
        model = Deadline
        fields = ["year", "kind", "title", "due_date", "applies_to", "plan", "note"]
        widgets = {"due_date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, campaign: Campaign, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.campaign = campaign
        scope = get_scope(user)
        self.fields["applies_to"].queryset = (
            Unit.objects.filter(scope.q(Action.MANAGE), path__startswith=campaign.root_unit.path)
            .filter(unit_type__acts_for_parent=False)
            .order_by("path")
        )
        self.fields["applies_to"].help_text = Deadline._meta.get_field("applies_to").help_text
        self.fields["plan"].queryset = campaign.plans.all()
        if not self.instance.pk:
            self.initial.setdefault("applies_to", campaign.root_unit_id)


class ExtensionForm(EmptyChoiceLabels, forms.Form):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Organisation"))
    due_date = forms.DateField(label=_("New due date"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, deadline: Deadline, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.for_action(user, Action.MANAGE)
            .grassroots()
            .active()
            .filter(path__startswith=deadline.applies_to.path)
            .order_by("path")
        )


class DocumentForm(EmptyChoiceLabels, forms.ModelForm):
    owner_unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Kept by"))

    class Meta:
        model = DirectiveDocument
        fields = [
            "owner_unit",
            "number",
            "doc_type",
            "issued_on",
            "issuer",
            "summary",
            "file",
            "campaigns",
        ]
        widgets = {
            "issued_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "file": forms.FileInput(),
            "campaigns": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaigns"].queryset = Campaign.objects.visible_to(user).order_by(
            "-start_date"
        )
        # The register a document is kept in: the blocs/provinces whose registers the user keeps
        # (one, usually; then it is not asked). Once recorded, a document stays where it is.
        owners = Unit.objects.for_action(user, Action.MANAGE).filter(
            unit_type__is_grassroots=False, unit_type__acts_for_parent=False
        )
        self.fields["owner_unit"].queryset = owners
        self._only_owner = None
        if self.instance.pk:
            del self.fields["owner_unit"]
        else:
            first = list(owners.order_by("path")[:2])
            if len(first) == 1:
                self._only_owner = first[0]
                self.initial.setdefault("owner_unit", first[0].pk)
                self.fields["owner_unit"].widget = forms.HiddenInput()
                self.fields["owner_unit"].required = False
        if self.instance.pk and self.instance.file:
            self.fields["file"].help_text = _("Leave empty to keep the stored file.")

    def clean_owner_unit(self):
        # The one register the user keeps needs no choosing (a form posted without it means it);
        # a posted unit outside ``owners`` is refused by the field itself.
        return self.cleaned_data.get("owner_unit") or self._only_owner


class DocumentFilterForm(EmptyChoiceLabels, forms.Form):
    q = forms.CharField(label=_("Search (accents optional)"), required=False)
    doc_type = forms.ChoiceField(label=_("Type"), required=False)
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), required=False, queryset=Campaign.objects.none()
    )

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import DocumentType

        self.fields["doc_type"].choices = [("", _("All types")), *DocumentType.choices]
        self.fields["campaign"].queryset = Campaign.objects.visible_to(user)


class _UnitActivityForm(EmptyChoiceLabels, forms.ModelForm):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Organisation"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        choices = list(units[:2])
        if len(choices) == 1:
            self.initial.setdefault("unit", choices[0].pk)
            self.fields["unit"].widget = forms.HiddenInput()
        self.fields["campaign"].queryset = Campaign.objects.active()
        if not self.instance.pk:
            current = Campaign.objects.current()
            if current:
                self.initial.setdefault("campaign", current.pk)
        if self.instance.pk and self.instance.file:
            self.fields["file"].help_text = _("Leave empty to keep the stored file.")


class DisseminationSessionForm(_UnitActivityForm):
    class Meta:
        model = DisseminationSession
        formfield_callback = model_formfield
        fields = [
            "unit",
            "campaign",
            "held_on",
            "title",
            "format",
            "documents",
            "participants",
            "note",
            "file",
        ]
        widgets = {
            "held_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
            "file": forms.FileInput(),
            "documents": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, units=units, **kwargs)
        # The documents in the registers above the organisations recorded for (their bloc's),
        # not another bloc's register.
        above = {p for path in units.values_list("path", flat=True) for p in path_prefixes(path)}
        self.fields["documents"].queryset = DirectiveDocument.objects.filter(
            Q(owner_unit__path__in=above) | Q(owner_unit__isnull=True)
        )


class PropagandaActivityForm(_UnitActivityForm):
    class Meta:
        model = PropagandaActivity
        formfield_callback = model_formfield
        fields = [
            "unit",
            "campaign",
            "held_on",
            "mass_organisation",
            "form",
            "count",
            "participants",
            "note",
            "file",
        ]
        widgets = {
            "held_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
            "file": forms.FileInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mass_organisation"].queryset = MassOrganisation.objects.filter(is_active=True)

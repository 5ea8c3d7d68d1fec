from django import forms

from campaigns.forms import DateInput

from .models import FoundingDecision, WorkingRegulation


class FoundingDecisionForm(forms.ModelForm):
    class Meta:
        model = FoundingDecision
        fields = ["number", "decided_on", "signed_by", "file", "note"]
        widgets = {
            "decided_on": DateInput(),
            "file": forms.FileInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class WorkingRegulationForm(forms.ModelForm):
    class Meta:
        model = WorkingRegulation
        fields = ["adopted_on", "decision_number", "file", "note"]
        widgets = {
            "adopted_on": DateInput(),
            "file": forms.FileInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.inputs import model_formfield

from .letterheads import LETTERHEAD_FIELDS, SUMMARY_TEXT_FIELDS
from .models import BlocLetterhead, PeriodicReport, SummaryText
from .services import EDITABLE_FIELDS


class ReportForm(forms.ModelForm):
    """The narrative sections and the figures a person must judge (blank = use the records)."""

    class Meta:
        model = PeriodicReport
        fields = EDITABLE_FIELDS
        formfield_callback = model_formfield
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in [
                "situation",
                "leadership",
                "results_by_field",
                "assessment",
                "direction",
                "proposals",
            ]
        } | {"figures_note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "figures_note": _(
                "Required when a figure you report differs from what the records show."
            ),
        }


class LetterheadForm(forms.ModelForm):
    """A bloc's letterhead, signer and usual recipients (``reports.letterheads``)."""

    class Meta:
        model = BlocLetterhead
        fields = LETTERHEAD_FIELDS
        widgets = {
            "parent_body": forms.Textarea(attrs={"rows": 2}),
            "issuing_body": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 6}),
        }


class SummaryTextForm(forms.ModelForm):
    """One bloc summary's number, signer, recipients and sections IV–VI."""

    class Meta:
        model = SummaryText
        fields = SUMMARY_TEXT_FIELDS
        widgets = {
            "recipients": forms.Textarea(attrs={"rows": 6}),
            "assessment": forms.Textarea(attrs={"rows": 8}),
            "direction": forms.Textarea(attrs={"rows": 6}),
            "proposals": forms.Textarea(attrs={"rows": 5}),
        }

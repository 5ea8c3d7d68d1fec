from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PeriodicReport
from .services import EDITABLE_FIELDS


class ReportForm(forms.ModelForm):
    """The narrative sections and the figures a person must judge (blank = use the records)."""

    class Meta:
        model = PeriodicReport
        fields = EDITABLE_FIELDS
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

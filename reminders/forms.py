from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.inputs import model_formfield
from notifications.models import OutboxStatus

from .models import ReminderPolicy


class ReminderPolicyForm(forms.ModelForm):
    class Meta:
        model = ReminderPolicy
        formfield_callback = model_formfield
        fields = [
            "is_active",
            "days_before",
            "on_due_day",
            "overdue_every_days",
            "escalate_after_days",
            "stop_after_days",
            "recipients",
            "send_email",
        ]
        widgets = {"recipients": forms.RadioSelect}


DELIVERY_CHOICES = [("", _("Any")), ("in_app", _("In-app only")), *OutboxStatus.choices]


class ReminderLogFilter(forms.Form):
    q = forms.CharField(label=_("Unit or recipient"), required=False)
    deadline = forms.TypedChoiceField(label=_("Deadline"), required=False, coerce=int)
    status = forms.ChoiceField(label=_("Delivery"), required=False, choices=DELIVERY_CHOICES)
    escalation = forms.BooleanField(label=_("Escalations only"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, deadlines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].choices = [("", _("All"))] + [
            (d.pk, f"{d.title} – {d.due_date:%d/%m/%Y}") for d in deadlines
        ]

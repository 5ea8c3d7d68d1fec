"""Forms of the support app. They parse and validate input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from campaigns.forms import DateInput, UnitChoiceField
from danvan.forms import EmptyChoiceLabels, OneLineField
from danvan.uploads import FileContentValidator
from danvan.workflow import COMMENT_MAX_LENGTH, COMMENT_NUL, COMMENT_TOO_LONG
from units.models import User

from . import selectors
from .models import Assessment, FocusItem, QuestionCategory, VisitKind

# danvan.uploads' refusals are shown on this app's forms: keep their Vietnamese here too.
UPLOAD_MESSAGES = (
    gettext_noop("The file is %(size)s MB; the limit is %(limit)s MB."),
    gettext_noop("This file type is not accepted. Allowed: %(allowed)s."),
)
FILE_HELP = _("PDF, Word, Excel, JPEG or PNG. Kept privately; only people with access can open it.")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name()


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name()


def _file_field(label) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        validators=[FileContentValidator()],
        help_text=FILE_HELP,
        widget=forms.FileInput,
    )


class VisitPlanForm(EmptyChoiceLabels, forms.Form):
    unit = UnitChoiceField(label=_("Organisation"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of visit"), choices=VisitKind.choices)
    planned_on = forms.DateField(label=_("Planned date"), widget=DateInput())
    lead = PersonChoiceField(label=_("Team lead"), queryset=None)
    team = PeopleChoiceField(
        label=_("Team members"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    focus = forms.MultipleChoiceField(
        label=_("Focus items"),
        choices=FocusItem.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(
        label=_("Purpose and notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        people = selectors.planners(user)
        self.fields["unit"].queryset = selectors.units_to_visit(user)
        self.fields["lead"].queryset = people
        self.fields["team"].queryset = people
        self.fields["lead"].initial = user.pk


class VisitRecordForm(EmptyChoiceLabels, forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 5}))
    assessment = forms.ChoiceField(
        label=_("Assessment"), choices=[("", "---------"), *Assessment.choices]
    )
    minutes = _file_field(_("Minutes of the visit"))


class FollowUpForm(forms.Form):
    action = forms.CharField(
        label=_("What the unit should do"), widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=pgettext_lazy("follow-up", "Due date"), widget=DateInput())


class FollowUpAnswerForm(forms.Form):
    response = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = _file_field(_("Evidence (optional)"))


class QuestionForm(EmptyChoiceLabels, forms.Form):
    unit = UnitChoiceField(label=_("On behalf of"), queryset=None)
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    subject = OneLineField(label=_("Subject"), max_length=200)
    text = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 6}))
    file = _file_field(_("Attached file (optional)"))

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        units = selectors.units_asking_for(user)
        self.fields["unit"].queryset = units
        self.fields["category"].queryset = QuestionCategory.objects.filter(is_active=True)
        first = list(units[:2])
        if len(first) == 1:
            self.fields["unit"].initial = first[0].pk
            self.fields["unit"].widget = forms.HiddenInput()


class QuestionStepForm(forms.Form):
    text = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": COMMENT_TOO_LONG, "null_characters_not_allowed": COMMENT_NUL},
    )
    file = _file_field(_("Attached file (optional)"))


class PublishForm(forms.Form):
    subject = OneLineField(label=_("Subject as published"), max_length=200)
    question_text = forms.CharField(
        label=_("Question as published"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Remove anything that identifies the asking organisation."),
    )
    answer_text = forms.CharField(
        label=_("Answer as published"), widget=forms.Textarea(attrs={"rows": 6})
    )

"""The project's forms as data, for the hostile-input tests: who opens which form on which page,
and how to fill every text field with a given value while the other fields stay valid.

``FORM_CASES`` names each form (``tests/hostile/test_every_form_is_covered.py`` fails for a form
class without one); ``open_form(client, case, world)`` logs in the right person and GETs the
page; ``case.data(world, context, text)`` builds the POST (or GET) data from the form and formsets
the page rendered (every plain text field gets ``text``, cut to its maximum length; choices, dates
and numbers get a valid value); ``send`` posts it (or GETs a filter bar).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.core.validators import MinValueValidator
from django.urls import reverse

from accounts import forms as accounts_forms
from awards import forms as awards_forms
from campaigns import forms as campaigns_forms
from danvan.forms import OneLineField, StepForm
from models_registry import forms as registry_forms
from reminders import forms as reminders_forms
from reports import forms as reports_forms
from steering import forms as steering_forms
from support import forms as support_forms
from tests.campaigns.factories import pdf_upload
from units import admin as units_admin
from units import forms as units_forms

TODAY = datetime.date(2013, 6, 10)


def _first_choice(bound: forms.BoundField):
    for value, _label in bound.field.choices:
        value = getattr(value, "value", value)
        if value not in ("", None):
            return str(value)
    return ""


def _lowest(form: forms.BaseForm, name: str):
    """The smallest valid number (a model field's MinValueValidator included), at least 1."""
    validators = list(form.fields[name].validators)
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is not None and name in {f.name for f in model._meta.get_fields()}:
        validators += getattr(model._meta.get_field(name), "validators", [])
    limits = [form.fields[name].min_value or 1] + [
        v.limit_value for v in validators if isinstance(v, MinValueValidator)
    ]
    return max(limits)


def is_text(formfield: forms.Field) -> bool:
    """A free-text field a user types into (not an e-mail, number, choice or date)."""
    return type(formfield) in (forms.CharField, OneLineField)


def fill(form: forms.BaseForm, text: str, extra: dict | None = None) -> dict:
    data: dict = {}
    for name, bound in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(bound.widget, forms.HiddenInput):
            value = form[name].value()
            data[key] = "" if value is None else value
        elif is_text(bound):
            data[key] = text[: bound.max_length] if bound.max_length else text
        elif isinstance(bound, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
            choice = _first_choice(form[name])
            data[key] = [choice] if choice else []
        elif isinstance(bound, forms.ChoiceField | forms.ModelChoiceField):
            initial = form[name].value()
            data[key] = initial if initial not in (None, "") else _first_choice(form[name])
        elif isinstance(bound, forms.DateField):
            data[key] = TODAY.isoformat()
        elif isinstance(bound, forms.IntegerField | forms.DecimalField):
            initial = form[name].value()
            data[key] = initial if initial not in (None, "") else _lowest(form, name)
        elif isinstance(bound, forms.FileField):
            if bound.required:
                data[key] = pdf_upload()
        elif isinstance(bound, forms.BooleanField | forms.NullBooleanField):
            pass
        else:
            data[key] = form[name].value() or ""
    data.update(extra or {})
    return data


@dataclass
class FormCase:
    name: str
    user: str  # attribute of World
    url: Callable  # world -> address
    model: str  # app_label.Model the form creates or changes
    shown_at: Callable | None = None  # world, obj -> address of a page that shows the text
    more: Callable = field(default=lambda world: {})  # other fields the form needs
    form_page: Callable | None = None  # where the form is shown, when not at ``url``
    form_key: str | Callable = "form"  # its name in that page's context (or context -> form)
    saved: Callable | None = None  # world -> the object changed, when not the newest row
    form_class: type | None = None  # the project's form class the page renders
    also: tuple[type, ...] = ()  # formset (and their forms') classes posted with it
    formsets: tuple[str, ...] = ()  # context names of formsets posted with the form
    admin: bool = False  # an admin add/change page (its form and inline formsets)
    method: str = "post"  # "get" for a filter bar
    accepts: bool = True  # False: typed text is refused (a login, a code), the page shows it
    has_text: bool = True  # False: no free-text field (fuzzed, no canary)
    examples: int = 25  # hypothesis examples

    def page_url(self, world) -> str:
        return self.form_page(world) if self.form_page else self.url(world)

    def forms_on(self, context) -> tuple[forms.BaseForm, list[forms.BaseFormSet]]:
        """The form and formsets the page rendered for this case."""
        if self.admin:
            return context["adminform"].form, [i.formset for i in context["inline_admin_formsets"]]
        if callable(self.form_key):  # a step's form, drawn by the page for each step it offers
            return self.form_key(context), []
        return context[self.form_key], [context[key] for key in self.formsets]

    def data(self, world, context, text: str) -> dict:
        """POST (or GET) data: ``text`` in every text field, the rest valid."""
        form, formsets = self.forms_on(context)
        data = fill(form, text)
        for formset in formsets:
            data.update(fill_formset(formset, text))
        data.update(self.more(world))
        return data


def _summary_texts(world) -> str:
    deadline, bloc = world.report.deadline, world.tree.bloc
    return f"{reverse('reports:texts')}?period={deadline.pk}&unit={bloc.pk}"


def fill_formset(formset: forms.BaseFormSet, text: str) -> dict:
    management = formset.management_form
    data = {management.add_prefix(name): management[name].value() for name in management.fields}
    for form in formset.forms:
        data.update(fill(form, text))
    return data


def open_form(client, case: FormCase, world):
    """Log in the case's person (none: the login page's visitor) and open the page with the
    form; the page's response."""
    if case.user:
        client.force_login(getattr(world, case.user))
    page = client.get(case.page_url(world))
    assert page.status_code == 200, f"{case.name}: {page.status_code}"
    return page


def send(client, case: FormCase, world, data: dict):
    if case.method == "get":
        return client.get(case.url(world), data)
    return client.post(case.url(world), data)


FORM_CASES = [
    FormCase(
        "periodic report",
        "group_leader",
        lambda w: reverse("reports:edit", args=[w.report.pk]),
        "reports.PeriodicReport",
        lambda w, obj: reverse("reports:detail", args=[obj.pk]),
        form_class=reports_forms.ReportForm,
    ),
    FormCase(
        "registration",
        "group_leader",
        lambda w: reverse("models_registry:start"),
        "models_registry.Registration",
        lambda w, obj: reverse("models_registry:detail", args=[obj.pk]),
        lambda w: {"unit": w.tree.base_a.pk, "campaign": w.campaign.pk, "year": 2013},
        form_class=registry_forms.StartForm,
    ),
    FormCase(
        "question",
        "group_member",
        lambda w: reverse("support:question_ask"),
        "support.Question",
        lambda w, obj: reverse("support:question", args=[obj.pk]),
        lambda w: {"unit": w.tree.base_a.pk},
        form_class=support_forms.QuestionForm,
    ),
    FormCase(
        "visit",
        "reviewer",
        lambda w: reverse("support:visit_plan"),
        "support.Visit",
        lambda w, obj: reverse("support:visit", args=[obj.pk]),
        lambda w: {"unit": w.tree.base_a.pk, "planned_on": "2099-06-10"},
        form_class=support_forms.VisitPlanForm,
    ),
    FormCase(
        "directive document",
        "standing_office",
        lambda w: reverse("campaigns:document_create"),
        "campaigns.DirectiveDocument",
        lambda w, obj: reverse("campaigns:document_list"),
        lambda w: {"campaigns": [w.campaign.pk]},
        form_class=campaigns_forms.DocumentForm,
    ),
    FormCase(
        "dissemination session",
        "group_leader",
        lambda w: reverse("campaigns:session_create"),
        "campaigns.DisseminationSession",
        lambda w, obj: reverse("campaigns:session_list"),
        lambda w: {"unit": w.tree.base_a.pk},
        form_class=campaigns_forms.DisseminationSessionForm,
    ),
    FormCase(
        "award nominee",
        "group_leader",
        lambda w: reverse("awards:nominee_add", args=[w.proposal.pk]),
        "awards.Nominee",
        lambda w, obj: reverse("awards:detail", args=[w.proposal.pk]),
        lambda w: {"kind": "collective"},
        form_page=lambda w: reverse("awards:detail", args=[w.proposal.pk]),
        form_key="nominee_form",
        form_class=awards_forms.NomineeForm,
    ),
    FormCase(
        "campaign",
        "standing_office",
        lambda w: reverse("campaigns:create"),
        "campaigns.Campaign",
        lambda w, obj: reverse("campaigns:detail", args=[obj.pk]),
        lambda w: {"code": "dvk-xss", "start_date": "2013-01-01", "end_date": "2015-12-31"},
        form_class=campaigns_forms.CampaignForm,
    ),
    FormCase(
        "deadline",
        "standing_office",
        lambda w: reverse("campaigns:deadline_create", args=[w.bloc_campaign.pk]),
        "campaigns.Deadline",
        lambda w, obj: reverse("campaigns:deadline_detail", args=[obj.pk]),
        lambda w: {"year": 2013, "applies_to": w.tree.bloc.pk},
        form_class=campaigns_forms.DeadlineForm,
    ),
    FormCase(
        "propaganda activity",
        "group_leader",
        lambda w: reverse("campaigns:propaganda_create"),
        "campaigns.PropagandaActivity",
        lambda w, obj: reverse("campaigns:propaganda_edit", args=[obj.pk]),
        lambda w: {"unit": w.tree.base_a.pk},
        form_class=campaigns_forms.PropagandaActivityForm,
    ),
    FormCase(
        "visit record",
        "reviewer",
        lambda w: reverse("support:visit_record", args=[w.visit.pk]),
        "support.Visit",
        lambda w, obj: reverse("support:visit", args=[w.visit.pk]),
        saved=lambda w: type(w.visit).objects.get(pk=w.visit.pk),
        form_class=support_forms.VisitRecordForm,
    ),
    FormCase(
        "follow-up",
        "reviewer",
        lambda w: reverse("support:follow_up_add", args=[w.held.pk]),
        "support.FollowUp",
        lambda w, obj: reverse("support:follow_up", args=[obj.pk]),
        lambda w: {"due_on": "2099-01-01"},
        form_class=support_forms.FollowUpForm,
    ),
    FormCase(
        "working regulations",
        "group_leader",
        lambda w: reverse("steering:regulation_add", args=[w.tree.base_a.pk]),
        "steering.WorkingRegulation",
        lambda w, obj: reverse("steering:unit", args=[w.tree.base_a.pk]),
        form_class=steering_forms.WorkingRegulationForm,
    ),
    FormCase(
        "bloc letterhead",
        "standing_office",
        lambda w: f"{reverse('reports:letterhead')}?unit={w.tree.bloc.pk}",
        "reports.BlocLetterhead",
        lambda w, obj: f"{reverse('reports:letterhead')}?unit={w.tree.bloc.pk}",
        # A letter is never sent to its own issuer: the issuer is named, the rest is hostile.
        lambda w: {"issuing_body": w.tree.bloc.name},
        form_class=reports_forms.LetterheadForm,
    ),
    FormCase(
        "bloc summary texts",
        "standing_office",
        lambda w: _summary_texts(w),
        "reports.SummaryText",
        lambda w, obj: _summary_texts(w),
        form_class=reports_forms.SummaryTextForm,
    ),
    FormCase(
        "founding decision",
        "group_leader",
        lambda w: reverse("steering:decision_edit", args=[w.tree.base_a.pk]),
        "steering.FoundingDecision",
        lambda w, obj: reverse("steering:unit", args=[w.tree.base_a.pk]),
        form_class=steering_forms.FoundingDecisionForm,
    ),
    FormCase(
        "year plan",
        "standing_office",
        lambda w: reverse("campaigns:plan_create", args=[w.bloc_campaign.pk]),
        "campaigns.YearPlan",
        lambda w, obj: reverse("campaigns:detail", args=[w.bloc_campaign.pk]),
        lambda w: {"year": 2013},
        form_class=campaigns_forms.YearPlanForm,
    ),
    FormCase(
        "deadline extension",
        "standing_office",
        lambda w: reverse("campaigns:deadline_detail", args=[w.report.deadline.pk]),
        "campaigns.DeadlineExtension",
        lambda w, obj: reverse("campaigns:deadline_detail", args=[w.report.deadline.pk]),
        lambda w: {"unit": w.tree.base_a.pk, "due_date": "2099-06-10"},
        form_class=campaigns_forms.ExtensionForm,
    ),
    FormCase(
        "campaign step",
        "standing_office",
        lambda w: reverse("campaigns:transition", args=[w.bloc_campaign.pk, "close"]),
        "campaigns.CampaignEvent",
        lambda w, obj: reverse("campaigns:detail", args=[w.bloc_campaign.pk]),
        form_page=lambda w: reverse("campaigns:detail", args=[w.bloc_campaign.pk]),
        form_key=lambda context: StepForm(),
        form_class=StepForm,
    ),
    FormCase(
        "follow-up answer",
        "group_leader",
        lambda w: reverse("support:follow_up_answer", args=[w.follow_up.pk]),
        "support.FollowUp",
        lambda w, obj: reverse("support:follow_up", args=[w.follow_up.pk]),
        form_page=lambda w: reverse("support:follow_up", args=[w.follow_up.pk]),
        form_key="answer_form",
        saved=lambda w: type(w.follow_up).objects.get(pk=w.follow_up.pk),
        form_class=support_forms.FollowUpAnswerForm,
    ),
    FormCase(
        "question answer",
        "standing_office",
        lambda w: reverse("support:question_step", args=[w.question.pk, "answer"]),
        "support.QuestionMessage",
        lambda w, obj: reverse("support:question", args=[w.question.pk]),
        form_page=lambda w: reverse("support:question", args=[w.question.pk]),
        form_class=support_forms.QuestionStepForm,
    ),
    FormCase(
        "published answer",
        "standing_office",
        lambda w: reverse("support:question_publish", args=[w.answered.pk]),
        "support.PublishedAnswer",
        lambda w, obj: reverse("support:qa_detail", args=[obj.pk]),
        form_class=support_forms.PublishForm,
    ),
    FormCase(
        "reminder policy",
        "standing_office",
        lambda w: reverse("reminders:policy_edit", args=[w.bloc_campaign.pk]),
        "reminders.ReminderPolicy",
        form_class=reminders_forms.ReminderPolicyForm,
        has_text=False,
    ),
    FormCase(
        "document search",
        "standing_office",
        lambda w: reverse("campaigns:document_list"),
        "campaigns.DirectiveDocument",
        form_key="filters",
        form_class=campaigns_forms.DocumentFilterForm,
        method="get",
    ),
    FormCase(
        "reminder log search",
        "standing_office",
        lambda w: reverse("reminders:log"),
        "reminders.ReminderPolicy",
        form_class=reminders_forms.ReminderLogFilter,
        method="get",
    ),
    FormCase(
        "award queue filter",
        "reviewer",
        lambda w: reverse("awards:queue"),
        "awards.Proposal",
        form_class=awards_forms.QueueFilterForm,
        method="get",
    ),
    FormCase(
        "registration queue filter",
        "reviewer",
        lambda w: reverse("models_registry:queue"),
        "models_registry.Registration",
        form_class=registry_forms.QueueFilterForm,
        method="get",
    ),
    FormCase(
        "registration sections",
        "group_leader",
        lambda w: reverse("models_registry:edit", args=[w.registration.pk]),
        "models_registry.Registration",
        lambda w, obj: reverse("models_registry:detail", args=[w.registration.pk]),
        formsets=("targets", "partners"),
        saved=lambda w: type(w.registration).objects.get(pk=w.registration.pk),
        form_class=registry_forms.RegistrationForm,
        also=(
            registry_forms.TargetFormSet,
            registry_forms.TargetForm,
            registry_forms.PartnerFormSet,
            registry_forms.PartnerForm,
        ),
    ),
    FormCase(
        "registration step",
        "group_leader",
        lambda w: reverse("models_registry:transition", args=[w.registration.pk, "submit"]),
        "models_registry.RegistrationEvent",
        lambda w, obj: reverse("models_registry:detail", args=[w.registration.pk]),
        form_page=lambda w: reverse("models_registry:detail", args=[w.registration.pk]),
        form_key="transition_form",
        form_class=registry_forms.TransitionForm,
    ),
    FormCase(
        "registration comment",
        "group_leader",
        lambda w: reverse("models_registry:comment_add", args=[w.registration.pk]),
        "models_registry.Comment",
        lambda w, obj: reverse("models_registry:detail", args=[w.registration.pk]),
        form_page=lambda w: reverse("models_registry:detail", args=[w.registration.pk]),
        form_key="comment_form",
        form_class=registry_forms.CommentForm,
    ),
    FormCase(
        "registration attachment",
        "group_leader",
        lambda w: reverse("models_registry:attachment_add", args=[w.registration.pk]),
        "models_registry.Attachment",
        lambda w, obj: reverse("models_registry:detail", args=[w.registration.pk]),
        form_page=lambda w: reverse("models_registry:detail", args=[w.registration.pk]),
        form_key="attachment_form",
        form_class=registry_forms.AttachmentForm,
    ),
    FormCase(
        "registration progress",
        "group_leader",
        lambda w: reverse("models_registry:progress_add", args=[w.accepted.pk]),
        "models_registry.ProgressUpdate",
        lambda w, obj: reverse("models_registry:detail", args=[w.accepted.pk]),
        form_page=lambda w: reverse("models_registry:detail", args=[w.accepted.pk]),
        form_key="progress_form",
        form_class=registry_forms.ProgressForm,
    ),
    FormCase(
        "registration self-check",
        "group_leader",
        lambda w: reverse("models_registry:self_check", args=[w.registration.pk]),
        "models_registry.Score",
        lambda w, obj: reverse("models_registry:self_check", args=[w.registration.pk]),
        form_class=registry_forms.ScoreForm,
    ),
    FormCase(
        "award decision",
        "standing_office",
        lambda w: reverse("awards:decision_new"),
        "awards.Decision",
        lambda w, obj: reverse("awards:decision", args=[obj.pk]),
        lambda w: {"unit": w.tree.bloc.pk, "campaign": w.campaign.pk, "year": 2013},
        formsets=("typed",),
        form_class=awards_forms.DecisionForm,
        also=(awards_forms.TypedRecipientFormSet, awards_forms.TypedRecipientForm),
    ),
    FormCase(
        "award quota",
        "standing_office",
        lambda w: reverse("awards:quotas"),
        "awards.Quota",
        more=lambda w: {"campaign": w.campaign.pk, "year": 2013},
        form_class=awards_forms.QuotaForm,
        has_text=False,
    ),
    FormCase(
        "award proposal start",
        "group_leader",
        lambda w: reverse("awards:mine"),
        "awards.Proposal",
        more=lambda w: {"campaign": w.campaign.pk, "year": 2014},
        form_class=awards_forms.StartForm,
        has_text=False,
    ),
    FormCase(
        "award dossier",
        "group_leader",
        lambda w: reverse("awards:upload", args=[w.proposal.pk]),
        "awards.Proposal",
        form_page=lambda w: reverse("awards:detail", args=[w.proposal.pk]),
        form_key="dossier_form",
        form_class=awards_forms.DossierForm,
        has_text=False,
    ),
    FormCase(
        "login",
        "",
        lambda w: reverse("login"),
        "units.User",
        form_class=units_forms.LoginForm,
        accepts=False,
    ),
    FormCase(
        "second-factor enrolment",
        "group_member",
        lambda w: reverse("accounts:second_factor_enrol"),
        "otp_totp.TOTPDevice",
        form_class=accounts_forms.CodeForm,
        accepts=False,
    ),
    FormCase(
        "password reset",
        "",
        lambda w: reverse("password_reset"),
        "notifications.EmailOutbox",
        more=lambda w: {"email": "totruong@example.com"},
        form_class=PasswordResetForm,
        has_text=False,
    ),
    FormCase(
        "unit (admin)",
        "admin_user",
        lambda w: reverse("admin:units_unit_add"),
        "units.Unit",
        lambda w, obj: reverse("admin:units_unit_change", args=[obj.pk]),
        lambda w: {"treebeard_ref_node": w.tree.bloc.pk, "treebeard_position": "last-child"},
        admin=True,
        form_class=units_admin.UnitForm,
    ),
    FormCase(
        "role (admin)",
        "admin_user",
        lambda w: reverse("admin:units_membership_add"),
        "units.Membership",
        lambda w, obj: reverse("admin:units_membership_change", args=[obj.pk]),
        lambda w: {"user": w.group_member.pk, "unit": w.tree.group_a.pk, "role": "member"},
        admin=True,
        form_class=units_admin.MembershipForm,
    ),
    FormCase(
        "import (admin)",
        "admin_user",
        lambda w: reverse("admin:units_unit_import"),
        "units.Unit",
        form_class=units_admin.ImportForm,
        has_text=False,
    ),
]

"""Thin views: parse input, call a service or selector, render. Scoping goes through
``units.scoping`` (``for_action``/``get_object_for``): not yours looks like not found."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.forms import uploaded
from danvan.params import year_param
from danvan.uploads import serve_file
from danvan.views import TransitionView, run_service
from units.models import Unit
from units.scoping import Action, get_object_for, get_scope
from units.selectors import home_units_for

from . import selectors, services
from .forms import (
    CampaignForm,
    DeadlineForm,
    DisseminationSessionForm,
    DocumentFilterForm,
    DocumentForm,
    ExtensionForm,
    PropagandaActivityForm,
    YearPlanForm,
)
from .models import (
    Campaign,
    Deadline,
    DeadlineExtension,
    DirectiveDocument,
    DisseminationSession,
    PropagandaActivity,
    YearPlan,
)
from .workflow import CAMPAIGN_WORKFLOW

PAGE_SIZE = 30


def _form_page(request, form, *, title: str, cancel_url: str, intro: str = ""):
    return render(
        request,
        "campaigns/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "intro": intro},
    )


def _fields(form, *names_to_drop: str) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k not in names_to_drop}


# ---------------------------------------------------------------- campaigns


def campaign_list(request):
    return render(
        request,
        "campaigns/campaign_list.html",
        {"campaigns": selectors.campaigns_visible_to(request.user)},
    )


def campaign_detail(request, pk: int, *, failed_step="", step_form=None, status: int = 200):
    campaign = get_object_for(request.user, Campaign.objects.select_related("root_unit"), pk=pk)
    can_manage = get_scope(request.user).allows(Action.MANAGE, campaign.root_unit)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "plans": campaign.plans.all(),
            "deadlines": selectors.deadlines_of(campaign),
            "documents": campaign.documents.order_by("-issued_on", "number"),
            "events": campaign.events.select_related("by")[:20],
            "can_manage": can_manage,
            "steps": [
                (t, step_form if t.name == failed_step else None)
                for t in CAMPAIGN_WORKFLOW.available(campaign, request.user)
            ],
        },
        status=status,
    )


def campaign_create(request):
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.campaign_create(by=request.user, **form.cleaned_data),
            success=_("Campaign created as a draft."),
        )
        if done:
            return done
    return _form_page(request, form, title=_("New campaign"), cancel_url=reverse("campaigns:list"))


def campaign_edit(request, pk: int):
    campaign = get_object_for(request.user, Campaign.objects.all(), action=Action.MANAGE, pk=pk)
    form = CampaignForm(request.POST or None, instance=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.campaign_update(
                campaign=campaign, by=request.user, **form.cleaned_data
            ),
            success=_("Campaign saved."),
            to=campaign,
        )
        if done:
            return done
    return _form_page(
        request, form, title=_("Edit campaign"), cancel_url=campaign.get_absolute_url()
    )


class StepView(TransitionView):
    """Activate or close a campaign (``danvan.views.TransitionView``), or make it the current
    one (not a change of status, on the same URL)."""

    workflow = CAMPAIGN_WORKFLOW
    step_kwarg = "action"

    def post(self, request, pk: int, **kwargs):
        if kwargs[self.step_kwarg] == "current":
            return _make_current(request, pk)
        return super().post(request, pk, **kwargs)

    def get_object(self, request, pk: int) -> Campaign:
        return get_object_for(request.user, Campaign.objects.all(), action=Action.MANAGE, pk=pk)

    def success_message(self, obj, step: str) -> str:
        return _("Campaign status updated.")

    def render_page(self, request, obj, *, step, form, status):
        return campaign_detail(request, obj.pk, failed_step=step, step_form=form, status=status)


def _make_current(request, pk: int):
    campaign = get_object_for(request.user, Campaign.objects.all(), action=Action.MANAGE, pk=pk)
    return run_service(
        request,
        None,
        lambda: services.campaign_make_current(campaign=campaign, by=request.user),
        success=_("Campaign status updated."),
        to=campaign,
        back=campaign,
    )


def plan_create(request, pk: int):
    campaign = get_object_for(request.user, Campaign.objects.all(), action=Action.MANAGE, pk=pk)
    return _plan_form(request, campaign, None)


def plan_edit(request, pk: int):
    plan = YearPlan.objects.filter(pk=pk).select_related("campaign").first()
    if plan is None:
        raise Http404
    campaign = get_object_for(
        request.user, Campaign.objects.all(), action=Action.MANAGE, pk=plan.campaign_id
    )
    return _plan_form(request, campaign, plan)


def _plan_form(request, campaign: Campaign, plan: YearPlan | None):
    instance = plan or YearPlan(campaign=campaign)
    form = YearPlanForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.year_plan_save(
                plan=plan, campaign=campaign, by=request.user, **form.cleaned_data
            ),
            success=_("Yearly plan saved."),
            to=campaign,
        )
        if done:
            return done
    title = _("Edit yearly plan") if plan else _("New yearly plan")
    return _form_page(request, form, title=title, cancel_url=campaign.get_absolute_url())


# ---------------------------------------------------------------- deadlines


def deadline_create(request, pk: int):
    campaign = get_object_for(
        request.user, Campaign.objects.select_related("root_unit"), action=Action.MANAGE, pk=pk
    )
    form = DeadlineForm(request.POST or None, campaign=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.deadline_create(
                campaign=campaign, by=request.user, **form.cleaned_data
            ),
            success=_("Deadline saved."),
        )
        if done:
            return done
    return _form_page(
        request, form, title=_("New deadline"), cancel_url=campaign.get_absolute_url()
    )


def deadline_edit(request, pk: int):
    deadline = get_object_for(
        request.user,
        Deadline.objects.select_related("campaign__root_unit"),
        action=Action.MANAGE,
        pk=pk,
    )
    form = DeadlineForm(
        request.POST or None, instance=deadline, campaign=deadline.campaign, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.deadline_update(
                deadline=deadline, by=request.user, **form.cleaned_data
            ),
            success=_("Deadline saved."),
            to=deadline,
        )
        if done:
            return done
    return _form_page(
        request, form, title=_("Edit deadline"), cancel_url=deadline.get_absolute_url()
    )


def deadline_detail(request, pk: int):
    """The deadline, its extensions, and the form to grant one (standing office)."""
    deadline = get_object_for(
        request.user,
        Deadline.objects.select_related("campaign", "applies_to", "plan"),
        action=Action.MANAGE,
        pk=pk,
    )
    form = ExtensionForm(request.POST or None, deadline=deadline, user=request.user)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.deadline_extension_grant(
                deadline=deadline, by=request.user, **form.cleaned_data
            ),
            success=_("Extension granted."),
            to=deadline,
        )
        if done:
            return done
    return render(
        request,
        "campaigns/deadline_detail.html",
        {
            "deadline": deadline,
            "extensions": selectors.extensions_of(deadline),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def extension_revoke(request, pk: int):
    extension = get_object_for(
        request.user, DeadlineExtension.objects.all(), action=Action.MANAGE, pk=pk
    )
    deadline = extension.deadline
    services.deadline_extension_revoke(extension=extension, by=request.user)
    messages.success(request, _("Extension revoked."))
    return redirect(deadline)


def unit_deadlines(request):
    """A unit's deadlines with the dates that apply to it (extensions included)."""
    own = list(home_units_for(request.user)[:50])
    unit_pk = request.GET.get("unit")
    if unit_pk:
        unit = get_object_for(request.user, Unit.objects.grassroots(), pk=unit_pk)
    elif own:
        unit = own[0]
    else:
        unit = None
    campaign = selectors.campaign_for(request.user, request.GET.get("campaign"))
    deadlines = selectors.deadlines_for_unit(unit, campaign=campaign) if unit else []
    return render(
        request,
        "campaigns/unit_deadlines.html",
        {"unit": unit, "own_units": own, "campaign": campaign, "deadlines": deadlines},
    )


# ---------------------------------------------------------------- directive documents


def document_list(request):
    filters = DocumentFilterForm(request.GET or None, user=request.user)
    data = filters.cleaned_data if filters.is_valid() else {}
    documents = selectors.documents_list(
        request.user,
        q=data.get("q", ""),
        doc_type=data.get("doc_type", ""),
        campaign=data.get("campaign"),
    )
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/document_list.html",
        {
            "filters": filters,
            "page": page,
            "can_manage": get_scope(request.user).is_standing_office,
        },
    )


def document_detail(request, pk: int):
    document = get_object_for(request.user, DirectiveDocument.objects.all(), pk=pk)
    return render(
        request,
        "campaigns/document_detail.html",
        {
            "document": document,
            "campaigns": document.campaigns.visible_to(request.user),
            "can_manage": DirectiveDocument.objects.for_action(request.user, Action.MANAGE)
            .filter(pk=document.pk)
            .exists(),
        },
    )


def document_file(request, pk: int):
    """Whoever may read a register entry may read its file (never a public URL)."""
    document = get_object_for(request.user, DirectiveDocument.objects.exclude(file=""), pk=pk)
    return serve_file(document.file)


def document_create(request):
    return _document_form(request, None)


def document_edit(request, pk: int):
    document = get_object_for(
        request.user, DirectiveDocument.objects.all(), action=Action.MANAGE, pk=pk
    )
    return _document_form(request, document)


def _document_form(request, document: DirectiveDocument | None):
    form = DocumentForm(
        request.POST or None, request.FILES or None, instance=document, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        fields = _fields(form, "campaigns", "file")
        new_file = uploaded(form.cleaned_data.get("file"))
        if new_file is not None:
            fields["file"] = new_file
        campaigns = form.cleaned_data["campaigns"]

        def save() -> DirectiveDocument:
            if document is None:
                return services.document_create(by=request.user, campaigns=campaigns, **fields)
            return services.document_update(
                document=document, by=request.user, campaigns=campaigns, **fields
            )

        done = run_service(request, form, save, success=_("Document saved in the register."))
        if done:
            return done
    title = _("Edit document") if document else _("Add a document to the register")
    cancel = document.get_absolute_url() if document else reverse("campaigns:document_list")
    response = _form_page(request, form, title=title, cancel_url=cancel)
    if form.errors:
        response.status_code = 400
    return response


def document_delete(request, pk: int):
    document = get_object_for(
        request.user, DirectiveDocument.objects.all(), action=Action.MANAGE, pk=pk
    )
    if request.method == "POST":
        return run_service(
            request,
            None,
            lambda: services.document_delete(document=document, by=request.user),
            success=_("Document deleted."),
            to="campaigns:document_list",
            back=document,
        )
    return render(
        request,
        "campaigns/confirm_delete.html",
        {"object": document, "cancel_url": document.get_absolute_url()},
    )


# ---------------------------------------------------------------- units' activity records


class ActivityKind:
    """What differs between sessions and propaganda activities, so one set of views serves both."""

    def __init__(self, *, model, form, save, delete, list_selector, arg, prefix):
        self.model, self.form, self.save, self.delete = model, form, save, delete
        self.list_selector, self.arg, self.prefix = list_selector, arg, prefix


SESSIONS = ActivityKind(
    model=DisseminationSession,
    form=DisseminationSessionForm,
    save=services.dissemination_session_save,
    delete=services.dissemination_session_delete,
    list_selector=selectors.sessions_visible_to,
    arg="session",
    prefix="session",
)
PROPAGANDA = ActivityKind(
    model=PropagandaActivity,
    form=PropagandaActivityForm,
    save=services.propaganda_activity_save,
    delete=services.propaganda_activity_delete,
    list_selector=selectors.propaganda_visible_to,
    arg="activity",
    prefix="propaganda",
)


def _activity_titles(kind: ActivityKind) -> dict[str, str]:
    if kind is SESSIONS:
        return {
            "list": _("Dissemination sessions"),
            "new": _("Record a dissemination session"),
            "edit": _("Edit dissemination session"),
        }
    return {
        "list": _("Propaganda activities"),
        "new": _("Record a propaganda activity"),
        "edit": _("Edit propaganda activity"),
    }


def _activity_list(request, kind: ActivityKind):
    unit = None
    if request.GET.get("unit"):
        unit = get_object_for(request.user, Unit.objects.grassroots(), pk=request.GET["unit"])
    year_value = year_param(request.GET.get("year"))
    records = kind.list_selector(request.user, unit=unit, year=year_value)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        f"campaigns/{kind.prefix}_list.html",
        {
            "page": page,
            "unit": unit,
            "year": year_value,
            "title": _activity_titles(kind)["list"],
            "can_record": home_units_for(request.user).exists(),
        },
    )


def _activity_form(request, kind: ActivityKind, pk: int | None):
    units = home_units_for(request.user)
    record = None
    if pk is not None:
        record = get_object_for(request.user, kind.model.objects.all(), action=Action.EDIT, pk=pk)
    form = kind.form(request.POST or None, request.FILES or None, instance=record, units=units)
    if request.method == "POST" and form.is_valid():
        fields = _fields(form, "unit", "file", "documents")
        if "documents" in form.cleaned_data:
            fields["documents"] = form.cleaned_data["documents"]
        done = run_service(
            request,
            form,
            lambda: kind.save(
                **{kind.arg: record},
                unit=form.cleaned_data["unit"],
                by=request.user,
                file=uploaded(form.cleaned_data.get("file")),
                **fields,
            ),
            success=_("Saved."),
        )
        if done:
            return done
    titles = _activity_titles(kind)
    response = _form_page(
        request,
        form,
        title=titles["edit"] if record else titles["new"],
        cancel_url=reverse(f"campaigns:{kind.prefix}_list"),
    )
    if form.errors:
        response.status_code = 400
    return response


def _activity_delete(request, kind: ActivityKind, pk: int):
    record = get_object_for(request.user, kind.model.objects.all(), action=Action.EDIT, pk=pk)
    if request.method == "POST":
        kind.delete(**{kind.arg: record}, by=request.user)
        messages.success(request, _("Deleted."))
        return redirect(f"campaigns:{kind.prefix}_list")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(
        request,
        "campaigns/confirm_delete.html",
        {"object": record, "cancel_url": reverse(f"campaigns:{kind.prefix}_list")},
    )


def _activity_file(request, kind: ActivityKind, pk: int):
    record = get_object_for(request.user, kind.model.objects.exclude(file=""), pk=pk)
    return serve_file(record.file)


def session_list(request):
    return _activity_list(request, SESSIONS)


def session_create(request):
    return _activity_form(request, SESSIONS, None)


def session_edit(request, pk: int):
    return _activity_form(request, SESSIONS, pk)


def session_delete(request, pk: int):
    return _activity_delete(request, SESSIONS, pk)


def session_file(request, pk: int):
    return _activity_file(request, SESSIONS, pk)


def propaganda_list(request):
    return _activity_list(request, PROPAGANDA)


def propaganda_create(request):
    return _activity_form(request, PROPAGANDA, None)


def propaganda_edit(request, pk: int):
    return _activity_form(request, PROPAGANDA, pk)


def propaganda_delete(request, pk: int):
    return _activity_delete(request, PROPAGANDA, pk)


def propaganda_file(request, pk: int):
    return _activity_file(request, PROPAGANDA, pk)

"""Thin views: parse input, call a selector or a service, render or redirect."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from campaigns.models import Campaign
from danvan.excel import Column, Export
from danvan.params import year_param
from danvan.uploads import serve_file
from danvan.views import TransitionView, run_service
from danvan.views import refused as shared_refused
from exports.services import export_download
from reports.services import render_job_request
from units.models import Unit
from units.scoping import Action, get_object_for, get_scope
from units.selectors import home_units_for

from . import documents, selectors, services
from .forms import (
    DecisionForm,
    DossierForm,
    NomineeForm,
    QueueFilterForm,
    QuotaForm,
    StartForm,
    TypedRecipientFormSet,
)
from .models import DOSSIER_FIELDS, Nominee, Proposal, Quota
from .workflow import PROPOSAL_WORKFLOW as WF

PAGE_SIZE = 50


# The app's "not allowed" page (``danvan.views.refused``), with the way back to its list.
refused = partial(
    shared_refused, back_url=reverse_lazy("awards:mine"), back_label=gettext_lazy("Award proposals")
)


# --- the unit's pages ---------------------------------------------------------------------


def mine(request):
    """The proposals of the organisations the user works for, and a form to start one."""
    units = list(home_units_for(request.user).order_by("path"))
    campaign = Campaign.objects.current()
    form = None
    if units:
        form = StartForm(
            request.POST or None,
            units=Unit.objects.filter(pk__in=[u.pk for u in units]),
            initial={"campaign": campaign, "year": selectors.default_year(campaign)},
        )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            done = run_service(
                request,
                form,
                lambda: services.proposal_create(by=request.user, **form.cleaned_data),
                success=_("The draft proposal is saved. Add the nominees."),
                refuse=refused,
            )
            if done:
                return done
    page = Paginator(selectors.own_proposals(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "awards/mine.html", {"page": page, "form": form})


def _detail_context(
    request, proposal: Proposal, failed_step: str = "", step_form=None, **overrides
) -> dict:
    scope = get_scope(request.user)
    can_edit = proposal.is_editable and scope.allows(Action.EDIT, proposal.unit)
    context = {
        "proposal": proposal,
        "nominees": selectors.proposal_nominees(proposal),
        "events": list(proposal.events.select_related("actor")),
        "steps": [
            (t, step_form if t.name == failed_step else None)
            for t in WF.available(proposal, request.user)
        ],
        "can_edit": can_edit,
        "nominee_form": NomineeForm(unit=proposal.unit) if can_edit else None,
        "dossier_form": DossierForm() if can_edit else None,
        "files": [
            (name, Proposal._meta.get_field(name).verbose_name, getattr(proposal, name))
            for name in DOSSIER_FIELDS
        ],
        "quotas": selectors.quotas_for(proposal.campaign, proposal.year),
        "problems": services.missing_for_submission(proposal) if proposal.is_editable else [],
    }
    context.update(overrides)
    return context


@require_GET
def detail(request, pk: int):
    proposal = selectors.proposal_detail(request.user, pk)
    return render(request, "awards/detail.html", _detail_context(request, proposal))


@require_GET
def short_list(request, pk: int):
    """The printable short list (danh sách trích ngang) of a proposal."""
    proposal = selectors.proposal_detail(request.user, pk)
    return render(
        request,
        "awards/short_list.html",
        {"proposal": proposal, "nominees": selectors.proposal_nominees(proposal)},
    )


@require_POST
def nominee_add(request, pk: int):
    proposal = get_object_for(
        request.user, Proposal.objects.select_related("unit", "campaign"), action=Action.EDIT, pk=pk
    )
    form = NomineeForm(request.POST, unit=proposal.unit)
    if form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.nominee_add(
                proposal=proposal, by=request.user, data=services.NomineeData(**form.cleaned_data)
            ),
            success=_("Nominee added to the short list."),
            refuse=refused,
            to=proposal.get_absolute_url() + "#nominees",
        )
        if done:
            return done
    context = _detail_context(request, proposal, nominee_form=form)
    return render(request, "awards/detail.html", context, status=400)


@require_POST
def nominee_delete(request, pk: int):
    nominee = get_object_for(
        request.user, Nominee.objects.select_related("proposal__unit"), action=Action.EDIT, pk=pk
    )
    proposal = nominee.proposal
    back = proposal.get_absolute_url() + "#nominees"
    return run_service(
        request,
        None,
        lambda: services.nominee_delete(nominee=nominee, by=request.user),
        success=_("Nominee removed."),
        refuse=refused,
        to=back,
        back=back,
    )


@require_POST
def dossier_upload(request, pk: int):
    proposal = get_object_for(
        request.user, Proposal.objects.select_related("unit", "campaign"), action=Action.EDIT, pk=pk
    )
    form = DossierForm(request.POST, request.FILES)
    if form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.proposal_files_save(
                proposal=proposal, by=request.user, files=form.cleaned_data
            ),
            success=_("Files saved."),
            refuse=refused,
            to=proposal.get_absolute_url() + "#dossier",
        )
        if done:
            return done
    context = _detail_context(request, proposal, dossier_form=form)
    return render(request, "awards/detail.html", context, status=400)


@require_GET
def dossier_download(request, pk: int, name: str):
    if name not in DOSSIER_FIELDS:
        raise Http404
    proposal = selectors.proposal_detail(request.user, pk)
    stored = getattr(proposal, name)
    if not stored:
        raise Http404
    return serve_file(stored, download_name=getattr(proposal, f"{name}_name") or None)


class StepView(TransitionView):
    """Take one step of a proposal (``danvan.views.TransitionView``)."""

    workflow = WF

    def get_object(self, request, pk: int) -> Proposal:
        return selectors.proposal_detail(request.user, pk)

    def render_page(self, request, obj, *, step, form, status):
        context = _detail_context(request, obj, failed_step=step, step_form=form)
        return render(request, "awards/detail.html", context, status=status)


# --- reviewers ----------------------------------------------------------------------------

QUEUE_COLUMNS = [
    Column(pgettext_lazy("table row number", "No."), "int", 7),
    Column(gettext_lazy("Organisation"), width=36),
    Column(gettext_lazy("Year"), "text", 8),  # general format: a year reads 2013, not 2.013
    Column(gettext_lazy("Status"), width=20),
    Column(gettext_lazy("Type"), width=12),
    Column(gettext_lazy("Name of the collective or full name"), width=36),
    Column(gettext_lazy("Position"), width=24),
    Column(gettext_lazy("Work unit"), width=28),
    Column(gettext_lazy("Proposed form"), width=28),
    Column(gettext_lazy("Achievement"), width=60),
]


def queue_export(user, params) -> Export:
    """The short lists of the proposals on screen (same filters, same scope), every page."""
    form = QueueFilterForm(params or None)
    filters = form.cleaned_data if form.is_valid() else {}
    proposals = selectors.review_queue(user, filters)
    nominees = selectors.queue_nominees(proposals, form=filters.get("form"))
    return Export(
        "de-nghi-khen-thuong.xlsx",
        sheets=[(_("Nominees"), QUEUE_COLUMNS, _export_rows(nominees))],
        title_rows=[_("Award proposals: short list of nominees")],
        count=nominees.count,
    )


def queue(request):
    if request.GET.get("export") == "xlsx":
        return export_download(request, "awards.queue")
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    proposals = selectors.review_queue(request.user, filters)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "awards/queue.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _export_rows(nominees):
    for n, nominee in enumerate(nominees.iterator(chunk_size=2000), start=1):
        proposal = nominee.proposal
        yield [
            n,
            proposal.unit.name,
            proposal.year,
            proposal.get_status_display(),
            nominee.get_kind_display(),
            nominee.name,
            nominee.position,
            nominee.work_unit,
            nominee.form.name,
            nominee.achievement,
        ]


# --- quotas (standing office) -------------------------------------------------------------


def _managed_campaigns(user):
    return selectors.quota_campaigns(user)


def quotas(request):
    campaigns = _managed_campaigns(request.user)
    current = Campaign.objects.current()
    form = QuotaForm(
        request.POST or None,
        campaigns=campaigns,
        initial={"campaign": current, "year": selectors.default_year(current)},
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.quota_save(by=request.user, **form.cleaned_data),
            success=_("Quota saved."),
            refuse=refused,
            to="awards:quotas",
        )
        if done:
            return done
    rows = Quota.objects.filter(campaign__in=campaigns).select_related("campaign", "form")
    return render(
        request,
        "awards/quotas.html",
        {"form": form, "rows": rows},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def quota_delete(request, pk: int):
    try:
        quota = Quota.objects.select_related("campaign__root_unit").get(
            pk=pk, campaign__in=_managed_campaigns(request.user)
        )
    except (Quota.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    services.quota_delete(quota=quota, by=request.user)
    messages.success(request, _("Quota removed."))
    return redirect("awards:quotas")


# --- decisions ----------------------------------------------------------------------------


def decisions(request):
    page = Paginator(selectors.decisions_for(request.user), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/decisions.html",
        {"page": page, "can_record": get_scope(request.user).is_standing_office},
    )


@require_GET
def decision_detail(request, pk: int):
    decision = selectors.decision_detail(request.user, pk)
    recipients = decision.recipients.select_related("unit", "nominee__proposal")
    inline = documents.certificates_inline(decision)
    jobs = [] if inline else list(selectors.certificate_jobs(decision))
    return render(
        request,
        "awards/decision_detail.html",
        {"decision": decision, "recipients": recipients, "inline": inline, "jobs": jobs},
    )


@require_GET
def decision_file(request, pk: int):
    decision = selectors.decision_detail(request.user, pk)
    if not decision.signed_file:
        raise Http404
    return serve_file(decision.signed_file, download_name=decision.signed_file_name or None)


def decision_new(request):
    current = Campaign.objects.current()
    year = year_param(request.GET.get("year") or request.POST.get("year"))
    year = year or selectors.default_year(current)
    nominees = selectors.awardable_nominees(request.user, campaign=None, year=None)
    units = Unit.objects.filter(get_scope(request.user).q_roots(Action.MANAGE))
    grassroots = Unit.objects.grassroots().active().for_action(request.user, Action.MANAGE)
    form = DecisionForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        campaigns=Campaign.objects.all(),
        nominees=nominees,
        initial={"campaign": current, "year": year, "date": timezone.localdate()},
    )
    typed = TypedRecipientFormSet(
        request.POST or None,
        prefix="typed",
        form_kwargs={"units": grassroots},
    )
    if request.method == "POST" and form.is_valid() and typed.is_valid():
        data = dict(form.cleaned_data)
        rows = [
            services.TypedRecipient(
                kind=row["kind"] or "collective",
                name=row["name"],
                unit=row["unit"],
                position=row.get("position", ""),
            )
            for row in typed.cleaned_data
            if row and row.get("name")
        ]
        nominees = list(data.pop("nominees"))
        done = run_service(
            request,
            form,
            lambda: services.decision_record(
                by=request.user, typed=rows, nominees=nominees, **data
            ),
            success=_("The decision is recorded."),
            refuse=refused,
        )
        if done:
            return done
    return render(
        request,
        "awards/decision_form.html",
        {"form": form, "typed": typed},
        status=400 if form.is_bound else 200,
    )


# --- papers (PDF) -------------------------------------------------------------------------


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def proposal_pdf(request, pk: int):
    """The submission letter (tờ trình) and its short list, in Party format."""
    proposal = selectors.proposal_detail(request.user, pk)
    return _pdf(documents.proposal_pdf(proposal), f"to-trinh-khen-thuong-{proposal.pk}.pdf")


@require_GET
def decision_pdf(request, pk: int):
    """The decision and its annex of recipients, in the issuer's format (Party or state)."""
    decision = selectors.decision_detail(request.user, pk)
    return _pdf(documents.decision_pdf(decision), f"quyet-dinh-khen-thuong-{decision.pk}.pdf")


def certificates_pdf(request, pk: int, recipient_pk: int | None = None):
    """The certificates of a decision, one page each, or one recipient's. A long decision's
    are rendered by a job (POST), as the bloc summary is; the decision page shows it."""
    decision = selectors.decision_detail(request.user, pk)
    if recipient_pk is None and not documents.certificates_inline(decision):
        if request.method != "POST":
            return redirect(f"{decision.get_absolute_url()}#certificates")
        job = render_job_request(root=decision.unit, decision=decision, by=request.user)
        messages.info(request, _("The certificates are being prepared; this page shows when."))
        return redirect(f"{decision.get_absolute_url()}?job={job.pk}#certificates")
    if request.method != "GET":
        return HttpResponse(status=405)
    recipients = documents.decision_recipients(decision)
    if recipient_pk is not None:
        recipients = [r for r in recipients if r.pk == recipient_pk]
        if not recipients:
            raise Http404
    name = f"giay-khen-{decision.pk}" + (f"-{recipient_pk}" if recipient_pk else "") + ".pdf"
    return _pdf(documents.certificates_pdf(decision, recipients), name)

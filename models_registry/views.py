"""Thin views: parse input, call a selector or a service, render or redirect."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from campaigns.models import Campaign
from danvan.excel import Column, Export
from danvan.forms import error_items
from danvan.params import int_param, text_param, year_param
from danvan.uploads import serve_file
from danvan.views import TransitionView, run_service
from danvan.views import refused as shared_refused
from danvan.workflow import VersionConflict
from exports.services import export_download
from units.models import Unit
from units.scoping import Action, get_object_for, get_scope
from units.selectors import home_units_for

from . import selectors, services
from .documents import registration_dossier, registration_sheet_pdf
from .forms import (
    SECTION_FIELDS,
    AttachmentForm,
    CommentForm,
    PartnerFormSet,
    ProgressForm,
    QueueFilterForm,
    RegistrationForm,
    ScoreForm,
    StartForm,
    TargetFormSet,
    TransitionForm,
    formset_rows,
)
from .models import (
    Attachment,
    Criterion,
    Kind,
    Level,
    Registration,
    Rubric,
    ScoreKind,
    Status,
)
from .workflow import REGISTRATION_WORKFLOW as WF

PAGE_SIZE = 50


# The app's "not allowed" page (``danvan.views.refused``), with the way back to its list.
refused = partial(
    shared_refused,
    back_url=reverse_lazy("models_registry:mine"),
    back_label=gettext_lazy("Registrations"),
)


# --- the unit's pages ---------------------------------------------------------------------


def mine(request):
    """The registrations of the organisations the user works for."""
    registrations = selectors.own_registrations(request.user)
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "models_registry/mine.html",
        {"page": page, "can_start": get_scope(request.user).can_anywhere(Action.EDIT)},
    )


def _start_units(user):
    return list(home_units_for(user).order_by("path"))


def start(request):
    """Step one of a registration: organisation, kind and name; duplicates shown as one types.

    ``?continue=<id>`` continues an earlier registration of the unit, prefilled from it.
    """
    units = _start_units(request.user)
    if not units:
        raise Http404
    source = None
    if request.GET.get("continue") or request.POST.get("continue"):
        source = get_object_for(
            request.user,
            Registration.objects.select_related("unit"),
            action=Action.EDIT,
            pk=request.GET.get("continue") or request.POST.get("continue"),
        )
    campaign = Campaign.objects.current()
    initial = {"campaign": campaign, "year": selectors.default_year(campaign)}
    if source is not None:
        initial.update(unit=source.unit, kind=source.kind, name=source.name)
    form = StartForm(
        request.POST or None,
        units=Unit.objects.filter(pk__in=[u.pk for u in units]),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            request,
            form,
            lambda: services.registration_create(
                unit=data["unit"],
                campaign=data["campaign"],
                year=data["year"],
                kind=data["kind"],
                name=data["name"],
                by=request.user,
                continued_from=source,
            ),
            success=_("The draft is saved. Please fill in the sections below."),
            refuse=refused,
            to=lambda registration: reverse("models_registry:edit", args=[registration.pk]),
        )
        if done:
            return done
    earlier = selectors.own_registrations(request.user).exclude(status=Status.DRAFT)[:20]
    return render(
        request,
        "models_registry/start.html",
        {"form": form, "source": source, "earlier": earlier},
    )


def _edit_context(registration, form, targets, partners, conflict=None):
    return {
        "errors": error_items(
            form, (targets, _("Target")), (partners, pgettext("registry", "Organisation"))
        ),
        "registration": registration,
        "form": form,
        "targets": targets,
        "partners": partners,
        "conflict": conflict,
        "duplicates_url": reverse("models_registry:duplicates")
        + f"?unit={registration.unit_id}&year={registration.year}&exclude={registration.pk}",
    }


def _formsets(registration, data=None):
    """Target and partner rows. Bound formsets get no ``initial``: the rows on the page replace
    the stored ones, and an autosave may have stored them since the page was drawn."""
    if data is not None:
        return (
            TargetFormSet(data, prefix="targets"),
            PartnerFormSet(data, prefix="partners"),
        )
    targets = TargetFormSet(
        prefix="targets",
        initial=[
            {"name": t.name, "target_value": t.target_value, "measure": t.measure}
            for t in registration.targets.all()
        ],
    )
    partners = PartnerFormSet(
        prefix="partners",
        initial=[
            {"organisation": p.organisation_id, "role": p.role} for p in registration.partners.all()
        ],
    )
    return targets, partners


def _conflict_rows(current: Registration, posted: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(label, the other person's saved value, your value) for fields that differ."""
    rows = []
    form = RegistrationForm(instance=current)
    for name in SECTION_FIELDS:
        if name == "secondary_fields" or name not in posted:
            continue
        saved = getattr(current, name)
        mine_value = posted[name]
        if (saved or "") != (mine_value or ""):
            rows.append((form.fields[name].label, saved, mine_value))
    return rows


def edit(request, pk: int):
    """The long form. Saving checks the version: a concurrent save shows a conflict, keeps input."""
    registration = selectors.registration_detail(request.user, pk, action=Action.EDIT)
    if not registration.is_editable:
        return refused(request, _("This registration can no longer be edited."))
    if request.method != "POST":
        form = RegistrationForm(instance=registration)
        targets, partners = _formsets(registration)
        return render(
            request,
            "models_registry/edit.html",
            _edit_context(registration, form, targets, partners),
        )
    form = RegistrationForm(request.POST, instance=registration)
    targets, partners = _formsets(registration, request.POST)
    valid = form.is_valid() & targets.is_valid() & partners.is_valid()
    if valid:
        then = "detail" if request.POST.get("then") == "submit" else "edit"
        done = run_service(
            request,
            form,
            lambda: services.registration_update(
                registration=registration,
                by=request.user,
                data={k: form.cleaned_data[k] for k in SECTION_FIELDS if k != "secondary_fields"},
                expected_version=form.cleaned_data["version"],
                secondary_fields=form.cleaned_data["secondary_fields"],
                targets=formset_rows(targets),
                partners=formset_rows(partners),
            ),
            success=_("Saved."),
            refuse=refused,
            conflict=lambda conflict: _conflict_page(request, conflict),
            to=reverse(f"models_registry:{then}", args=[registration.pk]),
        )
        if done:
            return done
    return render(
        request,
        "models_registry/edit.html",
        _edit_context(registration, form, targets, partners),
        status=400,
    )


def _conflict_page(request, conflict: VersionConflict) -> HttpResponse:
    """The long form again beside what the other person saved; saving again overwrites."""
    current = conflict.current
    data = request.POST.copy()
    data["version"] = str(current.version)  # saving again now overwrites, knowingly
    # The form writes cleaned values onto its instance: give it a copy, keep ``current``.
    form = RegistrationForm(data, instance=Registration.objects.get(pk=current.pk))
    form.is_valid()
    targets, partners = _formsets(current, data)
    context = _edit_context(
        current,
        form,
        targets,
        partners,
        conflict={
            "by": current.updated_by,
            "at": current.updated_at,
            "rows": _conflict_rows(current, form.cleaned_data),
        },
    )
    return render(request, "models_registry/edit.html", context, status=409)


@require_POST
def autosave(request, pk: int):
    """Save what the form holds without the "required" rules; JSON for the little script."""
    registration = selectors.registration_detail(request.user, pk, action=Action.EDIT)
    form = RegistrationForm(request.POST, instance=registration)
    targets, partners = _formsets(registration, request.POST)
    data = form.lenient_data()
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    secondary = (
        form.cleaned_data.get("secondary_fields") if "secondary_fields" not in form.errors else None
    )
    try:
        saved = services.registration_update(
            registration=registration,
            by=request.user,
            data=data,
            expected_version=version,
            secondary_fields=secondary,
            targets=formset_rows(targets, lenient=True) if targets.is_bound else None,
            partners=formset_rows(partners, lenient=True) if partners.is_bound else None,
        )
    except VersionConflict as conflict:
        who = conflict.current.updated_by
        return JsonResponse(
            {
                "ok": False,
                "conflict": True,
                "message": _(
                    "%(who)s saved this registration at %(at)s. Press “Save” to see the "
                    "differences; nothing you typed is lost."
                )
                % {
                    "who": who.get_full_name() if who else "?",
                    "at": date_format(timezone.localtime(conflict.current.updated_at), "H:i"),
                },
            },
            status=409,
        )
    except ValidationError as error:  # TransitionRefused included
        return JsonResponse({"ok": False, "message": " ".join(error.messages)}, status=400)
    saved_at = date_format(timezone.localtime(saved.updated_at), "H:i")
    return JsonResponse(
        {
            "ok": True,
            "version": saved.version,
            "saved_at": saved_at,
            "message": _("Saved at %(time)s") % {"time": saved_at},
            "skipped": sorted(form.errors),
        }
    )


# Steps whose form has an optional comment; steps with ``comment_required`` always ask for one.
OPTIONAL_COMMENT_STEPS = {"accept", "resubmit", "self_assess"}
# Steps that need the rubric's threshold unless the comment justifies the exception.
THRESHOLD_STEPS = {"recognise": "recognised_from", "mark_outstanding": "outstanding_from"}
# Which step the reviewers' score band points to.
STEP_FOR_BAND = {
    "outstanding": "recognise",
    "recognised": "recognise",
    "not_recognised": "not_recognise",
}


def _step_rows(transitions, rubric, proposed, failed_step="", step_form=None):
    """What each step's little form holds: comment (required / optional / justify), the band
    proposal, a quieter button for the decision the score does not point to, and the bound form
    of the step just refused (its reason and the typed text)."""
    rows = []
    proposed_step = STEP_FOR_BAND.get(proposed or "")
    for t in transitions:
        if t.comment_required:
            comment = "required"
        elif t.name in THRESHOLD_STEPS and rubric is not None:
            comment = "justify"
        elif t.name in OPTIONAL_COMMENT_STEPS:
            comment = "optional"
        else:
            comment = ""
        quiet = (
            proposed_step is not None
            and t.name in STEP_FOR_BAND.values()
            and t.name != proposed_step
        )
        rows.append(
            {
                "t": t,
                "comment": comment,
                "minimum": getattr(rubric, THRESHOLD_STEPS.get(t.name, ""), None)
                if rubric
                else None,
                "style": "outline-secondary" if quiet else t.style,
                "proposed": t.name == proposed_step,
                "form": step_form if t.name == failed_step else None,
            }
        )
    return rows


def detail(request, pk: int):
    registration = selectors.registration_page(request.user, pk)
    return render(request, "models_registry/detail.html", _detail_context(request, registration))


def _detail_context(request, registration, failed_step="", step_form=None, **overrides):
    """The page's sections; ``registration`` comes from ``selectors.registration_page``."""
    scope = get_scope(request.user)
    is_reviewer = scope.allows(Action.REVIEW, registration.unit)
    can_edit = scope.allows(Action.EDIT, registration.unit)
    rubric = selectors.rubric_for(registration)
    scores = list(selectors.scores_of(registration))
    band = rubric.band_for(registration.final_score) if rubric else None
    transitions = WF.available(registration, request.user)
    proposed = band if registration.status == Status.UNDER_REVIEW and is_reviewer else None
    events = list(selectors.history(registration))
    attachments, progress_updates = selectors.attachments_and_progress(registration)
    awards, replications = selectors.awards_and_replications(registration)
    context = {
        "registration": registration,
        "transitions": transitions,
        "steps": _step_rows(transitions, rubric, proposed, failed_step, step_form),
        "proposed_band": proposed,
        "return_event": (
            next((e for e in reversed(events) if e.transition == "return"), None)
            if registration.status == Status.RETURNED
            else None
        ),
        "transition_form": TransitionForm(initial={"version": registration.version}),
        "events": events,
        "comments": selectors.comments_for(request.user, registration),
        "comment_form": CommentForm(),
        "attachments": attachments,
        "attachment_form": AttachmentForm(),
        "progress_updates": progress_updates,
        "progress_form": ProgressForm(
            initial={"happened_on": timezone.localdate()}, targets=registration.targets.all()
        ),
        "targets": registration.targets.all(),
        "awards": awards,
        "can_carry_over": is_reviewer and registration.status in services.CARRY_OVER_STATES,
        "is_reviewer": is_reviewer,
        "can_edit": can_edit and registration.is_editable,
        "can_progress": can_edit and registration.status in services.PROGRESS_STATES,
        "can_self_check": can_edit and registration.status in services.SELF_CHECK_STATES,
        "can_score": is_reviewer and registration.status in services.REVIEW_SCORE_STATES,
        "missing": registration.missing_for_submission() if registration.is_editable else [],
        "rubric": rubric,
        "self_score": next((s for s in scores if s.kind == ScoreKind.SELF), None),
        "reviewer_scores": [s for s in scores if s.kind == ScoreKind.REVIEWER],
        "band": band,
        "due_date": selectors.due_date_of(registration),
        "replications": replications,
        **overrides,
    }
    return context


class StepView(TransitionView):
    """Take one step of a registration (``danvan.views.TransitionView``)."""

    workflow = WF
    form_class = TransitionForm

    def get_object(self, request, pk: int) -> Registration:
        return selectors.registration_page(request.user, pk)  # a refusal shows the page again

    def render_page(self, request, obj, *, step, form, status):
        context = _detail_context(request, obj, failed_step=step, step_form=form)
        return render(request, "models_registry/detail.html", context, status=status)


def _score(request, pk: int, kind: str):
    action = Action.EDIT if kind == ScoreKind.SELF else Action.REVIEW
    registration = selectors.registration_detail(request.user, pk, action=action)
    rubric = Rubric.objects.for_campaign(registration.campaign)
    if rubric is None:
        return refused(request, _("No scoring rubric is set up."), status=404)
    criteria = list(Criterion.objects.filter(rubric=rubric))
    lookup = {"kind": kind} if kind == ScoreKind.SELF else {"kind": kind, "scorer": request.user}
    existing = registration.scores.filter(**lookup).prefetch_related("items").first()
    initial_points = {i.criterion_id: i.points for i in existing.items.all()} if existing else {}
    form = ScoreForm(
        request.POST or None,
        criteria=criteria,
        initial_points=initial_points,
        initial={"note": existing.note if existing else ""},
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.score_save(
                registration=registration,
                by=request.user,
                kind=kind,
                points=form.points(),
                note=form.cleaned_data["note"],
            ),
            success=lambda score: (
                _("Score saved: %(total)s points (%(band)s).")
                % {"total": score.total, "band": dict(_bands()).get(score.band, "")}
            ),
            refuse=refused,
            to=registration,
        )
        if done:
            return done
    return render(
        request,
        "models_registry/score.html",
        {"registration": registration, "form": form, "rubric": rubric, "kind": kind},
    )


def _bands():
    from .models import Band

    return Band.choices


def self_check(request, pk: int):
    return _score(request, pk, ScoreKind.SELF)


def score(request, pk: int):
    return _score(request, pk, ScoreKind.REVIEWER)


@require_POST
def comment_add(request, pk: int):
    registration = selectors.registration_page(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.registration_comment_add(
                registration=registration,
                by=request.user,
                body=form.cleaned_data["body"],
                internal=form.cleaned_data["internal"],
            ),
            success=_("Comment added."),
            refuse=refused,
            to=registration.get_absolute_url() + "#comments",
        )
        if done:
            return done
    # The page again with the reason on the field and the typed text kept in it.
    context = _detail_context(request, registration, comment_form=form)
    return render(request, "models_registry/detail.html", context, status=400)


@require_POST
def attachment_add(request, pk: int):
    registration = selectors.registration_detail(request.user, pk, action=Action.EDIT)
    form = AttachmentForm(request.POST, request.FILES)
    back = registration.get_absolute_url() + "#attachments"
    if form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.registration_attachment_add(
                registration=registration,
                by=request.user,
                file=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
            ),
            success=_("File attached."),
            refuse=refused,
            to=back,
        )
        if done:
            return done
    # The little form sits on the registration's page: its reasons come back as messages.
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect(back)


def _attachment(request, pk: int, action: Action) -> Attachment:
    return get_object_for(
        request.user,
        Attachment.objects.select_related("registration__unit"),
        action=action,
        pk=pk,
    )


@require_GET
def attachment_download(request, pk: int):
    attachment = _attachment(request, pk, Action.VIEW)
    return serve_file(attachment.file, download_name=attachment.original_name or None)


@require_POST
def attachment_delete(request, pk: int):
    attachment = _attachment(request, pk, Action.EDIT)
    registration = attachment.registration
    back = registration.get_absolute_url() + "#attachments"
    return run_service(
        request,
        None,
        lambda: services.registration_attachment_delete(attachment=attachment, by=request.user),
        success=_("File removed."),
        refuse=refused,
        to=back,
        back=back,
    )


@require_POST
def progress_add(request, pk: int):
    """Record progress; on a mistake the page comes back with the form and its errors."""
    registration = selectors.registration_page(request.user, pk, action=Action.EDIT)
    form = ProgressForm(request.POST, request.FILES, targets=registration.targets.all())
    if form.is_valid():
        files = [form.cleaned_data["evidence"]] if form.cleaned_data["evidence"] else []
        done = run_service(
            request,
            form,
            lambda: services.progress_update_add(
                registration=registration,
                by=request.user,
                happened_on=form.cleaned_data["happened_on"],
                text=form.cleaned_data["text"],
                files=files,
                achieved=form.achieved(),
                notes=form.notes(),
                target_files=form.target_files(),
            ),
            success=_("Progress recorded."),
            refuse=refused,
            to=registration.get_absolute_url() + "#progress",
        )
        if done:
            return done
    context = _detail_context(
        request, registration, progress_form=form, progress_errors=error_items(form)
    )
    return render(request, "models_registry/detail.html", context, status=400)


@require_POST
def carry_over(request, pk: int):
    """Reviewers mark (or unmark) a registration as carried over to next year."""
    registration = selectors.registration_detail(request.user, pk, action=Action.REVIEW)
    carried = request.POST.get("carried_over") == "1"
    return run_service(
        request,
        None,
        lambda: services.registration_mark_carried_over(
            registration=registration, by=request.user, carried_over=carried
        ),
        success=(
            _("Marked as carried over to next year.") if carried else _("No longer carried over.")
        ),
        refuse=refused,
        to=registration,
        back=registration,
    )


@require_GET
def duplicates(request):
    """HTMX fragment: registrations with a similar name (same unit earlier, any unit this year)."""
    name = text_param(request.GET.get("name"), max_length=255)
    unit = None
    if unit_id := int_param(request.GET.get("unit")):
        unit = Unit.objects.for_action(request.user, Action.EDIT).filter(pk=unit_id).first()
    year = year_param(request.GET.get("year")) or selectors.default_year(Campaign.objects.current())
    exclude = request.GET.get("exclude")
    matches = selectors.near_duplicates(
        name=name,
        unit=unit,
        year=year,
        exclude_pk=int_param(exclude),
    )
    scope = get_scope(request.user)
    rows = [
        (m, scope.allows(Action.VIEW, m.unit), scope.allows(Action.EDIT, m.unit)) for m in matches
    ]
    return render(request, "models_registry/includes/_duplicates.html", {"rows": rows})


# --- reviewers ----------------------------------------------------------------------------


def _queue_filters(params) -> tuple[QueueFilterForm, dict]:
    form = QueueFilterForm(params or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, filters


QUEUE_COLUMNS = [
    Column(pgettext_lazy("table row number", "No."), "int", 7),
    Column(gettext_lazy("Organisation"), width=36),
    Column(gettext_lazy("Name"), width=44),
    Column(gettext_lazy("Type"), width=16),
    Column(gettext_lazy("Level"), width=14),
    Column(gettext_lazy("Main field"), width=22),
    Column(gettext_lazy("Lead organisation"), width=28),
    Column(gettext_lazy("Year"), "text", 8),  # general format: a year reads 2013, not 2.013
    Column(gettext_lazy("Status"), width=20),
    Column(gettext_lazy("Submitted at"), "datetime", 17),
    Column(gettext_lazy("Late"), width=8),
    Column(gettext_lazy("Score"), "decimal", 9),
]


def queue_export(user, params) -> Export:
    """The queue as on screen (same filters, same scope), every page."""
    _form, filters = _queue_filters(params)
    registrations = selectors.review_queue(user, filters)
    return Export(
        "dang-ky-mo-hinh.xlsx",
        sheets=[(_("Registrations"), QUEUE_COLUMNS, _queue_rows(registrations))],
        title_rows=[_("Registrations of “Dân vận khéo” models and exemplars")],
        count=registrations.count,
    )


def queue(request):
    if request.GET.get("export") == "xlsx":
        return export_download(request, "registrations.queue")
    form, filters = _queue_filters(request.GET)
    registrations = selectors.review_queue(request.user, filters)
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    acceptable = WF.get("accept").sources
    rows = [(r, r.status in acceptable) for r in page.object_list]
    return render(
        request,
        "models_registry/queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "any_acceptable": any(ok for _r, ok in rows),
            "more_filters_used": any(v not in (None, "") for k, v in filters.items() if k != "q"),
            "query": query.urlencode(),
        },
    )


def _queue_rows(registrations):
    """The Excel rows of the queue, read as plain values (no model instance per row: 139,000
    registrations at national scale), labels translated once per export."""
    labels = {
        "kind": {value: str(label) for value, label in Kind.choices},
        "level": {value: str(label) for value, label in Level.choices},
        "status": {value: str(label) for value, label in Status.choices},
    }
    late = _("yes")
    values = registrations.values_list(
        "pk",  # keeps rows apart when the field filter makes the query DISTINCT
        "unit__name",
        "name",
        "kind",
        "level",
        "primary_field__name",
        "lead_organisation__name",
        "year",
        "status",
        "submitted_at",
        "is_late",
        "final_score",
    )
    for n, row in enumerate(values.iterator(chunk_size=2000), start=1):
        _pk, unit, name, kind, level, field, lead, year, status, submitted, is_late, score = row
        yield [
            n,
            unit,
            name,
            labels["kind"].get(kind, kind),
            labels["level"].get(level, level),
            field or "",
            lead or "",
            year,
            labels["status"].get(status, status),
            submitted,  # aware: the writer shows it in Asia/Ho_Chi_Minh
            late if is_late else "",
            score,
        ]


@require_POST
def bulk_accept(request):
    ids = [i for i in request.POST.getlist("ids") if i.isdigit()]
    registrations = (
        Registration.objects.for_action(request.user, Action.REVIEW)
        .filter(pk__in=ids)
        .select_related("unit")
    )
    if len(ids) != registrations.count():
        raise Http404
    done = services.registration_bulk_accept(registrations=list(registrations), by=request.user)
    messages.success(request, _("%(n)s registrations accepted.") % {"n": done})
    if done < len(ids):
        messages.warning(
            request,
            _("%(n)s could not be accepted at their current step.") % {"n": len(ids) - done},
        )
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/registrations/review/") else "models_registry:queue")


NOT_REGISTERED_COLUMNS = [
    Column(pgettext_lazy("table row number", "No."), "int", 7),
    Column(gettext_lazy("Organisation"), width=40),
    Column(gettext_lazy("Code"), width=12),
    Column(gettext_lazy("Steering group leader"), width=28),
    Column(gettext_lazy("Phone"), width=14),  # text: a leading 0 must stay
    Column(gettext_lazy("E-mail"), width=30),
]


def _not_registered_board(user, params):
    campaigns = Campaign.objects.all()
    campaign = None
    if campaign_id := int_param(params.get("campaign")):
        campaign = campaigns.filter(pk=campaign_id).first()
    campaign = campaign or Campaign.objects.current()
    year = year_param(params.get("year")) or selectors.default_year(campaign)
    q = text_param(params.get("q"))
    return campaigns, campaign, year, q, selectors.not_registered(user, campaign, year, q)


def not_registered_export(user, params) -> Export:
    _campaigns, campaign, year, _q, board = _not_registered_board(user, params)
    return Export(
        f"chua-dang-ky-{year}.xlsx",
        sheets=[(_("Not registered"), NOT_REGISTERED_COLUMNS, _not_registered_rows(board.units))],
        title_rows=[
            _("Organisations that have not registered (%(year)s)") % {"year": year},
            str(campaign or ""),
        ],
        count=board.units.count,
    )


def not_registered(request):
    if request.GET.get("export") == "xlsx":
        return export_download(request, "registrations.not_registered")
    campaigns, _campaign, _year, q, board = _not_registered_board(request.user, request.GET)
    page = Paginator(board.units, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "models_registry/not_registered.html",
        {
            "board": board,
            "page": page,
            "rows": selectors.with_leaders(list(page.object_list)),
            "campaigns": campaigns,
            "q": q,
        },
    )


def _not_registered_rows(units):
    batch: list[Unit] = []
    n = 0
    for unit in units.iterator(chunk_size=2000):
        batch.append(unit)
        if len(batch) == 2000:
            for row in selectors.with_leaders(batch):
                n += 1
                yield _leader_row(n, *row)
            batch = []
    for row in selectors.with_leaders(batch):
        n += 1
        yield _leader_row(n, *row)


def _leader_row(n, unit, group, leader):
    user = leader.user if leader else None
    return [
        n,
        unit.name,
        unit.short_code,
        user.get_full_name() if user else "",
        user.phone if user else "",
        user.email if user else "",
    ]


# --- library ------------------------------------------------------------------------------


def library(request):
    from .models import Field

    field = None
    if field_id := int_param(request.GET.get("field")):
        field = Field.objects.filter(pk=field_id).first()
    q = text_param(request.GET.get("q"))
    entries = selectors.library(q=q, field=field, kind=text_param(request.GET.get("kind")))
    page = Paginator(entries, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "models_registry/library.html",
        {"page": page, "q": q, "fields": Field.objects.active(), "field": field},
    )


def library_detail(request, pk: int):
    entry = selectors.library_entry(pk)
    return render(
        request,
        "models_registry/library_detail.html",
        {
            "entry": entry,
            "can_replicate": bool(_start_units(request.user)),
            "units": _start_units(request.user),
        },
    )


@require_POST
def replicate(request, pk: int):
    """Start a registration in the user's own organisation, prefilled from a library model."""
    original = selectors.library_entry(pk)
    units = {u.pk: u for u in _start_units(request.user)}
    unit_id = request.POST.get("unit", "")
    unit = units.get(int(unit_id)) if unit_id.isdigit() else None
    if unit is None:
        if len(units) != 1:
            raise Http404
        unit = next(iter(units.values()))
    campaign = Campaign.objects.current() or original.campaign
    return run_service(
        request,
        None,
        lambda: services.registration_create(
            unit=unit,
            campaign=campaign,
            year=selectors.default_year(campaign),
            kind=original.kind,
            name=original.name,
            by=request.user,
            replicated_from=original,
        ),
        success=_("A draft replicating “%(name)s” was started.") % {"name": original.name},
        refuse=refused,
        to=lambda registration: reverse("models_registry:edit", args=[registration.pk]),
        back=reverse("models_registry:library_detail", args=[original.pk]),
    )


# --- papers -------------------------------------------------------------------------------


@require_GET
def sheet_pdf(request, pk: int):
    """The registration sheet as a PDF (Party format), inline."""
    registration = get_object_for(
        request.user, Registration.objects.select_related("unit", "primary_field"), pk=pk
    )
    response = HttpResponse(registration_sheet_pdf(registration), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-dang-ky-{registration.pk}.pdf"'
    return response


@require_GET
def dossier(request, pk: int):
    """Everything about the registration in one zip: sheet, files, comments, history."""
    registration = get_object_for(
        request.user, Registration.objects.select_related("unit", "primary_field"), pk=pk
    )
    return registration_dossier(registration, user=request.user)

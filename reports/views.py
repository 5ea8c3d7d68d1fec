"""Pages of periodic reports, the completeness board, the bloc summary and the PDF/Excel files.

Thin: parse the request, fetch objects through the scoping mechanism (another unit's = 404),
call a service or a selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.models import Deadline
from danvan.params import int_param
from danvan.views import TransitionView, run_service
from units.models import Unit
from units.scoping import Action, get_object_for, get_scope

from . import excel as report_excel
from .charts import table01_chart
from .documents import unit_report_pdf
from .forms import LetterheadForm, ReportForm, SummaryTextForm
from .letterheads import (
    LETTERHEAD_FIELDS,
    SUMMARY_TEXT_FIELDS,
    letterhead_for,
    letterhead_save,
    summary_text_for,
    summary_text_save,
)
from .models import PeriodicReport, RenderJob
from .selectors import (
    BOARD_FILTERS,
    completeness_board,
    managed_roots,
    report_figures,
    report_periods,
    report_prefill,
    reports_for_user,
    reviewable_roots,
    stats_scope_for,
    units_to_report_by_period,
)
from .services import (
    missing_for_submission,
    render_job_request,
    report_save,
    report_start,
)
from .stats import TABLE01_COLUMNS, table01, table01_column_groups, table02, table03, unit_rows
from .workflow import REPORT_WORKFLOW


def _pick_period(request, periods: list[Deadline] | None = None) -> Deadline | None:
    """The period named by ``?period=`` (404 if it is not one), else the latest. ``periods``:
    ``report_periods()`` already read for the page's picker (no second query)."""
    raw = request.GET.get("period") or request.POST.get("period")
    if periods is None:
        periods = list(report_periods())
    if raw:
        pk = int_param(raw)
        chosen = next((d for d in periods if d.pk == pk), None)
        if chosen is None:
            raise Http404
        return chosen
    return periods[-1] if periods else None


def _pick_root(request, deadline: Deadline | None, roots: list[Unit]) -> Unit | None:
    """The unit named by ``?unit=`` (404 outside the review scope), else the first of the
    reviewable ``roots`` inside the period's unit, else the first of them."""
    pk = request.GET.get("unit") or request.POST.get("unit")
    if pk:
        return get_object_for(request.user, Unit.objects.all(), action=Action.REVIEW, pk=pk)
    if deadline is not None:
        inside = next((u for u in roots if u.path.startswith(deadline.applies_to.path)), None)
        if inside:
            return inside
    return roots[0] if roots else None


def index(request):
    """The periods, with the user's own organisations' reports and (for reviewers) the boards."""
    periods = list(report_periods().select_related("campaign"))
    reports = {
        (r.deadline_id, r.unit_id): r
        for r in reports_for_user(request.user).filter(deadline__in=periods)
    }
    units_by_period = units_to_report_by_period(request.user, periods)
    rows = [
        (deadline, [(u, reports.get((deadline.pk, u.pk))) for u in units_by_period[deadline.pk]])
        for deadline in periods
    ]
    return render(
        request,
        "reports/index.html",
        {"rows": rows, "is_reviewer": get_scope(request.user).is_reviewer},
    )


@require_POST
def start(request):
    deadline = _pick_period(request)
    unit = get_object_for(
        request.user, Unit.objects.all(), action=Action.EDIT, pk=request.POST.get("unit_id")
    )
    if deadline is None:
        raise Http404
    return run_service(
        request,
        None,
        lambda: report_start(unit=unit, deadline=deadline, by=request.user),
        to=lambda report: reverse("reports:edit", args=[report.pk]),
        back="reports:index",
    )


def _report(request, pk, action=Action.VIEW) -> PeriodicReport:
    return get_object_for(
        request.user,
        PeriodicReport.objects.select_related("unit", "deadline__campaign", "deadline__applies_to"),
        action=action,
        pk=pk,
    )


def detail(request, pk, *, failed_step: str = "", step_form=None, status: int = 200):
    report = _report(request, pk)
    transitions = REPORT_WORKFLOW.available(report, request.user)
    prefill = report_figures(report)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "prefill": prefill,
            "table01": prefill.table01,
            "table01_columns": TABLE01_COLUMNS,
            "table01_groups": table01_column_groups(),
            "missing": missing_for_submission(report) if report.is_editable else [],
            "steps": [(t, step_form if t.name == failed_step else None) for t in transitions],
            "events": report.events.select_related("actor"),
            "can_edit": report.is_editable
            and get_scope(request.user).allows(Action.EDIT, report.unit),
        },
        status=status,
    )


def edit(request, pk):
    report = _report(request, pk, action=Action.EDIT)
    if not report.is_editable:
        messages.error(request, _("This report has been sent and can no longer be edited."))
        return redirect(report)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            form,
            lambda: report_save(report=report, by=request.user, **form.cleaned_data),
            success=_("The report was saved."),
        )
        if done:
            return done
    prefill = report_prefill(report)
    figures = {figure.name: figure for figure in prefill.figures}
    for name, figure in figures.items():
        form.fields[name].help_text = _(
            "From the records: %(value)s. Leave blank to use it; a different figure needs an "
            "explanation below."
        ) % {"value": figure.computed}
    return render(
        request,
        "reports/edit.html",
        {"report": report, "form": form, "figures": figures, "prefill": prefill},
    )


class StepView(TransitionView):
    """Take one step of a report (``danvan.views.TransitionView``)."""

    workflow = REPORT_WORKFLOW

    def get_object(self, request, pk) -> PeriodicReport:
        return _report(request, pk)

    def render_page(self, request, obj, *, step, form, status):
        return detail(request, obj.pk, failed_step=step, step_form=form, status=status)


def report_pdf(request, pk):
    report = _report(request, pk)
    response = HttpResponse(unit_report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bao-cao-{report.pk}.pdf"'
    return response


def board(request):
    """Reporting rates per period and unit, as DHIS2 shows them; Excel with ``?format=xlsx``."""
    periods = list(report_periods())
    roots = list(reviewable_roots(request.user))
    deadline = _pick_period(request, periods)
    root = _pick_root(request, deadline, roots)
    state = request.GET.get("state", "all")
    if state not in BOARD_FILTERS:
        state = "all"
    data = None
    if deadline is not None and root is not None:
        data = completeness_board(
            deadline=deadline, root=root, state=state, search=request.GET.get("q", "")
        )
        if request.GET.get("format") == "xlsx":
            return report_excel.board_response(data)
    return render(
        request,
        "reports/board.html",
        {
            "board": data,
            "periods": periods,
            "roots": roots,
            "deadline": deadline,
            "root": root,
            "state": state,
            "state_choices": [
                ("all", _("All")),
                ("on_time", _("On time")),
                ("late", _("Late")),
                ("missing", _("Missing")),
            ],
            "filters": BOARD_FILTERS,
            "q": request.GET.get("q", ""),
        },
    )


def summary(request):
    """Tables 01–03 and the per-unit table for a period; Excel; PDF rendered in the background."""
    periods = list(report_periods())
    roots = list(reviewable_roots(request.user))
    deadline = _pick_period(request, periods)
    root = _pick_root(request, deadline, roots)
    if deadline is None or root is None:
        return render(request, "reports/summary.html", {"deadline": None})
    if request.method == "POST":
        job = render_job_request(root=root, deadline=deadline, by=request.user)
        messages.info(request, _("The PDF is being prepared; this page shows when it is ready."))
        return redirect(f"{request.path}?period={deadline.pk}&unit={root.pk}&job={job.pk}")
    scope = stats_scope_for(deadline, root)
    t01 = table01(scope)
    context = {
        "deadline": deadline,
        "root": root,
        "periods": periods,
        "roots": roots,
        "scope": scope,
        "table01": t01,
        "table01_columns": TABLE01_COLUMNS,
        "table01_groups": table01_column_groups(),
        "table02": table02(scope),
        "table03": table03(scope),
        "units": unit_rows(scope),
        "chart": table01_chart(t01, title=_("Registrations by field")),
        "can_write": get_scope(request.user).allows(Action.MANAGE, root),
        "jobs": RenderJob.objects.for_action(request.user, Action.REVIEW)
        .filter(root=root, deadline=deadline)
        .select_related("requested_by")[:5],
    }
    if request.GET.get("format") == "xlsx":
        return report_excel.tables_response(context)
    return render(request, "reports/summary.html", context)


def _managed_root(request) -> Unit:
    """The bloc whose documents the standing office sets (``?unit=``, else its first); another
    bloc's is a 404."""
    blocs = managed_roots(request.user)
    pk = request.GET.get("unit") or request.POST.get("unit")
    if pk:
        return get_object_for(request.user, blocs, action=Action.MANAGE, pk=pk)
    root = blocs.first()
    if root is None:
        raise Http404
    return root


def letterhead(request):
    """The bloc's letterhead, signer and usual recipients, which each summary starts from."""
    root = _managed_root(request)
    current = letterhead_for(root)
    form = LetterheadForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            form,
            lambda: letterhead_save(
                unit=root, by=request.user, **{n: form.cleaned_data[n] for n in LETTERHEAD_FIELDS}
            ),
            success=_("The letterhead and signature have been saved."),
            to=f"{request.path}?unit={root.pk}",
        )
        if done:
            return done
    return render(
        request,
        "reports/letterhead.html",
        {"form": form, "root": root, "letterhead": current, "roots": managed_roots(request.user)},
    )


def summary_texts(request):
    """One summary's number, signer, recipients and sections IV–VI, written before rendering."""
    deadline = _pick_period(request)
    if deadline is None:
        raise Http404
    root = _managed_root(request)
    current = summary_text_for(root=root, deadline=deadline)
    form = SummaryTextForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            form,
            lambda: summary_text_save(
                root=root,
                deadline=deadline,
                by=request.user,
                **{n: form.cleaned_data[n] for n in SUMMARY_TEXT_FIELDS},
            ),
            success=_("Saved: the next PDF of this summary prints these texts."),
            to=f"{reverse('reports:summary')}?period={deadline.pk}&unit={root.pk}",
        )
        if done:
            return done
    return render(
        request,
        "reports/summary_texts.html",
        {"form": form, "root": root, "deadline": deadline, "texts": current},
    )


def job_status(request, pk):
    job = get_object_for(request.user, RenderJob.objects.all(), action=Action.REVIEW, pk=pk)
    return render(request, "reports/includes/_job.html", {"job": job})


def job_download(request, pk):
    job = get_object_for(request.user, RenderJob.objects.all(), action=Action.REVIEW, pk=pk)
    if not job.file:
        raise Http404
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.download_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def report_dossier(request, pk):
    from .dossier import report_dossier as build

    return build(_report(request, pk))

"""Thin views for steering-group setup and the reviewers' setup board."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.forms import uploaded
from danvan.uploads import serve_file
from danvan.views import run_service
from units.models import Unit
from units.scoping import Action, get_object_for, get_scope
from units.selectors import home_units_for, steering_groups_by_parent

from . import selectors, services
from .boards import SETUP_BOARD
from .forms import FoundingDecisionForm, WorkingRegulationForm
from .models import FoundingDecision, WorkingRegulation

PAGE_SIZE = 50


def my_setup(request):
    """A member lands on their organisation's page; a reviewer on the board."""
    units = list(home_units_for(request.user)[:2])
    if len(units) == 1:
        return redirect("steering:unit", pk=units[0].pk)
    if not units and get_scope(request.user).is_reviewer:
        return redirect("steering:board")
    return render(
        request,
        "steering/my_setup.html",
        {"units": home_units_for(request.user)[:200]},
    )


def unit_setup(request, pk: int):
    unit = get_object_for(
        request.user, Unit.objects.grassroots().select_related("unit_type"), pk=pk
    )
    return render(
        request,
        "steering/unit_setup.html",
        {
            "unit": unit,
            "group": steering_groups_by_parent([unit]).get(unit.path),
            "decision": selectors.founding_decision_of(unit),
            "regulations": selectors.regulations_of(unit),
            "can_edit": get_scope(request.user).allows(Action.EDIT, unit),
        },
    )


def _editable_unit(request, pk: int) -> Unit:
    return get_object_for(
        request.user,
        Unit.objects.grassroots().select_related("unit_type"),
        action=Action.EDIT,
        pk=pk,
    )


def _paperwork_form(request, form, *, unit: Unit, title: str, save, saved: str):
    """Validate ``form``, hand its data to the service ``save(**data)``, show its refusals on
    the form, and go back to the organisation's page once saved."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["file"] = uploaded(data.get("file"))
        done = run_service(
            request,
            form,
            lambda: save(**data),
            success=saved,
            to=reverse("steering:unit", args=[unit.pk]),
        )
        if done:
            return done
    return render(
        request,
        "steering/form.html",
        {"form": form, "unit": unit, "title": title},
        status=400 if form.errors else 200,
    )


def decision_edit(request, pk: int):
    unit = _editable_unit(request, pk)
    decision = selectors.founding_decision_of(unit)
    return _paperwork_form(
        request,
        FoundingDecisionForm(request.POST or None, request.FILES or None, instance=decision),
        unit=unit,
        title=_("Founding decision of the steering group"),
        save=lambda **data: services.founding_decision_record(unit=unit, by=request.user, **data),
        saved=_("Founding decision saved."),
    )


def regulation_add(request, pk: int):
    unit = _editable_unit(request, pk)
    return _paperwork_form(
        request,
        WorkingRegulationForm(request.POST or None, request.FILES or None),
        unit=unit,
        title=_("New version of the working regulations"),
        save=lambda **data: services.working_regulation_add(unit=unit, by=request.user, **data),
        saved=_("Working regulations saved."),
    )


def regulation_edit(request, pk: int):
    regulation = get_object_for(
        request.user,
        WorkingRegulation.objects.select_related("unit"),
        action=Action.EDIT,
        pk=pk,
    )
    return _paperwork_form(
        request,
        WorkingRegulationForm(request.POST or None, request.FILES or None, instance=regulation),
        unit=regulation.unit,
        title=_("Working regulations, version %(version)s") % {"version": regulation.version},
        save=lambda **data: services.working_regulation_update(
            regulation=regulation, by=request.user, **data
        ),
        saved=_("Working regulations saved."),
    )


def decision_file(request, pk: int):
    decision = get_object_for(request.user, FoundingDecision.objects.exclude(file=""), pk=pk)
    return serve_file(decision.file)


def regulation_file(request, pk: int):
    regulation = get_object_for(request.user, WorkingRegulation.objects.exclude(file=""), pk=pk)
    return serve_file(regulation.file)


# ---------------------------------------------------------------- the setup board


setup_board = SETUP_BOARD.view

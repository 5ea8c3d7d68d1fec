"""Small view helpers every app shares: the refusal page, the one form-to-service glue
(``run_service``) and the one workflow-step view (``TransitionView``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from .forms import StepForm, add_service_errors
from .workflow import TransitionRefused, VersionConflict, Workflow


def refused(
    request: HttpRequest, message: str, *, back_url: str, back_label: str, status: int = 403
) -> HttpResponse:
    """A refused page (not a workflow step: a file on a sent registration, a closed period…)
    with its reason and a way back to the app's own list."""
    context = {"message": message, "back_url": back_url, "back_label": back_label}
    return render(request, "refused.html", context, status=status)


def run_service(
    request: HttpRequest,
    form: forms.BaseForm | None,
    call: Callable[[], Any],
    *,
    success: str | Callable[[Any], str] | None = None,
    refuse: Callable[[HttpRequest, str], HttpResponse] | None = None,
    conflict: Callable[[VersionConflict], HttpResponse] | None = None,
    to: Any = None,
    back: Any = None,
) -> HttpResponse | None:
    """Run a service for a valid form (or a button), the way every page answers.

    Its ``ValidationError`` lands on the form's fields (``forms.add_service_errors``) and None
    is returned (the caller shows the form again, nothing saved); for a button (``form`` None)
    the reasons are flashed and the answer goes ``back``. A ``VersionConflict`` answers through
    ``conflict`` (the page with both versions) when given; a ``TransitionRefused`` answers
    through ``refuse`` (the app's "not allowed" page) when given, else as any other error.
    Success flashes ``success`` (when given) and redirects to ``to``, or to what the service
    returned; either may be a function of what the service returned.
    """
    try:
        result = call()
    except VersionConflict as error:
        if conflict is not None:
            return conflict(error)
        return _refusal(request, form, error, refuse, back)
    except TransitionRefused as error:
        return _refusal(request, form, error, refuse, back)
    except ValidationError as error:
        return _not_saved(request, form, error, back)
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    if to is None:
        to = result
    elif callable(to):
        to = to(result)
    return redirect(to)


def _refusal(request, form, refusal: TransitionRefused, refuse, back) -> HttpResponse | None:
    if refuse is None:
        return _not_saved(request, form, refusal, back)
    return refuse(request, refusal.message)


def _not_saved(request, form, error: ValidationError, back) -> HttpResponse | None:
    if form is None:  # a button: the reasons as messages, back to where it was pressed
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    add_service_errors(form, error)
    return None


class TransitionView(View):
    """``POST …/<pk>/step/<name>/``: take one step of ``workflow`` on one object.

    A subclass names the object (``get_object``, through ``units.scoping``: another unit's is a
    404) and shows its page again (``render_page``). A refused step always answers that page,
    with the reason on the step's comment field (``comment_field``) and the typed text kept;
    the status says why: **400** the input (comment missing, too long or with a NUL byte, the
    object not ready), **403** the step is not possible in this state or not for this person's
    role, **409** someone else changed the object since the page was loaded. Nothing is saved.
    Success flashes and redirects.
    """

    http_method_names = ["post"]
    workflow: Workflow
    form_class: type[forms.Form] = StepForm
    comment_field = "comment"
    step_kwarg = "name"  # the URL's name for the step

    def get_object(self, request: HttpRequest, pk: int) -> Any:
        raise NotImplementedError

    def render_page(
        self, request: HttpRequest, obj: Any, *, step: str, form: forms.Form, status: int
    ) -> HttpResponse:
        raise NotImplementedError

    def step_data(self, form: forms.Form) -> dict[str, Any]:
        """What the step's hooks read, from the valid form."""
        data = dict(form.cleaned_data)
        data.pop("version", None)
        data.pop(self.comment_field, None)
        return data

    def success_message(self, obj: Any, step: str) -> str:
        return _("Done: %(step)s.") % {"step": self.workflow.get(step).label}

    def success_url(self, obj: Any) -> str:
        return obj.get_absolute_url()

    def post(self, request: HttpRequest, pk: int, **kwargs: str) -> HttpResponse:
        name = kwargs[self.step_kwarg]
        obj = self.get_object(request, pk)
        if name not in self.workflow.by_name:
            raise Http404
        form = self.form_class(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            try:
                done = self.workflow.take(
                    obj,
                    name,
                    by=request.user,
                    comment=form.cleaned_data.get(self.comment_field) or "",
                    expected_version=form.cleaned_data.get("version"),
                    **self.step_data(form),
                )
            except ValidationError as error:
                add_service_errors(form, error, default_field=self.comment_field)
                status = getattr(error, "status", 400)
                if self.workflow.by_name[name] not in self.workflow.available(obj, request.user):
                    # That step's form is not on the page (not offered now, or not to this
                    # person): say why at the top, with the text typed, so nothing is lost.
                    for message in error.messages:
                        messages.error(request, message)
                    typed = request.POST.get(self.comment_field, "").strip()
                    if typed:
                        messages.info(
                            request, _("Your text, not saved: %(text)s") % {"text": typed}
                        )
            else:
                messages.success(request, self.success_message(done, name))
                return redirect(self.success_url(done))
        return self.render_page(request, obj, step=name, form=form, status=status)

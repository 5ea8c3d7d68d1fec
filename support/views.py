"""Thin views: parse input, call a service, render or redirect. Objects are fetched through
``units.scoping.get_object_for`` (another unit's object is a 404); steps are taken through
``danvan.views.TransitionView`` (a refusal shows the page again with the reason)."""

from __future__ import annotations

from functools import partial

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.forms import uploaded
from danvan.params import int_param, text_param
from danvan.uploads import serve_file
from danvan.views import TransitionView, run_service
from danvan.views import refused as shared_refused
from units.scoping import Action, get_object_for, get_scope

from . import selectors, services
from .boards import COVERAGE_BOARD
from .forms import (
    FollowUpAnswerForm,
    FollowUpForm,
    PublishForm,
    QuestionForm,
    QuestionStepForm,
    VisitPlanForm,
    VisitRecordForm,
)
from .models import (
    FollowUp,
    FollowUpStatus,
    PublishedAnswer,
    Question,
    QuestionMessage,
    QuestionStatus,
    Visit,
    VisitStatus,
)
from .workflow import FOLLOW_UP_WORKFLOW, QUESTION_WORKFLOW, VISIT_WORKFLOW

PAGE_SIZE = 50


# The app's "not allowed" page (``danvan.views.refused``), with the way back to its list.
refused = partial(
    shared_refused,
    back_url=reverse_lazy("support:home"),
    back_label=gettext_lazy("Back to inspection and support"),
)


def _form_page(request, context: dict) -> HttpResponse:
    form = context["form"]
    return render(request, "support/form.html", context, status=400 if form.errors else 200)


# ---------------------------------------------------------------- visits


def home(request):
    """Reviewers land on the coverage board; everyone else on their visits."""
    if get_scope(request.user).is_reviewer:
        return redirect("support:board")
    return redirect("support:visits")


def visit_list(request):
    status = request.GET.get("status", "")
    if status not in VisitStatus.values:
        status = ""
    unit_id = int_param(request.GET.get("unit"))
    visits = selectors.visits_for(request.user, status=status, unit_id=unit_id)
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    follow_ups = selectors.follow_ups_for(request.user).exclude(status=FollowUpStatus.CLOSED)
    return render(
        request,
        "support/visit_list.html",
        {
            "page": page,
            "status": status,
            "status_choices": VisitStatus.choices,
            "unit_id": unit_id or "",
            "follow_ups": follow_ups[:50],
            "can_plan": get_scope(request.user).is_reviewer,
        },
    )


def visit_plan(request):
    unit_id = int_param(request.GET.get("unit"))
    initial = {"unit": str(unit_id)} if unit_id else {}
    form = VisitPlanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.visit_plan(by=request.user, **form.cleaned_data),
            success=_("The visit is planned. The organisation has been told."),
            refuse=refused,
        )
        if done:
            return done
    return _form_page(
        request,
        {
            "form": form,
            "title": _("Plan an inspection or support visit"),
            "back_url": reverse("support:visits"),
            "back_label": _("Visits"),
            "submit_label": _("Plan the visit"),
        },
    )


def _visit(request, pk: int, action: Action = Action.VIEW) -> Visit:
    return get_object_for(
        request.user,
        Visit.objects.select_related("unit__unit_type", "lead", "created_by"),
        action=action,
        pk=pk,
    )


def visit_detail(request, pk: int, *, failed_step="", step_form=None, status: int = 200):
    visit = _visit(request, pk)
    scope = get_scope(request.user)
    can_review = scope.allows(Action.REVIEW, visit.unit)
    return render(
        request,
        "support/visit_detail.html",
        {
            "visit": visit,
            "team": visit.team.all(),
            "events": visit.events.select_related("actor"),
            "follow_ups": visit.follow_ups.all(),
            "steps": _steps(VISIT_WORKFLOW.available(visit, request.user), failed_step, step_form),
            "can_review": can_review,
            "can_add_follow_up": can_review and visit.status == VisitStatus.HELD,
        },
        status=status,
    )


def _steps(transitions, failed_step: str, step_form) -> list:
    """(Transition, the bound form when that step was just refused) for the step forms."""
    return [(t, step_form if t.name == failed_step else None) for t in transitions]


class VisitStepView(TransitionView):
    """Cancel a visit (recording it has its own page, ``visit_record``)."""

    workflow = VISIT_WORKFLOW

    def success_message(self, obj, step: str) -> str:
        return _("The visit is cancelled.")

    def get_object(self, request, pk: int) -> Visit:
        return _visit(request, pk, Action.REVIEW)

    def render_page(self, request, obj, *, step, form, status):
        return visit_detail(request, obj.pk, failed_step=step, step_form=form, status=status)


def visit_record(request, pk: int):
    visit = _visit(request, pk, Action.REVIEW)
    form = VisitRecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["minutes"] = uploaded(data.get("minutes"))
        done = run_service(
            request,
            form,
            lambda: VISIT_WORKFLOW.take(visit, "record", by=request.user, **data),
            success=_("The visit is recorded as held."),
            refuse=refused,
            to=visit,
        )
        if done:
            return done
    return _form_page(
        request,
        {
            "form": form,
            "title": _("Record the visit: %(visit)s") % {"visit": visit},
            "back_url": visit.get_absolute_url(),
            "back_label": str(visit),
            "submit_label": _("Record the visit as held"),
        },
    )


def follow_up_add(request, pk: int):
    visit = _visit(request, pk, Action.REVIEW)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            form,
            lambda: services.follow_up_add(visit=visit, by=request.user, **form.cleaned_data),
            success=_("The follow-up action is added."),
            refuse=refused,
            to=visit,
        )
        if done:
            return done
    return _form_page(
        request,
        {
            "form": form,
            "title": _("Add a follow-up action"),
            "intro": str(visit),
            "back_url": visit.get_absolute_url(),
            "back_label": str(visit),
            "submit_label": _("Add the action"),
        },
    )


def visit_minutes(request, pk: int):
    visit = get_object_for(request.user, Visit.objects.exclude(minutes=""), pk=pk)
    return serve_file(visit.minutes)


def _follow_up(request, pk: int, action: Action = Action.VIEW) -> FollowUp:
    return get_object_for(
        request.user,
        FollowUp.objects.select_related("unit", "visit", "answered_by"),
        action=action,
        pk=pk,
    )


def follow_up_detail(
    request, pk: int, *, form=None, failed_step="", step_form=None, status: int = 200
):
    follow_up = _follow_up(request, pk)
    steps = FOLLOW_UP_WORKFLOW.available(follow_up, request.user)
    can_answer = any(t.name == "answer" for t in steps)
    return render(
        request,
        "support/follow_up_detail.html",
        {
            "follow_up": follow_up,
            "events": follow_up.events.select_related("actor"),
            "answer_form": form or (FollowUpAnswerForm() if can_answer else None),
            "steps": _steps([t for t in steps if t.name != "answer"], failed_step, step_form),
        },
        status=status,
    )


@require_POST
def follow_up_answer(request, pk: int):
    follow_up = _follow_up(request, pk, Action.EDIT)
    form = FollowUpAnswerForm(request.POST, request.FILES)
    if form.is_valid():
        done = run_service(
            request,
            form,
            lambda: FOLLOW_UP_WORKFLOW.take(
                follow_up,
                "answer",
                by=request.user,
                response=form.cleaned_data["response"],
                evidence=uploaded(form.cleaned_data.get("evidence")),
            ),
            success=_("Thank you. The steering committee will review it."),
            refuse=refused,
            to=follow_up,
        )
        if done:
            return done
    return follow_up_detail(request, pk, form=form, status=400)


class FollowUpStepView(TransitionView):
    """Close or reopen a follow-up action (the unit's answer has its own form)."""

    workflow = FOLLOW_UP_WORKFLOW
    step_kwarg = "step"

    def success_message(self, obj, step: str) -> str:
        return _("Saved.")

    def get_object(self, request, pk: int) -> FollowUp:
        return _follow_up(request, pk)

    def render_page(self, request, obj, *, step, form, status):
        return follow_up_detail(request, obj.pk, failed_step=step, step_form=form, status=status)


def follow_up_evidence(request, pk: int):
    follow_up = get_object_for(request.user, FollowUp.objects.exclude(evidence=""), pk=pk)
    return serve_file(follow_up.evidence)


# ---------------------------------------------------------------- the coverage board


board = COVERAGE_BOARD.view


# ---------------------------------------------------------------- questions


def question_list(request):
    status = request.GET.get("status", "")
    if status not in QuestionStatus.values:
        status = ""
    q = text_param(request.GET.get("q"))
    questions = selectors.questions_for(request.user, status=status, q=q)
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "support/question_list.html",
        {
            "page": page,
            "status": status,
            "q": q,
            "status_choices": QuestionStatus.choices,
            "can_ask": get_scope(request.user).can_anywhere(Action.EDIT),
        },
    )


def question_ask(request):
    form = QuestionForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["file"] = uploaded(data.get("file"))
        done = run_service(
            request,
            form,
            lambda: services.question_ask(by=request.user, **data),
            success=_("Your question has been sent to the standing office."),
            refuse=refused,
        )
        if done:
            return done
    return _form_page(
        request,
        {
            "form": form,
            "title": _("Ask the standing office"),
            "intro": _(
                "Describe the difficulty; the standing office of the steering committee will "
                "answer here and you will be notified."
            ),
            "back_url": reverse("support:questions"),
            "back_label": _("Questions to the standing office"),
            "submit_label": _("Send the question"),
        },
    )


def _question(request, pk: int, action: Action = Action.VIEW) -> Question:
    return get_object_for(
        request.user,
        Question.objects.select_related("unit", "category", "asked_by"),
        action=action,
        pk=pk,
    )


def question_detail(request, pk: int, *, form=None, status: int = 200):
    question = _question(request, pk)
    publication = PublishedAnswer.objects.filter(question=question).first()
    return render(
        request,
        "support/question_detail.html",
        {
            "question": question,
            "thread": question.messages.select_related("author"),
            "events": question.events.select_related("actor"),
            "steps": selectors.question_steps(question, request.user),
            "form": form or QuestionStepForm(),
            "publication": publication,
            "can_publish": selectors.can_publish(question, request.user),
        },
        status=status,
    )


class QuestionStepView(TransitionView):
    """Every move of a question: its message (``text``) and file are the step's comment and data."""

    workflow = QUESTION_WORKFLOW
    step_kwarg = "step"
    form_class = QuestionStepForm
    comment_field = "text"

    def get_object(self, request, pk: int) -> Question:
        return _question(request, pk)

    def step_data(self, form) -> dict:
        return {"file": uploaded(form.cleaned_data.get("file"))}

    def success_message(self, obj, step: str) -> str:
        return _("Sent.")

    def render_page(self, request, obj, *, step, form, status):
        return question_detail(request, obj.pk, form=form, status=status)


def question_publish(request, pk: int):
    question = _question(request, pk, Action.MANAGE)
    publication = PublishedAnswer.objects.filter(question=question).first()
    if publication:
        initial = {
            "subject": publication.subject,
            "question_text": publication.question_text,
            "answer_text": publication.answer_text,
        }
    else:
        thread = list(question.messages.all())
        initial = {
            "subject": question.subject,
            "question_text": "\n\n".join(m.text for m in thread if m.side == "unit"),
            "answer_text": next((m.text for m in reversed(thread) if m.side == "office"), ""),
        }
    form = PublishForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if request.POST.get("unpublish"):
            return run_service(
                request,
                None,
                lambda: services.question_unpublish(question=question, by=request.user),
                success=_("The answer is no longer published."),
                refuse=refused,
                to=question,
                back=question,
            )
        if form.is_valid():
            done = run_service(
                request,
                form,
                lambda: services.question_publish(
                    question=question, by=request.user, **form.cleaned_data
                ),
                success=_("The answer is published on the Q&A page."),
                refuse=refused,
                to=question,
            )
            if done:
                return done
    return _form_page(
        request,
        {
            "form": form,
            "title": _("Publish on the Q&A page"),
            "intro": _(
                "Everyone who logs in will read this; the asking organisation is not shown."
            ),
            "back_url": question.get_absolute_url(),
            "back_label": question.subject,
            "submit_label": _("Publish"),
            "publication": publication,
            "extra": "support/includes/_unpublish.html" if publication else "",
        },
    )


def question_file(request, pk: int):
    message = get_object_for(request.user, QuestionMessage.objects.exclude(file=""), pk=pk)
    return serve_file(message.file)


def question_board(request):
    waiting, stats = selectors.question_board(request.user)
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "support/question_board.html", {"page": page, "stats": stats})


# ---------------------------------------------------------------- the Q&A page


def qa_list(request):
    q = text_param(request.GET.get("q"))
    category = text_param(request.GET.get("category"), max_length=40)
    answers = selectors.published_answers(q=q, category=category)
    page = Paginator(answers, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "support/qa_list.html",
        {
            "page": page,
            "q": q,
            "category": category,
            "categories": selectors.active_categories(),
        },
    )


def qa_detail(request, pk: int):
    try:
        answer = PublishedAnswer.objects.select_related("category").get(pk=pk)
    except PublishedAnswer.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "support/qa_detail.html", {"answer": answer})

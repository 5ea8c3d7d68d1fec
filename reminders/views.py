from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.params import text_param
from danvan.text import fold
from units.models import Unit
from units.scoping import Action, get_object_for

from . import ics, selectors, services
from .forms import ReminderLogFilter, ReminderPolicyForm
from .models import CalendarFeed

PAGE_SIZE = 50


def reminder_log(request):
    """What was sent to whom, when, and whether it reached the mail server."""
    deadlines = selectors.deadlines_managed_by(request.user)
    form = ReminderLogFilter(request.GET or None, deadlines=deadlines)
    rows = selectors.reminder_log(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            text = fold(data["q"])
            rows = rows.filter(
                Q(unit__search_text__contains=text)
                | Q(recipient__search_text__contains=text)
                | Q(to_address__icontains=data["q"])
            )
        if data["deadline"]:
            rows = rows.filter(deadline_id=data["deadline"])
        if data["status"] == "in_app":
            rows = rows.filter(email__isnull=True)
        elif data["status"]:
            rows = rows.filter(email__status=data["status"])
        if data["escalation"]:
            rows = rows.filter(escalation=True)
        if data["since"]:
            rows = rows.filter(sent_on__gte=data["since"])
        if data["until"]:
            rows = rows.filter(sent_on__lte=data["until"])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reminders/log.html",
        {
            "form": form,
            "page": page,
            "deadlines": deadlines,
            "queued": selectors.queued_reminders(request.user),
        },
    )


def deadline_board(request, pk: int):
    """Every unit of one deadline: due date, complete or not, reminders so far, "send now"."""
    deadline = selectors.deadline_managed_by(request.user, pk)
    query = text_param(request.GET.get("q"))
    units = selectors.deadline_units(request.user, deadline).search(query)
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    policy = services.policy_for(deadline.campaign)
    return render(
        request,
        "reminders/deadline_board.html",
        {
            "deadline": deadline,
            "policy": policy,
            "page": page,
            "q": query,
            "rows": selectors.deadline_board_rows(deadline, list(page.object_list)),
        },
    )


@require_POST
def send_now(request, pk: int, unit_pk: int):
    deadline = selectors.deadline_managed_by(request.user, pk)
    unit = get_object_for(request.user, Unit.objects.grassroots(), action=Action.MANAGE, pk=unit_pk)
    if not deadline.applies_to_unit(unit):
        raise Http404
    count = services.reminder_send_now(deadline=deadline, unit=unit, by=request.user)
    if count:
        messages.success(
            request,
            _("Reminder sent to %(count)s people at %(unit)s.") % {"count": count, "unit": unit},
        )
    else:
        messages.warning(
            request,
            _(
                "Nothing was sent to %(unit)s: it has completed this deadline, has nobody to "
                "remind, or was already reminded by hand today."
            )
            % {"unit": unit},
        )
    return redirect(
        f"{reverse('reminders:deadline', args=[deadline.pk])}?{request.GET.urlencode()}"
    )


def policy_list(request):
    campaigns = selectors.campaigns_managed_by(request.user)
    rows = [(c, services.policy_for(c)) for c in campaigns]
    return render(request, "reminders/policy_list.html", {"rows": rows})


def policy_edit(request, campaign_pk: int):
    campaign = selectors.campaign_managed_by(request.user, campaign_pk)
    policy = services.policy_for(campaign)
    form = ReminderPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        services.policy_save(policy=form.instance, by=request.user)
        messages.success(request, _("The reminder policy was saved."))
        return redirect("reminders:policies")
    return render(request, "reminders/policy_form.html", {"form": form, "campaign": campaign})


def calendar_settings(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = (
        request.build_absolute_uri(reverse("reminders:calendar_feed", args=[feed.token]))
        if feed
        else ""
    )
    return render(request, "reminders/calendar.html", {"feed": feed, "feed_url": url})


@require_POST
def calendar_regenerate(request):
    services.calendar_feed_regenerate(user=request.user)
    messages.success(request, _("Your calendar address was created; any older one stops working."))
    return redirect("reminders:calendar_settings")


@require_POST
def calendar_revoke(request):
    services.calendar_feed_revoke(user=request.user)
    messages.success(request, _("Your calendar address was revoked."))
    return redirect("reminders:calendar_settings")


def calendar_feed(request, token: str):
    feed = selectors.calendar_feed_of(token)
    user = feed.user
    base = request.build_absolute_uri("/").rstrip("/")
    events = []
    for deadline, unit, due in selectors.calendar_entries(user):
        summary = f"{deadline.title} – {unit.name}" if unit else deadline.title
        events.append(
            ics.Event(
                uid=f"deadline-{deadline.pk}-unit-{unit.pk if unit else 0}@danvan",
                day=due,
                summary=summary,
                description=f"{deadline.campaign.name}\n{deadline.get_kind_display()}",
                url=base + services.form_url(deadline),
            )
        )
    body = ics.calendar(name=_("Deadlines – Dân vận khéo"), events=events, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="danvan.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response

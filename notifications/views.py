from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services
from .models import EmailOutbox, Notification


def notification_list(request):
    """Everything sent to the user, newest first; e-mail delivery shown beside each."""
    rows = Notification.objects.for_user(request.user).order_by("-created_at", "-pk")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    keys = [n.dedupe_key for n in page.object_list if n.dedupe_key]
    emails = {
        e.dedupe_key: e
        for e in EmailOutbox.objects.filter(recipient=request.user, dedupe_key__in=keys).only(
            "dedupe_key", "status", "to_address", "sent_at"
        )
    }
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "rows": [(n, emails.get(n.dedupe_key)) for n in page.object_list],
            "unread": Notification.objects.for_user(request.user).unread().count(),
        },
    )


def notification_open(request, pk: int):
    """Mark one notification read and follow its link (ownership is part of the lookup)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
def mark_all_read(request):
    services.notifications_mark_all_read(user=request.user)
    return redirect("notifications:list")

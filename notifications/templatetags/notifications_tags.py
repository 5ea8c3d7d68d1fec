from django import template

from notifications.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in user's unread count, one query per page (cached on the request)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    cached = getattr(request, "_danvan_unread", None)
    if cached is None:
        cached = Notification.objects.for_user(user).unread().count()
        request._danvan_unread = cached
    return cached

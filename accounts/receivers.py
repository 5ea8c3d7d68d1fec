"""Signal receivers: what happens around logging in, out, and deactivating a person.

Signals, not services, because Django's login views and the admin fire them and no service of
ours runs there; each receiver does one small thing and says why.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import second_factor, sessions
from .lockout import attempted_login
from .security_log import log_event


@receiver(user_logged_in, dispatch_uid="accounts.logged_in")
def logged_in(sender, request, user, **kwargs) -> None:
    # The absolute lifetime and the idle timeout count from here (accounts.middleware).
    if request is not None and hasattr(request, "session"):
        sessions.stamp_login(request.session)
        request.session[sessions.ENROLLED] = second_factor.has_second_factor(user)
    log_event("login", request=request, user=user)


@receiver(user_login_failed, dispatch_uid="accounts.login_failed")
def login_failed(sender, credentials, request=None, **kwargs) -> None:
    log_event(
        "login_failed",
        request=request,
        username=attempted_login(request, credentials),
        level=logging.WARNING,
    )


@receiver(user_logged_out, dispatch_uid="accounts.logged_out")
def logged_out(sender, request, user, **kwargs) -> None:
    log_event("logout", request=request, user=user)


@receiver(post_save, sender=get_user_model(), dispatch_uid="accounts.deactivated")
def deactivated(sender, instance, update_fields=None, **kwargs) -> None:
    # A person deactivated anywhere (admin, import, a service) loses every open session now,
    # not only at their next request (where Django already refuses an inactive user).
    if instance.is_active or (update_fields is not None and "is_active" not in update_fields):
        return
    ended = sessions.end_sessions_of(instance)
    if ended:
        log_event("sessions_ended", user=None, username=instance.get_username(), count=ended)

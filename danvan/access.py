"""Every URL declares its access rule here, at the place it is routed.

Deny by default: ``tests/danvan/test_url_access_rules.py`` walks the URL resolver and fails for
any view without a rule. Object-level checks (which unit's data) are the scoping mechanism's job
(``units.scoping``); these rules gate whole pages.

Use in ``urls.py``::

    path("", access.authenticated(views.home), name="home")
    path("review/", access.requires(Action.REVIEW)(views.ReviewQueue.as_view()), name="queue")
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from units.scoping import Action, get_scope

ATTR = "access_rule"


def _tag(view: Callable, rule: str) -> Callable:
    setattr(view, ATTR, rule)
    return view


def public(view: Callable) -> Callable:
    """Anyone, logged in or not (login page, password reset, language switch)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    return _tag(wrapped, "public")


def token(view: Callable) -> Callable:
    """Anyone holding a secret token in the URL (a private calendar feed); the view checks it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    return _tag(wrapped, "token")


def authenticated(view: Callable) -> Callable:
    """Any logged-in, active person; the view scopes objects with ``visible_to``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _tag(wrapped, "authenticated")


def requires(action: Action) -> Callable[[Callable], Callable]:
    """A logged-in person who may take ``action`` somewhere in the tree (objects still scoped)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not get_scope(request.user).can_anywhere(action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _tag(wrapped, f"requires:{action}")

    return decorator

"""The server-error handler: a database outage answers 503 with Retry-After, never 500.

Django calls ``handler500`` for any uncaught exception, whether raised in a view, a middleware
(the session or the user loaded lazily) or while rendering a template (a context processor), so
this one place recognises the database being away. Both pages render without a request context:
no context processor, session or user menu can touch the database that is down.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

# Seconds a browser or client is asked to wait before trying again: a restart takes a few.
RETRY_AFTER_SECONDS = 30


def database_unavailable(exc: BaseException | None) -> bool:
    """True when the exception (or its cause) says the database cannot be reached."""
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())

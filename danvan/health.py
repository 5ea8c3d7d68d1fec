"""Health probes for the proxy, the container engine and monitoring.

``/healthz``: the process answers (no database, no session). ``/readyz``: the database answers
and has every migration of this code applied; the broker's state is reported but not fatal,
because a broker outage only delays side effects (outbox rows wait for beat's sweep).

``HealthCheckMiddleware`` sits first in ``MIDDLEWARE`` and answers these two paths before the
rest of the stack: a probe from inside the container (``http://127.0.0.1:8000/healthz``) must not
be redirected to HTTPS, refused for its Host header, given a session, a CSRF cookie or a language,
or written to the request log every ten seconds.
"""

from __future__ import annotations

from functools import cache

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import resolve
from django.views.decorators.cache import never_cache

PATHS = frozenset({"/healthz", "/readyz"})


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


@cache
def _migrations_on_disk() -> frozenset[tuple[str, str]]:
    """Every migration this code ships (read once per process; the code does not change under a
    running process)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(loader.graph.nodes)


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        applied = set(MigrationRecorder(connection).applied_migrations())
    except DatabaseError as error:
        return {"ok": False, "error": error.__class__.__name__}
    unapplied = sorted(f"{app}.{name}" for app, name in _migrations_on_disk() - applied)
    return {"ok": not unapplied, "unapplied_migrations": unapplied}


def _broker() -> dict:
    from danvan.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=1)
    except Exception as error:  # noqa: BLE001 - any broker failure is only reported
        return {"ok": False, "error": error.__class__.__name__}
    return {"ok": True}


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    database = _database()
    broker = _broker()
    ready = database["ok"]
    body = {"status": "ok" if ready else "unavailable", "database": database, "broker": broker}
    return JsonResponse(body, status=200 if ready else 503)


class HealthCheckMiddleware:
    """Answer the probes before any other middleware runs (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in PATHS:
            # Through the resolver, so the view keeps its declared access rule (danvan.access).
            return resolve(request.path_info).func(request)
        return self.get_response(request)

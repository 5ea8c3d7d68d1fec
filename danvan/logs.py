"""Structured logs: one JSON object per line on stdout in production, readable lines locally.

Every line carries the request id (``X-Request-ID`` from nginx, or generated here), the user id
and the user's units, so one request can be followed from nginx's access log through the web
process into the Celery tasks it enqueued (``danvan.celery`` copies the id into task headers).

The user and units are read only when the request already looked them up: logging never costs
a session or scope query, and a probe or a static file stays as cheap as it was.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

_context: ContextVar[dict[str, Any] | None] = ContextVar("danvan_log_context", default=None)

# nginx's $request_id is 32 hex digits; accept any short token, never a header that could forge
# log lines or fill them up.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

# Attributes every LogRecord has; anything else was passed through ``extra=`` and is logged.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
_CONTEXT_FIELDS = ("request_id", "user_id", "unit", "task", "task_id")

request_logger = logging.getLogger("danvan.request")


def current() -> dict[str, Any]:
    """What the running request or task has bound (empty outside both)."""
    return _context.get() or {}


def bind(**values: Any) -> Token:
    """Add ``values`` to the context; give the token back to ``unbind`` when done."""
    return _context.set({**current(), **values})


def unbind(token: Token) -> None:
    _context.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex


def _user_fields(request: HttpRequest | None) -> dict[str, Any]:
    """The user id and units, if the request has already loaded them (no query here)."""
    user = getattr(request, "_cached_user", None)  # set by django.contrib.auth once evaluated
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    fields: dict[str, Any] = {"user_id": user.pk}
    scope = getattr(user, "_danvan_scope", None)  # units.scoping caches it for the request
    if scope is not None:
        fields["unit"] = "*" if scope.everything else ",".join(scope.roots("view"))
    return fields


def context_fields() -> dict[str, Any]:
    context = current()
    fields = {k: context[k] for k in _CONTEXT_FIELDS if k in context}
    fields.update(_user_fields(context.get("request")))
    return fields


class ContextFilter(logging.Filter):
    """Copy the request id, user id, unit and task onto every record (None when there is none;
    the text format names ``%(request_id)s``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        fields = context_fields()
        for name in _CONTEXT_FIELDS:
            if not hasattr(record, name):
                setattr(record, name, fields.get(name))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, context, extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key in _STANDARD or key.startswith("_"):
                continue
            if value is None and key in _CONTEXT_FIELDS:
                continue  # no request id outside a request or task, no user when anonymous
            entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """``LOGGING`` for the settings: ``json`` (production) or ``text`` (development)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "danvan.logs.ContextFilter"}},
        "formatters": {
            "json": {"()": "danvan.logs.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "filters": ["context"],
                "formatter": log_format,
            }
        },
        "root": {"handlers": ["console"], "level": level},
    }


class RequestLogMiddleware:
    """Bind a request id for the request's log lines, answer it in ``X-Request-ID`` and write
    one line per request (method, path, status, duration)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("X-Request-ID", "")
        request_id = header if _REQUEST_ID.fullmatch(header) else new_request_id()
        request.request_id = request_id
        token = bind(request_id=request_id, request=request)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            request_logger.info(
                "%s %s %s",
                request.method,
                self._path(request),
                response.status_code,
                extra={
                    "method": request.method,
                    "path": self._path(request),
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            unbind(token)

    @staticmethod
    def _path(request: HttpRequest) -> str:
        # A URL that is its own credential (the private calendar feed) is logged by its route.
        match = getattr(request, "resolver_match", None)
        if match is not None and getattr(match.func, "access_rule", None) == "token":
            return "/" + match.route
        return request.path

"""Rendered pages kept in Redis per person, dropped by any committed write to domain data.

Issue 10: the busiest pages (home, review queue, boards, lists) cost 7–20 ms of CPU to render
against a budget of 3–4 ms. Most requests repeat a page nobody changed in between, so the
rendered HTML is kept and served again while nothing it could depend on has changed:

* **who and how**: the person (user id; their scope, name and roles are domain data), whether
  the session passed its second factor, the language, the host and the full path with its
  query string, and today's date (pages count days to deadlines);
* **what**: a *generation* counter in the cache, bumped after the commit of any INSERT, UPDATE,
  DELETE or TRUNCATE on a table of the domain apps (``DANVAN_PAGE_CACHE_APPS``, less the
  worker-churned ``DANVAN_PAGE_CACHE_IGNORED_TABLES`` that no cached page shows). It is read
  before the page is rendered and stored with it, so a page rendered from data older than the
  newest commit never matches again. The writes are seen below the ORM (a database
  execute wrapper), so ``QuerySet.update()``, ``bulk_create()`` and raw SQL count as much as
  ``save()``; Celery workers bump the same counter;
* **time**: entries expire after ``DANVAN_PAGE_CACHE_SECONDS`` (5 minutes): deadlines are
  dates (today is in the key), and this bounds anything else that changes with the clock or
  behind Django's back (SQL typed into psql, a deploy's new templates).

Never cached: anything but a GET of a listed view by a logged-in person, HTMX requests, a page
shown while flash messages are pending or that added one, a response that is not a 200 HTML
page, that sets a cookie, or whose view changed the session, and requests inside a database
transaction (the data read there may never be committed; tests run that way).

CSRF: a cached page carries the masked tokens of the request that rendered it. On each hit they
are replaced by a fresh masking of the *current* request's secret (``get_token``), so the form
validates for this browser and the token differs on every response, as without the cache (the
BREACH argument in ``danvan.compression`` holds). No CSP nonces are used (``csp`` settings), so
nothing else in a page is per-response. Headers set outside the view (``Cache-Control:
private, no-store``, CSP, Content-Language, gzip) are added on the way out, hit or miss.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone, translation

from units.scoping import get_scope

logger = logging.getLogger(__name__)

GENERATION_KEY = "danvan:generation"
GENERATION_SEEN = "_danvan_generation_seen"
_PAGE_PREFIX = "danvan:page:"
# A masked CSRF token: 64 letters and digits (django.middleware.csrf).
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE)\s+(?:TABLE\s+)?"?(\w+)"?', re.IGNORECASE
)
_HTML = "text/html"
# Headers of the view's response that are kept; the outer middleware sets the rest again.
_SKIPPED_HEADERS = {"content-length", "set-cookie"}


def enabled() -> bool:
    return getattr(settings, "DANVAN_PAGE_CACHE", False)


# --- the generation ------------------------------------------------------------------------


def generation() -> int | None:
    """The current generation (created when missing), or None when the cache cannot answer."""
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            value = _start_generation()
        return value
    except Exception:  # noqa: BLE001  # the cache being down must not take pages down
        logger.warning("page cache: generation unreadable", exc_info=True)
        return None


def _start_generation() -> int:
    # Not 1: if Redis lost the key (restart, eviction), counting again from 1 could meet pages
    # stored under those numbers before. Nanoseconds since the epoch are always higher.
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY)


def bump_generation() -> None:
    """Every page stored so far is out of date (called after a commit that wrote domain data)."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            _start_generation()
    except Exception:  # noqa: BLE001
        # The write is committed either way; pages stored meanwhile expire within their TTL.
        logger.error("page cache: generation not bumped", exc_info=True)


_domain_tables: frozenset[str] | None = None


def domain_tables() -> frozenset[str]:
    """Tables whose rows pages show: every model (history and many-to-many tables included) of
    the apps in ``DANVAN_PAGE_CACHE_APPS``, but ``DANVAN_PAGE_CACHE_IGNORED_TABLES``."""
    global _domain_tables  # noqa: PLW0603  # computed once, after the app registry is ready
    if _domain_tables is None:
        tables: set[str] = set()
        for label in settings.DANVAN_PAGE_CACHE_APPS:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                tables.add(model._meta.db_table.lower())
        tables -= {table.lower() for table in settings.DANVAN_PAGE_CACHE_IGNORED_TABLES}
        _domain_tables = frozenset(tables)
    return _domain_tables


def written_table(sql: str) -> str | None:
    """The table an INSERT/UPDATE/DELETE/TRUNCATE statement writes, else None."""
    match = _WRITE.match(sql)
    return match.group(1).lower() if match else None


def watch_writes(execute, sql, params, many, context):
    """Database execute wrapper (installed on every connection): after a statement that writes a
    domain table, bump the generation once the transaction commits."""
    result = execute(sql, params, many, context)
    if not enabled():
        return result
    table = written_table(sql) if isinstance(sql, str) else None
    if table is not None and (table in domain_tables() or sql.lstrip()[:8].upper() == "TRUNCATE"):
        connection = context["connection"]
        if not connection.in_atomic_block:
            bump_generation()
        elif not any(func is bump_generation for _sids, func, _robust in connection.run_on_commit):
            transaction.on_commit(bump_generation, using=connection.alias, robust=True)
    return result


def install_write_watch(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver (danvan.apps)."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


# --- objects every request loads -----------------------------------------------------------


def cached_for_generation(kind: str, ident: Any, load, prepare=None):
    """``load()``, or the copy stored under the current generation (one cache round trip for
    both). The person of each request (with their scope) and their second-factor device are
    read this way: no write to domain data since, no query. ``prepare`` runs on a fresh object
    before it is stored. The generation read is left on the object (``GENERATION_SEEN``), so
    the page lookup that follows in the same request needs no second read."""
    if not enabled() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return load()
    key = f"danvan:{kind}:{ident}"
    try:
        found = cache.get_many([GENERATION_KEY, key])
        stamp = found.get(GENERATION_KEY) or _start_generation()
    except Exception:  # noqa: BLE001
        logger.warning("page cache: %s unreadable", kind, exc_info=True)
        return load()
    entry = found.get(key)
    if entry is not None and entry[0] == stamp:
        value = entry[1]
    else:
        value = load()
        if value is not None and prepare is not None:
            prepare(value)
        try:
            cache.set(key, (stamp, value), timeout=settings.DANVAN_PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("page cache: %s not stored", kind, exc_info=True)
    if value is not None:
        setattr(value, GENERATION_SEEN, stamp)
    return value


# --- the middleware ------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve a listed view's page from the cache, or store it after the view rendered it.

    Sits after authentication, the second-factor and session checks of
    ``accounts.middleware.AccountSecurityMiddleware`` and after the messages middleware: a
    person who must log in again or give a code never reaches the lookup.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        pending = getattr(request, "_danvan_page_cache", None)
        if pending is not None:
            key, stamp, session_before = pending
            if _storable(request, response, session_before):
                _store(request, response, key, stamp)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not enabled() or not _cacheable_request(request, view_func):
            return None
        # Read when the person was loaded, before anything of the page: still the right stamp.
        stamp = getattr(request.user, GENERATION_SEEN, None) or generation()
        if stamp is None:
            return None
        key = page_key(request)
        try:
            entry = cache.get(key)
        except Exception:  # noqa: BLE001
            logger.warning("page cache: read failed", exc_info=True)
            entry = None
        if entry is not None and entry[0] == stamp:
            return _replay(request, entry)
        request._danvan_page_cache = (key, stamp, dict(request.session.items()))
        return None


def page_key(request: HttpRequest) -> str:
    user = request.user
    verified = getattr(user, "is_verified", lambda: False)()
    parts = (
        str(user.pk),
        translation.get_language() or "",
        "v" if verified else "-",
        timezone.localdate().isoformat(),
        request.get_host(),
        request.get_full_path(),
    )
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return f"{_PAGE_PREFIX}{user.pk}:{digest}"


def _cacheable_request(request: HttpRequest, view_func) -> bool:
    match = request.resolver_match
    if request.method != "GET" or match is None:
        return False
    if match.view_name not in settings.DANVAN_PAGE_CACHE_VIEWS:
        return False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.headers.get("HX-Request"):
        return False
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return False
    if _messages_pending(request):
        return False
    # The view's access rule (danvan.access) is skipped on a hit: ask it here. A page stored for
    # this person under this generation passed it then, but scope changes are checked anyway.
    rule = getattr(view_func, "access_rule", "")
    if rule == "authenticated":
        return True
    if rule.startswith("requires:"):
        return get_scope(user).can_anywhere(rule.removeprefix("requires:"))
    return False


def _messages_pending(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _storable(request, response, session_before: dict) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith(_HTML)
        and not response.cookies
        and not _messages_pending(request)
        and dict(request.session.items()) == session_before
    )


def _store(request, response, key: str, stamp: int) -> None:
    secret = request.META.get("CSRF_COOKIE")
    tokens = []
    if secret:
        found = {match.group(0) for match in _TOKEN.finditer(response.content)}
        tokens = [t for t in found if _unmask_cipher_token(t.decode()) == secret]
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in _SKIPPED_HEADERS
    ]
    entry = (stamp, response.content, tokens, headers)
    try:
        cache.set(key, entry, timeout=settings.DANVAN_PAGE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("page cache: write failed", exc_info=True)


def _replay(request: HttpRequest, entry: tuple[Any, ...]) -> HttpResponse:
    _stamp, content, tokens, headers = entry
    if tokens:
        fresh = get_token(request).encode()
        for token in tokens:
            content = content.replace(token, fresh)
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response

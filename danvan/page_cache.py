"""Rendered pages kept in Redis per person, dropped when a committed write changes what they show.

Issue 10: the busiest pages (home, review queue, boards, lists) cost 7–20 ms of CPU to render
against a budget of 3–4 ms. Most requests repeat a page nobody changed in between, so the
rendered HTML is kept and served again while nothing it could depend on has changed:

* **who and how**: the person (user id; their scope, name and roles are domain data), whether
  the session passed its second factor, the language, the host and the full path with its
  query string, and today's date (pages count days to deadlines);
* **what**: *generation* counters in the cache, read before the page is rendered and stored
  with it, so a page rendered from data older than a commit it depends on never matches again.
  They are bumped after the commit of an INSERT, UPDATE, DELETE or TRUNCATE on a table of the
  domain apps (``DANVAN_PAGE_CACHE_APPS``, less the worker-churned
  ``DANVAN_PAGE_CACHE_IGNORED_TABLES`` that no cached page shows). The writes are seen below
  the ORM (a database execute wrapper), so ``QuerySet.update()``, ``bulk_create()`` and raw SQL
  count as much as ``save()``; Celery workers bump the same counters;
* **time**: entries expire after ``DANVAN_PAGE_CACHE_SECONDS`` (5 minutes): deadlines are
  dates (today is in the key), and this bounds anything else that changes with the clock or
  behind Django's back (SQL typed into psql, a deploy's new templates).

Which counters (issue 10, national scale: a write in one bloc must not drop every bloc's pages):

* ``ALL`` moves with every bump but a person's own ones (below). Pages of people whose scope is
  above the blocs (province, national staff, superusers) and pages that show the whole country
  (``DANVAN_PAGE_CACHE_WIDE_VIEWS``: the library) depend on it;
* ``SHARED``: a write that cannot be placed in the tree. That is the fallback for every write
  but the few below: ``QuerySet.update()``, ``bulk_create``, deletes, raw SQL, and every table
  outside ``DANVAN_PAGE_CACHE_TREE_MODELS`` (campaigns, deadlines, reference lists, people's
  names…). Every page depends on it;
* a ``save()`` of a row of ``DANVAN_PAGE_CACHE_TREE_MODELS`` (and its history row) is placed at
  its unit's path *p*, before and after the save (the row's unit as stored, read first, and as
  saved): it bumps ``sub:q`` for every ancestor-or-self *q* of *p* and ``at:p``. A page of a
  person whose scope roots lie inside blocs depends on ``sub:`` of each of those blocs (the
  root itself if it lies above the bloc level) and ``at:`` of every unit above them (what a
  bloc's province sets for it). So a registration saved in bloc 1 leaves bloc 2's pages;
* ``user:<id>``: a notification to that person, a role given or taken (also placed in the
  tree), moves only that person's pages;
* ``device:<persistent id>``: a second-factor device's own writes (each verification stamps
  it) move only the cached device.

A write the receivers cannot place (the row's unit missing, a statement they did not expect) is
a ``SHARED`` bump: a page never shows data older than a commit it could depend on. Logging in
writes ``last_login`` (and a history row of it), the session, django-axes' log and the device:
none of these bumps a page counter (sessions and axes are not domain tables; the
``last_login`` save is recognised by its update fields).

A cached person (with their scope) is stored with the counters of their pages; on a miss the
counters ``ALL`` and ``user:<id>`` are read before the person is loaded and again after, and
nothing is stored if either moved meanwhile (every bump but a person's own moves ``ALL`` first).

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
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_save, pre_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone, translation

from units.scoping import get_scope

logger = logging.getLogger(__name__)

GENERATION_KEY = "danvan:generation"  # ALL
SHARED_KEY = "danvan:gen:shared"
GENERATION_SEEN = "_danvan_generation_seen"
_PAGE_PREFIX = "danvan:page:"
# Counters of single units and people are many (60,000 units nationally): they expire, which is
# safe (a counter started again starts above every value it had, see _start).
_COUNTER_SECONDS = 7 * 24 * 3600
# A masked CSRF token: 64 letters and digits (django.middleware.csrf).
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE)\s+(?:TABLE\s+)?"?(\w+)"?', re.IGNORECASE
)
_HTML = "text/html"
# Headers of the view's response that are kept; the outer middleware sets the rest again.
_SKIPPED_HEADERS = {"content-length", "set-cookie"}
# What a login's ``update_last_login`` saves (units.User.save adds the derived search column).
_LOGIN_STAMP_FIELDS = frozenset({"last_login", "search_text"})
SHARED_BUMP = (GENERATION_KEY, SHARED_KEY)


def enabled() -> bool:
    return getattr(settings, "DANVAN_PAGE_CACHE", False)


# --- the counters --------------------------------------------------------------------------


def sub_key(path: str) -> str:
    return f"danvan:gen:sub:{path}"


def at_key(path: str) -> str:
    return f"danvan:gen:at:{path}"


def user_key(pk: Any) -> str:
    return f"danvan:gen:user:{pk}"


def device_key(persistent_id: str) -> str:
    return f"danvan:gen:device:{persistent_id}"


def _step() -> int:
    from units.models import Unit

    return Unit.steplen


def keys_for_path(path: str) -> tuple[str, ...]:
    """What a write to a row whose unit is at ``path`` bumps (ALL first)."""
    step = _step()
    prefixes = [path[:i] for i in range(step, len(path) + 1, step)]
    return (GENERATION_KEY, *(sub_key(p) for p in prefixes), at_key(path))


def _timeout(key: str) -> int | None:
    return None if key in SHARED_BUMP else _COUNTER_SECONDS


def _start(keys: Iterable[str]) -> None:
    # Not 1: if Redis lost a key (restart, eviction, expiry), counting again from 1 could meet
    # pages stored under those numbers before. Nanoseconds since the epoch are always higher.
    for key in keys:
        cache.add(key, time.time_ns(), timeout=_timeout(key))


def read_counters(keys: Sequence[str], extra: Sequence[str] = ()) -> dict[str, Any]:
    """The counters ``keys`` (started when missing) and the plain entries ``extra``, in one
    round trip (two when a counter had to be started)."""
    found = cache.get_many([*keys, *extra])
    missing = [key for key in keys if found.get(key) is None]
    if missing:
        _start(missing)
        found.update(cache.get_many(missing))
    return found


def bump(keys: Iterable[str]) -> None:
    """Pages stored under these counters are out of date (called after a commit). ALL, when it
    is one of them, is moved first (see ``cached_for_generation``)."""
    ordered = sorted(set(keys), key=lambda key: key != GENERATION_KEY)
    if not ordered:
        return
    try:
        client = _redis_client()
        if client is None:
            for key in ordered:
                try:
                    cache.incr(key)
                except ValueError:
                    _start([key])
            return
        pipe = client.pipeline(transaction=False)
        for key in ordered:
            raw = cache.make_and_validate_key(key)
            timeout = _timeout(key)
            pipe.set(raw, time.time_ns(), nx=True, ex=timeout)
            pipe.incr(raw)
        pipe.execute()
    except Exception:  # noqa: BLE001
        # The write is committed either way; pages stored meanwhile expire within their TTL.
        logger.error("page cache: generation not bumped", exc_info=True)


def _redis_client():
    """One round trip for all of a commit's counters: Redis' own pipeline, when the cache is
    Django's Redis backend (which stores integers as plain Redis integers)."""
    from django.core.cache.backends.redis import RedisCache

    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(write=True)


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


# --- placing a saved row -------------------------------------------------------------------


class _Saving:
    """A ``save()`` under way: the counters its own UPDATE (of its primary key) and INSERT bump."""

    __slots__ = ("instance", "table", "pk_column", "keys", "updated", "inserted")

    def __init__(self, instance, keys: tuple[str, ...]):
        self.instance = instance
        self.table = instance._meta.db_table.lower()
        self.pk_column = instance._meta.pk.column
        self.keys = keys
        self.updated = self.inserted = False

    def claims(self, sql: str, params, many: bool) -> bool:
        head = sql.lstrip()[:6].upper()
        if head == "UPDATE" and not self.updated and not many and params:
            if params[-1] == self.instance.pk and sql.rstrip().endswith(
                f'WHERE "{self.table}"."{self.pk_column}" = %s'
            ):
                self.updated = True
                return True
        elif (
            head == "INSERT"
            and not self.inserted
            and self.instance._state.adding  # a save that is over claims nothing more
            and not many
            and "), (" not in sql
        ):
            # Django's save() updates, then inserts if no row was there; never the other way.
            self.inserted = self.updated = True
            return True
        return False


def _savings(connection) -> list[_Saving]:
    found = getattr(connection, "_danvan_savings", None)
    if found is None:
        found = connection._danvan_savings = []
    return found


_tree_models: dict[type, str] | None = None


def _tree_lookup(model) -> str | None:
    """The unit lookup of a model placed in the tree (its history model's too), else None."""
    global _tree_models  # noqa: PLW0603
    if _tree_models is None:
        _tree_models = {}
        for entry in settings.DANVAN_PAGE_CACHE_TREE_MODELS:
            label, _sep, lookup = entry.partition(":")
            tree_model = apps.get_model(label)
            if not _sep:
                lookup = tree_model._default_manager._queryset_class.scope_unit_lookup
            _tree_models[tree_model] = lookup
    original = getattr(model, "instance_type", None) if hasattr(model, "history_id") else None
    return _tree_models.get(original or model)


def _paths(model, instance, lookup: str) -> list[str | None]:
    """The unit paths of ``instance``: as saved now and, for a stored row, as stored."""
    from units.models import Unit

    paths: list[str | None] = []
    if not lookup:
        paths.append(instance.path)
    else:
        first, _sep, rest = lookup.partition("__")
        field = model._meta.get_field(first)
        target = getattr(instance, field.attname)
        if target is None:
            paths.append(None)
        elif rest:
            paths.append(
                field.related_model._base_manager.filter(pk=target)
                .values_list(f"{rest}__path", flat=True)
                .first()
            )
        else:
            paths.append(
                Unit._base_manager.filter(pk=target).values_list("path", flat=True).first()
            )
    if not instance._state.adding and instance.pk is not None:
        stored = model._base_manager.filter(pk=instance.pk)
        paths.append(stored.values_list(f"{lookup}__path" if lookup else "path", flat=True).first())
    return paths


def _owners(model, instance, field_name: str) -> list[Any]:
    owners = [getattr(instance, field_name)]
    if not instance._state.adding and instance.pk is not None:
        owners += list(
            model._base_manager.filter(pk=instance.pk).values_list(field_name, flat=True)
        )
    return owners


def placed_keys(model, instance, update_fields) -> tuple[str, ...] | None:
    """The counters a save of ``instance`` bumps, or None when it cannot be placed (SHARED)."""
    from django_otp.models import Device

    from notifications.models import Notification
    from units.models import Membership, User

    if model is User and update_fields is not None and set(update_fields) <= _LOGIN_STAMP_FIELDS:
        return ()  # a login's last_login stamp: shown on no cached page
    if issubclass(model, Device):
        return (device_key(instance.persistent_id),)
    if model is Notification:
        owners = _owners(model, instance, "recipient_id")
        return tuple(user_key(pk) for pk in owners if pk is not None) or None
    lookup = _tree_lookup(model)
    if lookup is None:
        return None
    paths = _paths(model, instance, lookup)
    if not paths or any(path is None for path in paths):
        return None
    keys = {key for path in paths for key in keys_for_path(path)}
    if model is Membership or getattr(model, "instance_type", None) is Membership:
        keys |= {user_key(pk) for pk in _owners(model, instance, "user_id")}
    return tuple(keys)


def _quiet_history(connection) -> set:
    found = getattr(connection, "_danvan_quiet", None)
    if found is None:
        found = connection._danvan_quiet = set()
    return found


def before_save(sender, instance, raw=False, using=None, update_fields=None, **kwargs) -> None:
    """``pre_save`` receiver: place the row about to be saved (danvan.apps connects it)."""
    if not enabled() or raw:
        return
    connection = connections[using or DEFAULT_DB_ALIAS]
    original = getattr(sender, "instance_type", None) if hasattr(sender, "history_id") else None
    quiet = _quiet_history(connection)
    if original is not None and (original, getattr(instance, original._meta.pk.attname)) in quiet:
        quiet.discard((original, getattr(instance, original._meta.pk.attname)))
        keys: tuple[str, ...] | None = ()
    else:
        keys = placed_keys(sender, instance, update_fields)
        if keys == () and original is None:
            # Its history row (simple_history, written in post_save) is as quiet.
            quiet.add((sender, instance.pk))
    if keys is not None:
        _savings(connection).append(_Saving(instance, keys))


def after_save(sender, instance, raw=False, using=None, **kwargs) -> None:
    if not enabled() or raw:
        return
    connection = connections[using or DEFAULT_DB_ALIAS]
    savings = _savings(connection)
    savings[:] = [saving for saving in savings if saving.instance is not instance]
    _quiet_history(connection).discard((sender, instance.pk))


def forget_savings() -> None:
    for connection in connections.all(initialized_only=True):
        if getattr(connection, "_danvan_savings", None):
            connection._danvan_savings = []
        if getattr(connection, "_danvan_quiet", None):
            connection._danvan_quiet = set()


def connect_receivers() -> None:
    pre_save.connect(before_save, dispatch_uid="danvan_page_cache_before_save")
    post_save.connect(after_save, dispatch_uid="danvan_page_cache_after_save")


# --- seeing the writes ---------------------------------------------------------------------


class _PendingBump:
    """The counters a transaction's writes bump, once it commits (one per transaction)."""

    def __init__(self):
        self.keys: set[str] = set()

    def __call__(self) -> None:
        bump(self.keys)


def _schedule(connection, keys: Iterable[str]) -> None:
    if not connection.in_atomic_block:
        bump(keys)
        return
    pending = getattr(connection, "_danvan_pending", None)
    if pending is None or not any(
        func is pending for _sids, func, _robust in connection.run_on_commit
    ):
        pending = connection._danvan_pending = _PendingBump()
        transaction.on_commit(pending, using=connection.alias, robust=True)
    pending.keys.update(keys)


def _claimed(connection, table: str, sql: str, params, many: bool) -> tuple[str, ...] | None:
    for saving in reversed(getattr(connection, "_danvan_savings", ())):
        if saving.table == table and saving.claims(sql, params, many):
            return saving.keys
    return None


def watch_writes(execute, sql, params, many, context):
    """Database execute wrapper (installed on every connection): after a statement that writes a
    domain table, bump its counters once the transaction commits."""
    connection = context["connection"]
    try:
        result = execute(sql, params, many, context)
    except Exception:
        # A save whose statement failed must not lend its place to a later statement.
        table = written_table(sql) if isinstance(sql, str) else None
        savings = getattr(connection, "_danvan_savings", None)
        if table is not None and savings:
            savings[:] = [saving for saving in savings if saving.table != table]
        raise
    if not enabled():
        return result
    table = written_table(sql) if isinstance(sql, str) else None
    if table is None:
        return result
    if sql.lstrip()[:8].upper() == "TRUNCATE":
        _schedule(connection, SHARED_BUMP)
    elif table in domain_tables():
        keys = _claimed(connection, table, sql, params, many)
        _schedule(connection, SHARED_BUMP if keys is None else keys)
    return result


def install_write_watch(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver (danvan.apps)."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


# --- what a page depends on ----------------------------------------------------------------


_bloc_depth: int | None = None
_bloc_depth_known = False


def bloc_depth() -> int | None:
    """The depth of the shallowest bloc (Đảng ủy Khối), read once per process. Only how coarse
    a page's counters are depends on it, never whether they are right: a process that reads
    another value (blocs added since) is merely less selective."""
    global _bloc_depth, _bloc_depth_known  # noqa: PLW0603
    if not _bloc_depth_known:
        from django.db.models import Min

        from units.models import Unit

        _bloc_depth = Unit.objects.filter(unit_type__code="bloc").aggregate(d=Min("depth"))["d"]
        _bloc_depth_known = True
    return _bloc_depth


def page_dependencies(user, *, wide: bool = False) -> tuple[str, ...]:
    """The counters the pages of ``user`` (with their scope) are stored with."""
    scope = get_scope(user)
    own = user_key(user.pk)
    if wide or scope.everything:
        return (GENERATION_KEY, own)
    roots = {root for roots in scope.paths.values() for root in roots}
    if not roots:
        return (SHARED_KEY, own)
    depth = bloc_depth()
    step = _step()
    keys = {SHARED_KEY, own}
    for root in roots:
        if depth is not None and len(root) > depth * step:
            root = root[: depth * step]  # noqa: PLW2901  # the bloc the root lies in
        keys.add(sub_key(root))
        keys.update(at_key(root[:i]) for i in range(step, len(root), step))
    return tuple(sorted(keys))


def cached_for_generation(
    kind: str,
    ident: Any,
    load: Callable[[], Any],
    prepare: Callable[[Any], Any] | None = None,
    *,
    watched: Sequence[str],
    dependencies: Callable[[Any], Sequence[str]] | None = None,
):
    """``load()``, or the copy stored while none of its counters moved. The person of each
    request (with their scope) and their second-factor device are read this way: nothing
    written since that they depend on, no query.

    ``watched`` are the counters whose bump can change what ``load()`` returns and that are
    known before loading; ``dependencies(value)`` (default: ``watched``) those stored with it.
    On a miss, ``watched`` are read before ``load()`` and again with the dependencies after:
    nothing is stored if one moved (the loaded value may be older than that bump). ``prepare``
    runs on a fresh object before it is stored. The dependencies and their values are left on
    the object (``GENERATION_SEEN``) for the page lookup of the same request."""
    if not enabled() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return load()
    key = f"danvan:{kind}:v2:{ident}"  # v2: (dependencies, their values, value)
    try:
        found = read_counters(watched, [key])
        entry = found.get(key)
        if isinstance(entry, tuple) and len(entry) == 3:
            deps, stamp, value = entry
            if _values(read_counters(deps), deps) == stamp:
                if value is not None:
                    setattr(value, GENERATION_SEEN, (deps, stamp))
                return value
        before = _values(found, watched)
    except Exception:  # noqa: BLE001
        logger.warning("page cache: %s unreadable", kind, exc_info=True)
        return load()
    value = load()
    if value is None:
        return value
    if prepare is not None:
        prepare(value)
    try:
        deps = tuple(dependencies(value)) if dependencies is not None else tuple(watched)
        after = read_counters([*deps, *(k for k in watched if k not in deps)])
        if _values(after, watched) != before:
            return value  # something it depends on was written meanwhile: neither kept nor used
        stamp = _values(after, deps)
        cache.set(key, (deps, stamp, value), timeout=settings.DANVAN_PAGE_CACHE_SECONDS)
        setattr(value, GENERATION_SEEN, (deps, stamp))
    except Exception:  # noqa: BLE001
        logger.warning("page cache: %s not stored", kind, exc_info=True)
    return value


def cached_person(user_id: Any, load: Callable[[], Any]):
    """The person of a request with their scope (``UsernameOrEmailBackend.get_user``), stored
    with the counters of their pages."""
    return cached_for_generation(
        "user",
        user_id,
        load,
        get_scope,
        watched=(GENERATION_KEY, user_key(user_id)),
        dependencies=page_dependencies,
    )


def cached_device(persistent_id: str, load: Callable[[], Any]):
    """The second-factor device a session was verified with (``CachedOTPMiddleware``)."""
    return cached_for_generation(
        "otp-device", persistent_id, load, watched=(device_key(persistent_id),)
    )


def _values(found: dict[str, Any], keys: Sequence[str]) -> tuple[Any, ...]:
    return tuple(found.get(key) for key in keys)


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
        # A save that failed before its statement leaves its place behind: not for the next
        # request's statements.
        forget_savings()
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
        # A person loaded otherwise (or whose load met a write) gets no cached page.
        seen = getattr(request.user, GENERATION_SEEN, None)
        if seen is None:
            return None
        key = page_key(request)
        try:
            deps, stamp = seen
            if request.resolver_match.view_name in settings.DANVAN_PAGE_CACHE_WIDE_VIEWS:
                deps = page_dependencies(request.user, wide=True)
                found = read_counters(deps, [key])
                stamp = _values(found, deps)
                entry = found.get(key)
            else:
                entry = cache.get(key)
        except Exception:  # noqa: BLE001
            logger.warning("page cache: read failed", exc_info=True)
            return None
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


def _store(request, response, key: str, stamp: tuple[Any, ...]) -> None:
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

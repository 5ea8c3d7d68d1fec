"""No state change on GET (ASVS V3/V4: CSRF protection relies on it).

Over the small demo data, each staff and unit role walks the site by its links and then GETs the
action of every POST form it was shown (transitions, deletions, uploads, answers…), i.e. what a
forged ``<img src>`` or a prefetching browser would request. The database must be exactly as
before: every table's rows are fingerprinted before and after. The URL patterns are then walked,
and every state-changing view (delete, transition, step…) the pages did not lead to is GET too.
"""

from __future__ import annotations

from collections import Counter, deque

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.smoke.test_crawl import PageParser, allowed, fetch, log_in, same_site, view_name

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]

ROLES = ["thuongtruc", "bancd", "totruong", "thanhvien"]
MAX_PAGES = 250
PER_VIEW = 2
# Tables a GET may legitimately write: the session (the login itself) and opening a notification,
# which marks it read on the way to its target (a per-user read flag, like a mail client's).
ALLOWED_WRITES = {"django_session", "notifications_notification"}


def _fingerprint() -> dict[str, tuple[int, str]]:
    tables = sorted(set(connection.introspection.table_names()) - ALLOWED_WRITES)
    quote = connection.ops.quote_name
    result = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                "SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' "  # noqa: S608
                f"ORDER BY md5(t::text)), '')) FROM {quote(table)} t"
            )
            result[table] = tuple(cursor.fetchone())
    return result


def _walk_and_get_post_actions(client, role: str) -> tuple[set[str], set[str]]:
    """GET the site's pages as ``role``, then every POST form's action; the views reached."""
    queue, seen = deque(["/"]), {"/"}
    per_view: Counter[str] = Counter()
    post_actions: set[str] = set()
    pages = 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        response, body = fetch(client, url)
        pages += 1
        assert response.status_code < 500, url
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = PageParser()
        parser.feed(body.decode(response.charset or "utf-8", "replace"))
        for form in parser.forms:
            target = same_site(url, form.action or url)
            if form.method == "post" and target and allowed(target, role):
                post_actions.add(target)
        for href in parser.links:
            target = same_site(url, href)
            if target is None or target in seen or not allowed(target, role):
                continue
            seen.add(target)
            name = view_name(target)
            if per_view[name] < PER_VIEW:
                per_view[name] += 1
                queue.append(target)
    for action in sorted(post_actions):
        response, _ = fetch(client, action)
        assert response.status_code < 500, action
    return {view_name(u) for u in seen}, {view_name(u) for u in post_actions}


def _url_patterns(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _url_patterns(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


STATE_CHANGING_WORDS = ("delete", "transition", "step", "revoke", "cancel", "record", "answer")


def _synthetic_url(name: str, pattern: URLPattern) -> str:
    """The view's address with made-up arguments: the first row's id, a step's name."""
    kwargs = {
        key: 1 if converter.regex == "[0-9]+" else "submit"
        for key, converter in pattern.pattern.converters.items()
    }
    return reverse(name, kwargs=kwargs)


def test_get_changes_nothing_for_any_role(demo, db):
    clients = {role: log_in(role, "vi") for role in ROLES}  # logging in stamps last_login
    before = _fingerprint()
    reached: set[str] = set()
    for role, client in clients.items():
        pages, posts = _walk_and_get_post_actions(client, role)
        reached |= pages | posts
        after = _fingerprint()
        changed = sorted(t for t in before if before[t] != after.get(t))
        assert changed == [], f"GET requests as {role} changed the tables {changed}"
    assert len(reached) > 40
    # The URL patterns of state-changing views the demo pages did not lead to (no object in
    # that state for these roles): GET them too, with made-up arguments.
    missed = {
        name: pattern
        for name, pattern in _url_patterns(get_resolver().url_patterns)
        if not name.startswith("admin:")
        and any(w in name for w in STATE_CHANGING_WORDS)
        and name not in reached
    }
    for client in clients.values():
        for name, pattern in missed.items():
            response, _ = fetch(client, _synthetic_url(name, pattern))
            assert response.status_code < 500, name
    changed = sorted(t for t in before if before[t] != _fingerprint().get(t))
    assert changed == [], f"GET requests to {sorted(missed)} changed the tables {changed}"

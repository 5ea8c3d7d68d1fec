"""Deny by default: every routed view must declare its access rule (danvan.access)."""

from django.urls import URLPattern, URLResolver, get_resolver

from danvan.access import ATTR

# Django admin checks staff status and model permissions itself; its changelists are scoped by
# units.admin_scoping.ScopedAdminMixin (tested in tests/units/test_admin_scoping.py).
EXEMPT_NAMESPACES = {"admin"}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry


def test_every_url_declares_an_access_rule():
    missing = [
        route
        for route, namespace, pattern in _walk(get_resolver().url_patterns)
        if namespace not in EXEMPT_NAMESPACES and not getattr(pattern.callback, ATTR, None)
    ]
    assert missing == [], f"URLs without an access rule (wrap them with danvan.access): {missing}"


def test_the_walk_sees_the_routes():
    routes = {route for route, _, _ in _walk(get_resolver().url_patterns)}
    assert "accounts/login/" in routes
    assert len(routes) > 10

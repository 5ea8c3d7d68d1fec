"""A strict Content-Security-Policy on every page, and templates that keep within it.

The policy forbids inline script and style, so an inline handler, a ``<script>`` body, a
``<style>`` element or a ``style=`` attribute in a served template would silently stop working in
the browser. The scan below keeps them from coming back.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

# Not served to browsers: WeasyPrint's PDF layouts (rendered on the server, which fetches only
# project files) and e-mail bodies (mail clients need inline styles; they never see our CSP).
ALLOWED = (
    "reports/templates/reports/pdf/",
    "models_registry/templates/models_registry/pdf/",
    "awards/templates/awards/pdf/",
    "/email/",
    "registration/password_reset_email.html",
)

FORBIDDEN = {
    "inline event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "<style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "style= attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    "inline <script> body": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE),
}


def _project_templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    folders = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    folders += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(base) and ".venv" not in Path(config.path).parts
    ]
    return sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("*.html"))


def test_no_template_needs_unsafe_inline():
    base = Path(settings.BASE_DIR)
    problems = []
    for path in _project_templates():
        relative = path.relative_to(base).as_posix()
        if any(part in relative for part in ALLOWED):
            continue
        text = path.read_text(encoding="utf-8")
        for what, pattern in FORBIDDEN.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{relative}:{line}: {what}")
    assert problems == [], "Move these into static JS/CSS:\n" + "\n".join(problems)


def test_the_scan_sees_every_app_and_catches_a_handler():
    relative = {p.relative_to(settings.BASE_DIR).parts[0] for p in _project_templates()}
    assert {"templates", "units", "models_registry", "awards", "support", "reports"} <= relative
    assert FORBIDDEN["inline event handler"].search('<button onclick="go()">')
    assert FORBIDDEN["style= attribute"].search('<p class="x" style="color:red">')
    assert FORBIDDEN["inline <script> body"].search("<script>alert(1)</script>")
    assert not FORBIDDEN["inline <script> body"].search('<script src="/static/x.js" defer>')


def _directives(header: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize("url_name", ["login", "home"])
def test_pages_carry_the_strict_policy(client, group_leader, url_name):
    if url_name != "login":
        client.force_login(group_leader)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    policy = _directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


def test_htmx_is_told_not_to_inject_its_indicator_styles(client):
    page = client.get(reverse("login")).content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in page
    assert "js/danvan.js" in page

"""A ``{# … #}`` comment ends at the line's end: one running over several lines is printed on
the page (the workflow step's comment box showed its own notes to every user)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.reports.factories import make_campaign

MULTI_LINE = re.compile(r"\{#(?:(?!#\}).)*\n", re.S)


def project_templates():
    root = Path(settings.BASE_DIR)
    for path in root.glob("**/templates/**/*.html"):
        if ".venv" not in path.parts and "node_modules" not in path.parts:
            yield path


def test_no_template_comment_runs_over_lines():
    found = [
        str(path.relative_to(settings.BASE_DIR))
        for path in project_templates()
        if MULTI_LINE.search(path.read_text())
    ]
    assert not found, f"use {{% comment %}} for these multi-line comments: {found}"


@pytest.mark.django_db
def test_the_step_comment_box_shows_no_notes(client, tree, standing_office):
    campaign = make_campaign(tree.bloc, code="notes")
    client.force_login(standing_office)
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert 'name="comment"' in page
    assert "Inputs: t (Transition)" not in page

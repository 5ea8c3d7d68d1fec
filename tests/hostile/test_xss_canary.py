"""Hostile text typed into every text field of the main forms stays text: escaped on the pages
that show it, in the admin's change lists, in e-mails and in the PDF (ASVS V1 encoding)."""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from pypdf import PdfReader

from models_registry.documents import registration_sheet_pdf
from notifications.delivery import render_bodies
from notifications.models import EmailOutbox
from reports.documents import render_bloc_summary, unit_report_pdf
from tests.hostile.forms import FORM_CASES, open_form, send

pytestmark = pytest.mark.django_db

CANARY = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
CASES = {case.name: case for case in FORM_CASES}
RAW = ("<script>alert(1)", "<img src=x onerror")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_harmless(html: str, where: str) -> None:
    for raw in RAW:
        assert raw not in html, f"{where} shows {raw!r} unescaped"


def post_canary(client, case, world):
    page = open_form(client, case, world)
    response = send(client, case, world, case.data(world, page.context, CANARY))
    key = case.form_key if isinstance(case.form_key, str) else "step_form"
    form = response.context.get(key) if response.context else None
    problem = form.errors if form else response.content.decode()[-3000:]
    assert response.status_code == 302, f"{case.name}: {response.status_code} {problem}"
    if case.saved:
        return case.saved(world)
    return apps.get_model(case.model).objects.latest("pk")


TEXT_CASES = [case for case in FORM_CASES if case.has_text]
SAVING = [case for case in TEXT_CASES if case.accepts and case.method == "post"]
SHOWING = [case for case in TEXT_CASES if not case.accepts or case.method == "get"]


@pytest.mark.parametrize("case", SAVING, ids=lambda c: c.name)
def test_canary_is_text_on_pages_admin_and_emails(case, world, client):
    obj = post_canary(client, case, world)
    stored = [v for v in vars(obj).values() if isinstance(v, str) and "alert(1)" in v]
    assert stored, f"{case.name}: the canary was not saved as typed"

    page = client.get(case.shown_at(world, obj)).content.decode()
    assert_harmless(page, case.name)
    assert ESCAPED in page or "&lt;img src=x" in page, f"{case.name}: canary not shown"

    client.force_login(world.admin_user)
    meta = obj._meta
    if admin.site.is_registered(type(obj)):  # awards are managed in the app, not in admin
        changelist = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert changelist.status_code == 200
        assert_harmless(changelist.content.decode(), f"admin list of {meta.model_name}")
        change = client.get(
            reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        )
        assert_harmless(change.content.decode(), f"admin page of {meta.model_name}")

    for _text, html in render_bodies(list(EmailOutbox.objects.all())).values():
        assert_harmless(html, f"e-mail after {case.name}")


@pytest.mark.parametrize("case", SHOWING, ids=lambda c: c.name)
def test_canary_typed_into_a_refused_or_filter_form_is_shown_as_text(case, world, client):
    """A login, a code or a search box shows what was typed again: escaped."""
    page = open_form(client, case, world)
    response = send(client, case, world, case.data(world, page.context, CANARY))
    assert response.status_code in (200, 400, 429), f"{case.name}: {response.status_code}"
    html = response.content.decode()
    assert_harmless(html, case.name)
    if response.status_code != 429:  # a lockout page shows no form
        assert ESCAPED in html or "&lt;img src=x" in html, f"{case.name}: canary not shown"


def test_canary_is_text_in_the_registration_pdf(world, client):
    registration = post_canary(client, CASES["registration"], world)
    pdf = PdfReader(io.BytesIO(registration_sheet_pdf(registration)))
    text = "".join("".join(page.extract_text() for page in pdf.pages).split())
    assert "<script>alert(1)</script>" in text  # printed as text, not run or dropped


def test_canary_is_text_in_the_report_pdf(world, client):
    report = post_canary(client, CASES["periodic report"], world)
    pdf = PdfReader(io.BytesIO(unit_report_pdf(report)))
    text = "".join("".join(page.extract_text() for page in pdf.pages).split())
    assert "<script>alert(1)</script>" in text


def test_canary_is_text_in_the_bloc_summary_pdf(world, client):
    """Sections IV–VI, signer and recipients written on the summary texts page print as typed."""
    texts = post_canary(client, CASES["bloc summary texts"], world)
    pdf = io.BytesIO()
    render_bloc_summary(root=texts.root, deadline=texts.deadline, target=pdf)
    text = "".join("".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "<script>alert(1)</script>" in text
    assert '"><imgsrc=xonerror=alert(1)>' in text

"""Django admin keeps within the strict Content-Security-Policy on every page it serves.

Django 5.2's ``admin/change_list.html`` writes an inline ``<style>`` (a column width) only when a
ModelAdmin turns off both its top and bottom action bars; the policy would refuse it. None of ours
does, so no admin page carries one: this walks every registered model's change list (also as a
popup), add, change and history page over the demo data and fails on any inline style, handler or
script body, so a new admin or a Django upgrade that brings one back is caught here (the browser
test, tests/browser/test_csp.py, catches violations the browser reports on a sample of pages).
"""

import contextlib
import re

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from tests.danvan.test_csp import FORBIDDEN
from tests.smoke.conftest import demo  # noqa: F401 - the module-scoped seeded demo
from units.models import User

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]

# json_script data blocks are not run, and CSP does not apply to them.
DATA_BLOCK = re.compile(r'<script[^>]*type="application/json"[^>]*>', re.IGNORECASE)


def _admin_pages(model) -> list[str]:
    info = (model._meta.app_label, model._meta.model_name)
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    pages = [changelist, f"{changelist}?_popup=1"]
    with contextlib.suppress(NoReverseMatch):
        pages.append(reverse("admin:{}_{}_add".format(*info)))
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        pages.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
        pages.append(reverse("admin:{}_{}_history".format(*info), args=[first.pk]))
    return pages


def test_every_admin_page_keeps_within_the_policy(demo, client):  # noqa: F811
    client.force_login(User.objects.get(username="admin"))
    problems, walked = [], 0
    for model, model_admin in admin.site._registry.items():
        assert model_admin.actions_on_top or model_admin.actions_on_bottom, (
            f"{model.__name__}: with no action bar Django writes an inline <style>"
        )
        for url in _admin_pages(model):
            response = client.get(url)
            if response.status_code == 403:  # e.g. adding is a superuser's only in the app
                continue
            assert response.status_code == 200, url
            walked += 1
            html = DATA_BLOCK.sub("", response.content.decode())
            problems += [
                f"{url}: {what}" for what, pattern in FORBIDDEN.items() if pattern.search(html)
            ]
    assert problems == [], "\n".join(problems)
    assert walked > 3 * len(admin.site._registry)

"""The admin's selects read in words as the site's do (issue 12.11): no "---------" as an empty
choice in any add page of the admin, nor in its actions menu; every admin and inline is a
``danvan.admin.ProjectAdminMixin``, so a new one gets the same."""

import contextlib

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from danvan.admin import ProjectAdminMixin

pytestmark = pytest.mark.django_db


def test_every_admin_and_inline_is_a_project_admin(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    missing = []
    for model_admin in admin.site._registry.values():
        if not isinstance(model_admin, ProjectAdminMixin):
            missing.append(type(model_admin).__name__)
        for inline in model_admin.get_inline_instances(request):
            if not isinstance(inline, ProjectAdminMixin):
                missing.append(type(inline).__name__)
    assert missing == []


def test_no_admin_page_offers_dashes_as_a_choice(tree, admin_user, login):
    client = login(admin_user)
    walked, dashes = 0, []
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages = [reverse("admin:{}_{}_changelist".format(*info))]
        with contextlib.suppress(NoReverseMatch):
            pages.append(reverse("admin:{}_{}_add".format(*info)))
        for url in pages:
            response = client.get(url)
            if response.status_code == 403:  # adding is done in the app
                continue
            assert response.status_code == 200, url
            walked += 1
            if "---------" in response.content.decode():
                dashes.append(url)
    assert dashes == []
    assert walked > len(admin.site._registry)


def test_required_and_optional_admin_selects_and_the_actions_menu_read_in_words(
    tree, admin_user, login
):
    client = login(admin_user)
    page = client.get(reverse("admin:models_registry_registration_add")).content.decode()
    assert "— Chọn —" in page  # the organisation, the campaign (required)
    assert "— Không chọn —" in page  # the main field, the lead organisation (optional)
    changelist = client.get(reverse("admin:units_unit_changelist")).content.decode()
    assert '<option value="" selected>— Chọn —</option>' in changelist  # the actions menu

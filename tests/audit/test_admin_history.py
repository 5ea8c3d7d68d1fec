"""The admin's history pages (django-simple-history) keep the admin's scoping: another bloc's
object answers like a missing one, and a past version cannot be saved back by a POST."""

import pytest
from django.urls import reverse

from models_registry.models import Registration
from tests.models_registry.factories import make_campaign, make_registration
from tests.units.factories import person_with_role
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(standing_office):
    standing_office.is_staff = True
    standing_office.save()
    return standing_office


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.province)


def test_own_blocs_history_opens_and_another_blocs_does_not(tree, office, campaign, login):
    own = make_registration(tree.base_a, campaign, name="Mô hình của khối mình")
    other = make_registration(tree.base_c, campaign, name="Mô hình của Gang Thép")
    client = login(office)
    page = client.get(reverse("admin:models_registry_registration_history", args=[own.pk]))
    assert page.status_code == 200
    assert "Mô hình của khối mình" in page.content.decode()

    url = reverse("admin:models_registry_registration_history", args=[other.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain  # the admin's "… doesn't exist. Perhaps it was deleted?"
    assert "Gang Thép" not in response.content.decode()
    version = other.history.latest().history_id
    past = reverse("admin:models_registry_registration_simple_history", args=[other.pk, version])
    response = client.get(past, follow=True)
    assert response.redirect_chain
    assert "Gang Thép" not in response.content.decode()


def test_a_past_version_cannot_be_posted_back(tree, campaign, login):
    registration = make_registration(tree.base_a, campaign, name="Tên ban đầu")
    registration.name = "Tên hiện tại"
    registration.save()
    admin = person_with_role(
        Role.STANDING_OFFICE, tree.bloc, username="vp", is_staff=True, is_superuser=True
    )
    first = registration.history.earliest().history_id
    url = reverse(
        "admin:models_registry_registration_simple_history", args=[registration.pk, first]
    )
    client = login(admin)
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "Tên ban đầu"}).status_code == 403
    assert Registration.objects.get(pk=registration.pk).name == "Tên hiện tại"


def test_a_persons_admin_history_shows_changes_but_no_password(tree, office, group_member, login):
    group_member.full_name = "Lê Thị Mai"
    group_member.set_password("một mật khẩu rất dài 2026")
    group_member.save()
    page = login(office).get(reverse("admin:units_user_history", args=[group_member.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lê Thị Mai" in html
    assert "pbkdf2" not in html
    assert "argon2" not in html

"""A unit with history is deactivated, never deleted: the admin refuses the delete, says why,
and offers "deactivate", which keeps every record attached."""

import pytest
from django.urls import reverse

from tests.units.factories import make_unit
from units.models import Membership, Unit

pytestmark = pytest.mark.django_db


def test_deleting_a_unit_with_roles_is_refused_and_deactivate_offered(
    tree, admin_user, group_leader, login
):
    client = login(admin_user)
    url = reverse("admin:units_unit_delete", args=[tree.group_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert reverse("admin:units_unit_deactivate", args=[tree.group_a.pk]) in body
    assert page.context["protected"]
    # confirming anyway deletes nothing
    client.post(url, {"post": "yes"})
    assert Unit.objects.filter(pk=tree.group_a.pk).exists()
    assert Membership.objects.filter(user=group_leader).exists()


def test_deleting_a_unit_with_units_under_it_is_refused(tree, admin_user, login):
    client = login(admin_user)
    url = reverse("admin:units_unit_delete", args=[tree.bloc2.pk])
    page = client.get(url)
    assert any("2" in str(item) for item in page.context["protected"])
    client.post(url, {"post": "yes"})
    assert Unit.objects.filter(path__startswith=tree.bloc2.path).count() == 3


def test_deactivate_keeps_the_history(tree, admin_user, group_leader, login):
    client = login(admin_user)
    response = client.post(reverse("admin:units_unit_deactivate", args=[tree.base_a.pk]))
    assert response.status_code == 302
    tree.base_a.refresh_from_db()
    tree.group_a.refresh_from_db()
    assert not tree.base_a.is_active
    assert not tree.group_a.is_active
    membership = Membership.objects.get(user=group_leader)
    assert not membership.is_active  # ended, kept
    assert tree.base_b.__class__.objects.get(pk=tree.base_b.pk).is_active
    assert (
        client.get(reverse("admin:units_unit_deactivate", args=[tree.base_a.pk])).status_code == 405
    )


def test_deactivate_action_from_the_list(tree, admin_user, login):
    client = login(admin_user)
    response = client.post(
        reverse("admin:units_unit_changelist") + "?is_active__exact=1",
        {"action": "deactivate", "_selected_action": [tree.base_b.pk]},
    )
    assert response.status_code == 302
    assert set(
        Unit.objects.filter(path__startswith=tree.base_b.path).values_list("is_active", flat=True)
    ) == {False}
    assert (
        "delete_selected"
        not in client.get(reverse("admin:units_unit_changelist"))
        .context["action_form"]
        .fields["action"]
        .choices.__str__()
    )


def test_a_unit_without_history_can_still_be_deleted(tree, admin_user, login):
    mistake = make_unit("Gõ nhầm", type_code="base", parent=tree.bloc)
    client = login(admin_user)
    response = client.post(reverse("admin:units_unit_delete", args=[mistake.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Unit.objects.filter(pk=mistake.pk).exists()


def test_the_office_cannot_deactivate_another_blocs_unit(tree, standing_office, login):
    standing_office.is_staff = True
    standing_office.save()
    client = login(standing_office)
    client.post(reverse("admin:units_unit_deactivate", args=[tree.base_c.pk]))
    tree.base_c.refresh_from_db()
    assert tree.base_c.is_active

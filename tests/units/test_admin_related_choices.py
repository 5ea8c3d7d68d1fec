"""Every relation field in the scoped admin offers, and accepts, only what the user may see.

A standing office could attach any person (the superuser included) to its bloc through
``Membership.user``, and type another bloc's registration id into ``continued_from``, whose name
then showed on the page. Now each foreign key, many-to-many and raw-id field of a scoped admin
(and of its inlines) is restricted through ``units.admin_scoping.scoped_choices``.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.models_registry.factories import make_campaign, make_registration
from tests.units.factories import person_with_role
from units.admin_scoping import ScopedAdminMixin, is_reference_list
from units.models import Membership, Role, Unit, User
from units.scoping import UnitScopedQuerySet

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(standing_office):
    standing_office.is_staff = True
    standing_office.save()
    return standing_office


def add_membership(client, user_pk, unit):
    return client.post(
        reverse("admin:units_membership_add"),
        {"user": user_pk, "unit": unit.pk, "role": Role.GROUP_MEMBER, "is_active": "on"},
    )


def test_the_office_cannot_attach_the_superuser_or_another_blocs_person(
    tree, office, admin_user, login
):
    stranger = person_with_role(Role.GROUP_LEADER, tree.group_c, username="nguoikhoikhac")
    client = login(office)
    for person in (admin_user, stranger):
        response = add_membership(client, person.pk, tree.group_a)
        assert response.status_code == 200
        assert "user" in response.context["adminform"].form.errors
        assert not Membership.objects.filter(user=person, unit=tree.group_a).exists()
    # and so the superuser's profile stays out of reach
    profile = client.get(reverse("admin:units_user_change", args=[admin_user.pk]))
    assert profile.status_code == 302


def test_the_office_attaches_a_person_of_its_own_bloc(tree, office, group_leader, login):
    response = add_membership(login(office), group_leader.pk, tree.group_b)
    assert response.status_code == 302
    assert Membership.objects.filter(user=group_leader, unit=tree.group_b).exists()


def test_a_person_that_is_no_id_is_refused_with_a_message(tree, office, admin_user, login):
    # Found by tests/hostile/test_forms_fuzz.py: the autocomplete re-rendered ``user=":"`` with a
    # query that raised ValueError (a 500), for the superuser and the office alike.
    for staff in (admin_user, office):
        for junk in (":", "9" * 40, "\x00"):
            response = add_membership(login(staff), junk, tree.group_a)
            assert response.status_code == 200
            assert "user" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(unit=tree.group_a, role=Role.GROUP_MEMBER).exists()


def test_a_parent_unit_that_is_no_id_is_refused_with_a_message(tree, admin_user, login):
    # Found by tests/hostile/test_forms_fuzz.py: the unit form's "Relative to" autocomplete
    # re-rendered a posted ``treebeard_ref_node`` that is no id with a query (a 500).
    client = login(admin_user)
    for junk in (":", "9" * 40, "Ç" * 50):
        response = client.post(
            reverse("admin:units_unit_add"),
            {"name": "Chi bộ mới", "treebeard_ref_node": junk, "treebeard_position": "last-child"},
        )
        assert response.status_code == 200
        assert "treebeard_ref_node" in response.context["adminform"].form.errors
    assert not Unit.objects.filter(name="Chi bộ mới").exists()


def test_a_posted_role_row_count_draws_at_most_a_hundred_rows(tree, admin_user, login):
    # Found by tests/hostile/test_forms_fuzz.py: memberships-TOTAL_FORMS=10**40 on the unit
    # page drew 2,000 role rows (a 12 MB page, 39 s); the same for a person's page.
    client = login(admin_user)
    for url in (reverse("admin:units_unit_add"), reverse("admin:units_user_add")):
        response = client.post(
            url, {"memberships-TOTAL_FORMS": "9" * 40, "memberships-INITIAL_FORMS": "0"}
        )
        assert response.status_code == 200
        (inline,) = response.context["inline_admin_formsets"]
        assert len(inline.formset.forms) <= 100


def test_another_blocs_registration_is_neither_named_nor_accepted(tree, office, login):
    campaign = make_campaign(tree.province)
    mine = make_registration(tree.base_a, campaign, name="Mô hình của khối mình")
    far = make_registration(tree.base_c, campaign, name="Bí mật Gang Thép")
    client = login(office)
    change = reverse("admin:models_registry_registration_change", args=[mine.pk])
    page = client.get(change)
    assert page.status_code == 200
    form = page.context["adminform"].form
    for name in ("continued_from", "replicated_from"):
        assert far not in form.fields[name].queryset
        assert mine in form.fields[name].queryset
        # the raw-id box shows no name for an id the office may not pick
        widget = form.fields[name].widget
        assert widget.label_and_url_for_value(far.pk) == ("", "")
    added = client.get(
        reverse("admin:models_registry_registration_add"), {"continued_from": far.pk}
    )
    assert "Bí mật Gang Thép" not in added.content.decode()


def scoped_relations():
    """(admin or inline model, field) for every relation of a scoped admin and its inlines."""
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ScopedAdminMixin):
            continue
        for owner in [model, *(inline.model for inline in model_admin.inlines)]:
            for field in owner._meta.get_fields():
                if field.concrete and (field.many_to_one or field.many_to_many):
                    yield owner, field


def test_every_relation_of_a_scoped_admin_has_a_rule():
    """A relation to a model of a new kind gets no choices (fail closed) until it has a rule."""
    without_rule = [
        f"{owner.__name__}.{field.name} -> {field.related_model.__name__}"
        for owner, field in scoped_relations()
        if field.related_model not in (Unit, User)
        and not isinstance(field.related_model._default_manager.all(), UnitScopedQuerySet)
        and not is_reference_list(field.related_model)
    ]
    assert without_rule == []


def test_inline_relations_are_restricted_too(tree, office, admin_user, login):
    stranger = person_with_role(Role.GROUP_LEADER, tree.group_c, username="nguoikhoikhac")
    page = login(office).get(reverse("admin:units_unit_change", args=[tree.group_a.pk]))
    assert page.status_code == 200
    formsets = {f.formset.model: f.formset for f in page.context["inline_admin_formsets"]}
    people = formsets[Membership].form.base_fields["user"].queryset
    assert office in people
    assert admin_user not in people
    assert stranger not in people

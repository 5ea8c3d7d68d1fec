"""``manage.py seed_demo``: deterministic, realistic, with the documented demo accounts."""

import random
from collections import Counter

import pytest
from django.core.management import call_command

from units import demo
from units.models import Membership, Role, Unit, User
from units.scoping import Action, get_scope

pytestmark = pytest.mark.django_db

GROUP_ROLES = {Role.GROUP_LEADER, Role.GROUP_DEPUTY, Role.GROUP_MEMBER, Role.GROUP_SECRETARY}


def seed_units(scale: str = "small") -> demo.DemoContext:
    ctx = demo.DemoContext(scale=scale, rng=random.Random(2013))  # noqa: S311
    demo.seed(ctx)
    return ctx


def snapshot() -> tuple[list, list, list]:
    return (
        list(Unit.objects.order_by("path").values_list("path", "name", "short_code")),
        list(User.objects.order_by("username").values_list("username", "full_name", "email")),
        list(
            Membership.objects.order_by("unit__path", "user__username").values_list(
                "unit__path", "user__username", "role", "mass_organisation__code"
            )
        ),
    )


def test_small_scale_is_deterministic():
    seed_units()
    first = snapshot()
    Membership.objects.all().delete()
    User.objects.all().delete()
    Unit.objects.all().delete()

    seed_units()

    assert snapshot() == first


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--scale", "small", stdout=open("/dev/null", "w"))  # noqa: SIM115


def account(username: str) -> User:
    user = User.objects.get(username=username)
    assert user.check_password("danvan2013"), f"{username} should log in with danvan2013"
    return user


def test_demo_accounts_have_the_documented_roles(seeded):
    bloc = Unit.objects.get(short_code="T01-DUK1")
    first, second = Unit.objects.filter(unit_type__code="base").order_by("path")[:2]

    admin = account("admin")
    assert admin.is_superuser
    assert admin.is_staff
    assert get_scope(account("thuongtruc")).allows(Action.MANAGE, bloc)
    bancd = account("bancd")
    assert get_scope(bancd).allows(Action.REVIEW, bloc)
    assert not get_scope(bancd).can_anywhere(Action.MANAGE)
    leader = account("totruong")
    assert leader.memberships.get().role == Role.GROUP_LEADER
    assert leader.memberships.get().unit.parent_path == first.path
    member = account("thanhvien")
    assert member.memberships.get().role == Role.GROUP_MEMBER
    assert member.memberships.get().unit.parent_path == first.path
    assert get_scope(member).allows(Action.EDIT, first)
    assert not get_scope(member).allows(Action.VIEW, second)
    leader2 = account("totruong2")
    assert leader2.memberships.get().role == Role.GROUP_LEADER
    assert leader2.memberships.get().unit.parent_path == second.path


def test_a_realistic_bloc_with_steering_groups_of_four_to_six(seeded):
    bases = list(Unit.objects.filter(unit_type__code="base"))
    assert len(bases) >= 30
    assert len({b.name for b in bases}) == len(bases)
    groups = Unit.objects.filter(unit_type__code="steering_group")
    assert groups.count() >= 30
    sizes = Counter(
        Membership.objects.filter(unit__in=groups, role__in=GROUP_ROLES).values_list(
            "unit", flat=True
        )
    )
    assert set(sizes) == set(groups.values_list("pk", flat=True))
    assert all(4 <= n <= 6 for n in sizes.values()), sizes
    for group in groups:
        organisations = set(
            group.memberships.exclude(mass_organisation=None).values_list(
                "mass_organisation__code", flat=True
            )
        )
        assert len(organisations) >= 3, f"{group} should gather several mass organisations"
        assert group.memberships.filter(role=Role.GROUP_LEADER).count() == 1
    assert Membership.objects.filter(role=Role.REVIEWER).count() >= 3


def test_the_small_demo_has_every_registration_state_with_its_history(seeded):
    from models_registry.models import Registration, RegistrationEvent, Score, Status

    registrations = Registration.objects.all()
    assert 34 * 4 <= registrations.count() <= 34 * 7
    assert set(registrations.values_list("status", flat=True)) == set(Status.values)
    # Every registration has its history: created, then each step to its current state.
    last_step = {}
    for registration_id, to_state in RegistrationEvent.objects.order_by(
        "registration_id", "created_at", "pk"
    ).values_list("registration_id", "to_state"):
        last_step[registration_id] = to_state
    assert last_step == dict(registrations.values_list("pk", "status"))
    assert not RegistrationEvent.objects.filter(
        registration__status=Status.DRAFT, transition="submit"
    ).exists()
    assert all(r.search_text for r in registrations)
    recognised = registrations.filter(status__in=[Status.RECOGNISED, Status.OUTSTANDING])
    assert not recognised.filter(decision_number="").exists()
    assert Score.objects.filter(registration__in=recognised).count() == recognised.count()
    assert Score.objects.filter(items__isnull=False).distinct().count() == Score.objects.count()


def test_the_small_demo_leaves_gaps_for_the_boards(seeded):
    from campaigns.models import DisseminationSession
    from reports.models import PeriodicReport
    from steering.models import FoundingDecision, WorkingRegulation

    bloc = Unit.objects.get(short_code="T01-DUK1")
    bases = Unit.objects.filter(unit_type__code="base", path__startswith=bloc.path)
    groups = Unit.objects.filter(unit_type__code="steering_group", path__startswith=bloc.path)
    assert bases.count() == 34
    assert 30 <= groups.count() < 34, "a few organisations have no steering group yet"
    decided = set(FoundingDecision.objects.filter(unit__in=bases).values_list("unit_id", flat=True))
    regulated = set(
        WorkingRegulation.objects.filter(unit__in=bases).values_list("unit_id", flat=True)
    )
    assert 0 < len(decided) < bases.count()
    assert regulated < decided, "some groups have a founding decision but no regulations"
    first, second = bases.order_by("path")[:2]
    assert first.pk in regulated
    assert second.pk in decided
    assert second.pk not in regulated
    assert DisseminationSession.objects.filter(documents__isnull=False).exists()
    latest = PeriodicReport.objects.order_by("-deadline__due_date").first().deadline
    assert PeriodicReport.objects.filter(deadline=latest, unit=second).count() == 0
    assert PeriodicReport.objects.filter(deadline=latest).count() < bases.count()


def test_a_second_bloc_has_its_own_standing_office_and_reviewer(seeded):
    first, second = Unit.objects.filter(unit_type__code="bloc").order_by("path")
    assert second.name == "Đảng ủy Khối doanh nghiệp tỉnh"
    assert Unit.objects.filter(unit_type__code="base", path__startswith=second.path).count() == 6
    office, reviewer = account("thuongtruc_dn"), account("bancd_dn")
    assert office.is_staff
    assert not office.is_superuser
    assert get_scope(office).allows(Action.MANAGE, second)
    assert get_scope(reviewer).allows(Action.REVIEW, second)
    assert not get_scope(reviewer).can_anywhere(Action.MANAGE)
    for user in (office, reviewer, account("totruong_dn")):
        assert not get_scope(user).allows(Action.VIEW, first), user
    assert not get_scope(account("thuongtruc")).allows(Action.VIEW, second)
    leader = account("totruong_dn").memberships.get()
    assert leader.role == Role.GROUP_LEADER
    assert leader.unit.path.startswith(second.path)

"""Factories for units and people. Build trees with ``make_unit(parent=...)``."""

import factory

from units.models import MassOrganisation, Membership, Role, Unit, UnitType, User


def unit_type(code: str) -> UnitType:
    return UnitType.objects.get(code=code)


_counter = iter(range(1, 10**9))


def make_unit(name: str, *, type_code: str, parent: Unit | None = None, **fields) -> Unit:
    """Create a unit through treebeard so paths are right (tests build small trees)."""
    fields.setdefault("short_code", f"U{next(_counter):05d}")
    fields.setdefault("unit_type", unit_type(type_code))
    if parent is None:
        return Unit.objects.add_root(instance=Unit(name=name, **fields))
    parent.refresh_from_db()
    return Unit.objects.add_child(parent, instance=Unit(name=name, **fields))


def make_grassroots(name: str, *, bloc: Unit, with_group: bool = True) -> tuple[Unit, Unit | None]:
    base = make_unit(name, type_code="base", parent=bloc)
    group = (
        make_unit(f"Tổ chỉ đạo – {name}", type_code="steering_group", parent=base)
        if (with_group)
        else None
    )
    return base, group


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Người {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.django.Password("danvan2013")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.GROUP_MEMBER
    mass_organisation = factory.LazyFunction(
        lambda: MassOrganisation.objects.get(code="trade_union")
    )


def person_with_role(role: Role, unit: Unit, **user_fields) -> User:
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, unit=unit, role=role)
    return user

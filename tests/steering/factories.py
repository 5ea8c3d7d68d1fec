"""Factories for steering-group paperwork, and a fast way to grow a bloc to N organisations."""

import datetime

import factory

from steering.models import FoundingDecision, WorkingRegulation
from tests.units.factories import UserFactory, unit_type
from units.bulk import bulk_add_children
from units.models import Unit


class FoundingDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FoundingDecision

    number = factory.Sequence(lambda n: f"{n + 10}-QĐ/ĐU")
    decided_on = datetime.date(2013, 3, 5)
    recorded_by = factory.SubFactory(UserFactory)


class WorkingRegulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingRegulation

    version = 1
    adopted_on = datetime.date(2013, 3, 12)
    recorded_by = factory.SubFactory(UserFactory)


def grow_bloc(bloc: Unit, count: int, *, start: int = 0) -> list[Unit]:
    """Add ``count`` grassroots organisations, each with a steering group (bulk inserts)."""
    bases = bulk_add_children(
        bloc,
        [
            Unit(
                name=f"Chi bộ đơn vị {start + i}",
                short_code=f"G{bloc.pk}-{start + i:04d}",
                unit_type=unit_type("base"),
            )
            for i in range(count)
        ],
    )
    for base in bases:
        bulk_add_children(
            base,
            [
                Unit(
                    name=f"Tổ chỉ đạo – {base.name}",
                    short_code=f"{base.short_code}-T",
                    unit_type=unit_type("steering_group"),
                )
            ],
        )
    return bases

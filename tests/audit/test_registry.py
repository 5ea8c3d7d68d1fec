"""Every kind in the history registry names a tracked model, parts that point at it by a real
foreign key, and a detail page that links to its history."""

from pathlib import Path

import pytest
from django.conf import settings

from audit.registry import TRACKED


@pytest.mark.parametrize("kind", sorted(TRACKED))
def test_kind_is_tracked_with_its_parts(kind):
    tracked = TRACKED[kind]
    model = tracked.model_class
    assert hasattr(model, "history"), f"{model} has no HistoricalRecords"
    for field in tracked.review_only:
        model._meta.get_field(field)
    for part in tracked.parts:
        part_model = part.model_class
        assert hasattr(part_model, "history"), f"{part_model} has no HistoricalRecords"
        assert part_model._meta.get_field(part.parent).related_model is model
        if part.name_field:
            part_model._meta.get_field(part.name_field)


def test_every_kind_is_linked_from_a_page():
    root = Path(settings.BASE_DIR)
    templates = "\n".join(
        path.read_text() for path in root.glob("*/templates/**/*.html") if ".venv" not in path.parts
    )
    for kind in TRACKED:
        assert f'_history_link.html" with kind="{kind}"' in templates, kind

"""The library of recognised models, and replication."""

import pytest
from django.urls import reverse

from models_registry.models import Comment, Registration, Status

from .conftest import at_status
from .factories import make_registration

pytestmark = pytest.mark.django_db


def test_library_shows_recognised_models_to_everyone_and_nothing_else(
    tree, campaign, group_member, reviewer, login
):
    shown = at_status(
        make_registration(tree.base_c, campaign, name="Mô hình đã công nhận"), Status.RECOGNISED
    )
    hidden = [
        at_status(make_registration(tree.base_b, campaign, name=f"Ẩn {s}"), s)
        for s in [Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.NOT_RECOGNISED]
    ]
    Comment.objects.create(
        registration=shown, author=reviewer, body="Ghi chú nội bộ bí mật", internal=True
    )
    client = login(group_member)  # another bloc's model, still visible in the library
    listing = client.get(reverse("models_registry:library"))
    assert [r.pk for r in listing.context["page"].object_list] == [shown.pk]
    page = client.get(reverse("models_registry:library_detail", args=[shown.pk])).content.decode()
    assert "Mô hình đã công nhận" in page
    assert "Ghi chú nội bộ bí mật" not in page
    for registration in hidden:
        assert (
            client.get(
                reverse("models_registry:library_detail", args=[registration.pk])
            ).status_code
            == 404
        )


def test_replicate_starts_a_linked_prefilled_draft_and_the_original_shows_the_spread(
    tree, campaign, group_member, login
):
    original = at_status(
        make_registration(tree.base_c, campaign, name="Bữa cơm nghĩa tình"), Status.RECOGNISED
    )
    client = login(group_member)
    response = client.post(reverse("models_registry:replicate", args=[original.pk]))
    assert response.status_code == 302
    copy = Registration.objects.get(replicated_from=original)
    assert copy.unit == tree.base_a
    assert copy.status == Status.DRAFT
    assert copy.content == original.content
    assert copy.targets.count() == 1
    at_status(copy, Status.SUBMITTED)
    page = client.get(
        reverse("models_registry:library_detail", args=[original.pk])
    ).content.decode()
    assert tree.base_a.name in page


def test_reviewer_without_own_unit_cannot_replicate(tree, campaign, reviewer, login):
    original = at_status(make_registration(tree.base_a, campaign), Status.RECOGNISED)
    assert (
        login(reviewer).post(reverse("models_registry:replicate", args=[original.pk])).status_code
        == 403
    )

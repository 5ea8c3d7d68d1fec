"""A session's attendance typed with Vietnamese grouping is saved as the number (issue 12.11)."""

import pytest
from django.urls import reverse

from campaigns.models import DisseminationSession

from .test_activities import session_form

pytestmark = pytest.mark.django_db


def test_participants_typed_as_1_240_are_saved(tree, campaign, group_member, login):
    response = login(group_member).post(
        reverse("campaigns:session_create"),
        session_form(tree.base_a, campaign=campaign.pk, participants="1.240"),
    )
    assert response.status_code == 302
    assert DisseminationSession.objects.get().participants == 1240


def test_participants_that_are_not_a_whole_number_are_refused(tree, campaign, group_member, login):
    response = login(group_member).post(
        reverse("campaigns:session_create"),
        session_form(tree.base_a, campaign=campaign.pk, participants="năm mươi"),
    )
    assert response.status_code == 400
    assert "Đồng chí hãy ghi một số nguyên, ví dụ 1.240." in response.content.decode()
    assert not DisseminationSession.objects.exists()

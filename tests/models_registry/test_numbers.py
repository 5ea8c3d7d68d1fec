"""The registration's number boxes take Vietnamese numbers (issue 12.11): a self-check score of
"8,5", a target of "1.240,5" people, workdays "1.240"; a typed word is refused with a reason and
kept in its box, nothing saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from .test_editing import form_data

pytestmark = pytest.mark.django_db


def test_a_self_check_score_with_a_decimal_comma_is_saved(draft, group_member, login):
    client = login(group_member)
    url = reverse("models_registry:self_check", args=[draft.pk])
    criteria = client.get(url).context["form"].criteria
    data = {f"c{c.pk}": str(c.max_points) for c in criteria}
    data[f"c{criteria[0].pk}"] = "8,5"
    assert client.post(url, data).status_code == 302
    assert draft.scores.get().total == sum(c.max_points for c in criteria[1:]) + Decimal("8.5")


def test_a_score_that_is_not_a_number_is_refused_with_a_reason(draft, group_member, login):
    client = login(group_member)
    url = reverse("models_registry:self_check", args=[draft.pk])
    criteria = client.get(url).context["form"].criteria
    data = {f"c{c.pk}": str(c.max_points) for c in criteria}
    data[f"c{criteria[0].pk}"] = "tám rưỡi"
    page = client.post(url, data).content.decode()
    assert "Đồng chí hãy ghi một số, ví dụ 8,5 hoặc 1.240,5." in page
    assert 'value="tám rưỡi"' in page
    assert not draft.scores.exists()


def test_targets_and_workdays_take_vietnamese_grouping_and_show_it_back(draft, group_member, login):
    client = login(group_member)
    url = reverse("models_registry:edit", args=[draft.pk])
    data = form_data(draft, workdays="1.240", **{"targets-0-target_value": "1.240,5"})
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.workdays == 1240
    assert draft.targets.get().target_value == Decimal("1240.5")
    page = client.get(url).content.decode()
    assert 'value="1.240"' in page
    assert 'value="1.240,5"' in page

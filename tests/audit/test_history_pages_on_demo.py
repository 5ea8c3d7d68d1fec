"""Every kind of history page opens for the bloc's standing office over the seeded demo data,
in Vietnamese, with the same few queries whatever the object."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.registry import TRACKED
from tests.smoke.conftest import demo  # noqa: F401 - the module-scoped seeded demo
from units.models import User

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


@pytest.mark.parametrize("kind", sorted(TRACKED))
def test_history_page_of_each_kind(demo, client, kind):  # noqa: F811
    office = User.objects.get(username="thuongtruc")
    client.force_login(office)
    tracked = TRACKED[kind]
    obj = tracked.readers(office).order_by("pk").first()
    assert obj is not None, f"the demo has no {kind} the office may read"
    url = reverse("audit:history", args=[kind, obj.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lịch sử thay đổi" in html
    assert "Tạo mới" in html or "Chưa có thay đổi nào" in html
    assert len(queries) <= 15

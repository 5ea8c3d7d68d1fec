"""Password reset is rationed: ten requests never mean ten e-mails."""

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def test_ten_resets_for_one_address_send_at_most_three_e_mails(
    client, group_leader, mailoutbox, caplog
):
    with caplog.at_level(logging.INFO, logger="danvan.security"):
        for number in range(10):
            response = client.post(
                reverse("password_reset"),
                {"email": "totruong@example.vn"},
                REMOTE_ADDR=f"198.51.100.{number}",
            )
            # The page answers the same, sent or not: it never reveals what was rationed.
            assert response.status_code == 302
    assert len(mailoutbox) == 3
    assert any(getattr(r, "event", "") == "password_reset_throttled" for r in caplog.records)


def test_one_address_asking_for_many_accounts_is_stopped(client, tree, mailoutbox):
    from tests.units.factories import UserFactory

    for number in range(10):
        UserFactory(username=f"nguoi{number}")
    answers = [
        client.post(reverse("password_reset"), {"email": f"nguoi{number}@example.vn"}).status_code
        for number in range(10)
    ]
    assert answers.count(302) == 5
    assert answers.count(429) == 5
    assert len(mailoutbox) == 5
    page = client.post(reverse("password_reset"), {"email": "nguoi0@example.vn"})
    assert "Yêu cầu đặt lại mật khẩu quá nhiều lần" in page.content.decode()

"""Password rules in Vietnamese, and the site's own words refused."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.units.factories import UserFactory

pytestmark = pytest.mark.django_db


def messages_for(password: str, user=None) -> list[str]:
    with translation.override("vi"):
        try:
            validate_password(password, user)
        except ValidationError as error:
            return error.messages
    return []


@pytest.mark.parametrize(
    "password",
    [
        "danvan2013",
        "DanVan2013",
        "Dân vận khéo 2026",
        "DÂN-VẬN-KHÉO!",
        "xyzdanvanxyz77",
        "vankheo88",
    ],
)
def test_the_site_words_and_the_demo_password_are_refused(password):
    assert "Mật khẩu này quá dễ đoán: nó dùng tên của trang." in messages_for(password)


def test_every_rule_speaks_vietnamese(db):
    user = UserFactory.build(username="nguyenvana", email="nguyenvana@example.vn")
    assert messages_for("123", user) == [
        "Mật khẩu quá ngắn. Mật khẩu phải có ít nhất 8 ký tự.",
        "Mật khẩu này quá phổ biến.",
        "Mật khẩu này hoàn toàn là số.",
    ]
    assert messages_for("nguyenvana1", user) == ["Mật khẩu quá giống với Tên đăng nhập."]


def test_a_good_password_passes():
    assert messages_for("Ho-Guom-mua-thu-47") == []


def test_changing_to_the_demo_password_is_refused(login, group_leader):
    client = login(group_leader)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "danvan2013",
            "new_password1": "danvan2013",
            "new_password2": "danvan2013",
        },
    )
    assert response.status_code == 200
    assert "quá dễ đoán" in response.content.decode()

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng"


@pytest.mark.parametrize("login_name", ["totruong", "TOTRUONG", "totruong@example.vn"])
def test_log_in_by_username_or_email(client, group_leader, login_name):
    response = client.post(reverse("login"), {"username": login_name, "password": "danvan2013"})
    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.parametrize("login_name", ["totruong", "nobody-at-all"])
def test_wrong_login_says_the_same_in_vietnamese_whether_or_not_the_user_exists(
    client, group_leader, login_name
):
    response = client.post(reverse("login"), {"username": login_name, "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert WRONG in response.content.decode()


def test_pages_need_login(client, tree):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_password_reset_sends_an_email_without_revealing_accounts(client, group_leader, mailoutbox):
    client.post(reverse("password_reset"), {"email": "totruong@example.vn"})
    client.post(reverse("password_reset"), {"email": "ghost@example.vn"})
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/" in mailoutbox[0].body

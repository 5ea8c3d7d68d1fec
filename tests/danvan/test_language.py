"""Vietnamese is the language of every page unless the user picks English with the switcher;
a browser or office PC set to English does not change it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def login_heading(client, **headers) -> str:
    html = client.get(reverse("login"), **headers).content.decode()
    return html.split("<h1", 1)[1].split("</h1>", 1)[0]


def test_a_browser_set_to_english_still_gets_vietnamese(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in login_heading(client, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")


def test_the_switcher_turns_english_on_and_back_off(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Log in" in login_heading(client, HTTP_ACCEPT_LANGUAGE="vi")
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Đăng nhập" in login_heading(client, HTTP_ACCEPT_LANGUAGE="en")


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "Đăng nhập" in login_heading(client)

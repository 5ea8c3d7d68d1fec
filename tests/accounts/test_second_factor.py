"""Second factor (TOTP, django-otp): staff enrol on first login and verify on every login;
members may opt in. Codes are computed from the device's key, as the phone does."""

import time
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.helpers import code_for, pass_second_factor, totp_device

pytestmark = pytest.mark.django_db

ENROL = reverse("accounts:second_factor_enrol")
VERIFY = reverse("accounts:second_factor_verify")
THROTTLE_SECONDS = 1.1  # django-otp's wait after one wrong code


def password_login(client, username):
    response = client.post(reverse("login"), {"username": username, "password": "danvan2013"})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("who", ["reviewer", "standing_office", "admin_user"])
def test_staff_must_enrol_on_first_login(client, who, request):
    request.getfixturevalue(who)
    password_login(client, {"reviewer": "bancd", "standing_office": "thuongtruc"}.get(who, "admin"))
    for page in [reverse("home"), reverse("admin:index"), reverse("steering:board")]:
        response = client.get(page)
        assert response.status_code == 302
        assert response.url.startswith(ENROL)


def test_enrolment_shows_a_qr_code_and_the_key_and_needs_a_right_code(client, reviewer):
    password_login(client, "bancd")
    page = client.get(ENROL).content.decode()
    assert "<svg" in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>")[0]
    assert not TOTPDevice.objects.filter(user=reviewer).exists()  # nothing saved by a GET
    assert "otpauth" not in page  # the address is drawn, not linked
    secret_shown = page.split('id="totp-secret">', 1)[1].split("<", 1)[0].replace(" ", "")
    key = b32decode(secret_shown + "=" * (-len(secret_shown) % 8))

    wrong = client.post(ENROL, {"code": "000000", "next": "/"})
    assert "Mã không đúng" in wrong.content.decode()
    assert client.get(reverse("home")).status_code == 302

    code = f"{totp(key):06d}"  # what the phone shows after typing the key
    done = client.post(ENROL, {"code": code, "next": "/"})
    assert done.status_code == 302
    codes_page = client.get(done.url).content.decode()
    assert "Mã dự phòng" in codes_page
    assert StaticToken.objects.filter(device__user=reviewer).count() == 10
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("steering:board")).status_code == 200
    assert TOTPDevice.objects.get(user=reviewer).bin_key == key


def test_every_later_login_asks_for_the_code(client, reviewer):
    device = totp_device(reviewer)
    password_login(client, "bancd")
    response = client.get(reverse("steering:board"))
    assert response.url.startswith(VERIFY)
    wrong = client.post(VERIFY, {"code": "123456", "next": "/steering/board/"})
    assert "Mã không đúng" in wrong.content.decode()
    time.sleep(THROTTLE_SECONDS)
    ok = client.post(VERIFY, {"code": code_for(device), "next": "/steering/board/"})
    assert ok.status_code == 302
    assert ok.url == "/steering/board/"
    assert client.get(reverse("steering:board")).status_code == 200


def test_a_code_works_only_once(client, reviewer):
    device = totp_device(reviewer)
    code = code_for(device)
    password_login(client, "bancd")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = client.__class__()
    password_login(other, "bancd")
    assert other.post(VERIFY, {"code": code}).status_code == 200


def test_a_backup_code_works_once(client, reviewer):
    totp_device(reviewer)
    from accounts.second_factor import new_backup_codes

    codes = new_backup_codes(reviewer)
    password_login(client, "bancd")
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    other = client.__class__()
    password_login(other, "bancd")
    assert other.post(VERIFY, {"code": codes[0]}).status_code == 200
    time.sleep(THROTTLE_SECONDS)
    assert other.post(VERIFY, {"code": codes[1]}).status_code == 302


def test_the_session_key_changes_when_the_code_is_accepted(client, reviewer):
    device = totp_device(reviewer)
    password_login(client, "bancd")
    before = client.session.session_key
    client.post(VERIFY, {"code": code_for(device)})
    assert client.session.session_key != before


def test_admin_needs_the_second_factor_even_after_the_admin_login(client, admin_user):
    response = client.post(
        reverse("admin:login"), {"username": "admin", "password": "danvan2013", "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get("/admin/units/user/").url.startswith(ENROL)
    pass_second_factor(client, admin_user)
    assert client.get("/admin/units/user/").status_code == 200


def test_members_need_no_second_factor_but_may_opt_in_and_out(client, group_member):
    password_login(client, "thanhvien")
    assert client.get(reverse("home")).status_code == 200
    manage = client.get(reverse("accounts:second_factor")).content.decode()
    assert "Bật đăng nhập hai bước" in manage
    pass_second_factor(client, group_member)
    assert TOTPDevice.objects.filter(user=group_member, confirmed=True).exists()

    later = client.__class__()
    password_login(later, "thanhvien")
    assert later.get(reverse("home")).url.startswith(VERIFY)
    pass_second_factor(later, group_member)
    assert later.post(reverse("accounts:second_factor_off")).status_code == 302
    assert not TOTPDevice.objects.filter(user=group_member).exists()


def test_staff_cannot_turn_the_second_factor_off(login, reviewer):
    client = login(reviewer)
    client.post(reverse("accounts:second_factor_off"))
    assert TOTPDevice.objects.filter(user=reviewer, confirmed=True).exists()


def test_wrong_codes_are_throttled(client, reviewer):
    device = totp_device(reviewer)
    password_login(client, "bancd")
    client.post(VERIFY, {"code": "000000"})
    # Even the right code waits until the throttle's delay has passed.
    page = client.post(VERIFY, {"code": code_for(device)})
    assert page.status_code == 200
    assert "Vui lòng chờ vài giây" in page.content.decode()
    time.sleep(THROTTLE_SECONDS)
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302


def test_an_htmx_request_is_sent_to_the_code_page_as_a_whole_page(client, reviewer):
    totp_device(reviewer)
    password_login(client, "bancd")
    response = client.get(reverse("home"), {"q": "x"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(VERIFY)

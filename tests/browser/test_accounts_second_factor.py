"""A reviewer's first login: enrolment with the QR code (or the typed key), backup codes, home;
then too many wrong passwords show the lockout page."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_reviewer_enrols_an_authenticator_app_on_first_login(page, shot, tree, reviewer):
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("bancd")
    page.locator("input[name=password]").fill("danvan2013")
    page.locator("main form button[type=submit]").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thiết lập đăng nhập hai bước")
    expect(page.locator(".qr-code svg")).to_be_visible()
    shot(page, "second-factor-enrol")
    typed = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = b32decode(typed + "=" * (-len(typed) % 8))  # what the phone stores from the QR code
    page.locator("input[name=code]").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Xác nhận").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mã dự phòng")
    expect(page.locator("#backup-codes li")).to_have_count(10)
    shot(page, "second-factor-backup-codes")
    page.get_by_role("link", name="Tiếp tục").click()
    expect(page.get_by_role("table")).to_contain_text(tree.base_a.name)


def test_too_many_wrong_passwords_show_when_to_try_again(page, shot, tree, reviewer):
    for _ in range(6):
        page.goto("/accounts/login/")
        page.locator("input[name=username]").fill("bancd")
        page.locator("input[name=password]").fill("sai-mat-khau")
        page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập sai quá nhiều lần")
    expect(page.locator("#lockout")).to_contain_text("Vui lòng thử lại sau")
    shot(page, "login-locked-out")

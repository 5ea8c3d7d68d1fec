"""Journeys through the login form to each role's home page, in Vietnamese and English."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_member_logs_in_and_sees_their_unit_and_steering_group(
    page, login_as, shot, tree, group_member
):
    login_as(page, "thanhvien")

    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào đồng chí")
    expect(main).to_contain_text(tree.base_a.name)
    expect(main).to_contain_text(tree.group_a.name)
    expect(main).not_to_contain_text(tree.base_b.name)
    shot(page, "home-member")


def test_reviewer_sees_the_bloc_table_and_finds_an_organisation_without_accents(
    page, login_as, shot, tree, reviewer
):
    login_as(page, "bancd")

    table = page.get_by_role("table")
    expect(table).to_contain_text(tree.base_a.name)
    expect(table).to_contain_text(tree.base_b.name)
    expect(table).not_to_contain_text(tree.base_c.name)  # another bloc
    shot(page, "home-reviewer")

    page.get_by_role("searchbox").fill("so tu phap")
    expect(table).not_to_contain_text(tree.base_a.name)
    expect(table).to_contain_text(tree.base_b.name)
    expect(page).to_have_url(re.compile(r"q=so"))
    shot(page, "home-reviewer-search")


def test_wrong_password_gets_a_vietnamese_message(page, shot, group_member):
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("thanhvien")
    page.locator("input[name=password]").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    shot(page, "login-wrong-password")


def test_language_switch_to_english_and_back(page, login_as, shot, group_member):
    login_as(page, "thanhvien")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    shot(page, "home-member-english")

    page.get_by_label("Language").select_option("vi")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào đồng chí")


def test_home_page_fits_a_phone(phone_page, login_as, shot, tree, group_member):
    login_as(phone_page, "thanhvien")

    expect(phone_page.locator("main")).to_contain_text(tree.base_a.name)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    shot(phone_page, "home-member-phone")


def test_reviewer_home_page_is_light(page, login_as, reviewer, tree):
    from tests.units.test_home import add_organisations

    add_organisations(tree.bloc, 120)
    login_as(page, "bancd")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    response = page.reload()
    page.wait_for_load_state("networkidle")

    html_kib = len(response.body()) / 1024
    print(f"reviewer home: {html_kib:.1f} KiB of HTML, {len(requests)} requests")
    assert html_kib < 80, "a page of 50 organisations should stay small"
    assert len(requests) <= 6, requests  # the page, 2 style sheets, 2 scripts (+ app assets)


@pytest.mark.parametrize("width", [1400, 1536, 1920])
def test_the_fullest_menu_fits_on_one_line_on_desktop_screens(
    page, login_as, shot, standing_office, width
):
    standing_office.is_staff = True  # "Administration" too: every entry a user can have
    standing_office.full_name = "Nguyễn Thị Phương Thảo Nguyên"
    standing_office.save()
    page.set_viewport_size({"width": width, "height": 900})
    login_as(page, "thuongtruc")
    nav = page.locator("nav.navbar")
    expect(page.locator(".navbar-toggler")).to_be_hidden()
    expect(nav.get_by_role("link", name="Quản trị")).to_be_visible()
    overflow = nav.evaluate("n => n.scrollWidth - n.clientWidth")
    assert overflow <= 0, f"the menu overflows by {overflow} px at {width} px"
    # Every entry sits on the same line as the brand.
    tops = nav.locator(".navbar-nav > .nav-item").evaluate_all(
        "items => items.filter(i => i.offsetParent).map(i => i.getBoundingClientRect().top)"
    )
    assert max(tops) - min(tops) < 8, tops
    shot(page, f"nav-desktop-{width}", full_page=False)


def test_below_1200_px_the_menu_collapses_and_lists_home(page, login_as, standing_office):
    # The menu is open on one row from 1200 px (issue 12.12: 1366 and 1280 px office laptops).
    page.set_viewport_size({"width": 1100, "height": 800})
    login_as(page, "thuongtruc")
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    toggler.click()
    expect(page.locator("#mainnav").get_by_role("link", name="Trang chủ")).to_be_visible()

"""The top menu on a 1366 × 768 office laptop and on a phone (issue 12.12).

At 1366 px (and 1280) the menu is open (no "hamburger"), every entry on one row inside the
window, nothing wider than the page; on a 390 px phone the toggle opens the same entries, one
under the other, and the page still does not scroll sideways. Screenshots:
``menu-<width>-<role>.png``, ``menu-phone-open.png``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MEASURE = """() => {
  const nav = document.querySelector('header nav.navbar');
  const items = [...nav.querySelectorAll('.navbar-brand, .navbar-nav > .nav-item > .nav-link')]
    .filter(e => e.offsetParent !== null)
    .map(e => { const r = e.getBoundingClientRect(), css = getComputedStyle(e);
                const text = r.height - parseFloat(css.paddingTop) - parseFloat(css.paddingBottom);
                return {text: e.innerText.trim(), top: r.top, bottom: r.bottom, right: r.right,
                        lines: Math.round(text / (parseFloat(css.lineHeight) || 24))}; });
  return {items, navHeight: nav.getBoundingClientRect().height,
          scrollWidth: document.documentElement.scrollWidth,
          toggler: getComputedStyle(nav.querySelector('.navbar-toggler')).display};
}"""


def _laptop(browser, server, width: int):
    from tests.browser.conftest import _open_page

    return _open_page(browser, server, {"width": width, "height": 768})


@pytest.mark.parametrize(
    ("width", "username"),
    [
        (1366, "thuongtruc"),  # the widest menu: staff ("Quản trị") with a long name
        (1366, "admin"),
        (1366, "bancd"),
        (1366, "totruong"),
        (1280, "thuongtruc"),
    ],
)
def test_the_menu_fits_on_one_row_on_an_office_laptop(
    browser_server, browser, login_as, shot, width, username, tree, reviewer, group_leader
):
    from tests.units.factories import person_with_role
    from units.models import Role, User

    if username == "admin":
        User.objects.create_superuser("admin", "admin@example.vn", "danvan2013")
    if username == "thuongtruc":
        person_with_role(
            Role.STANDING_OFFICE,
            tree.bloc,
            username="thuongtruc",
            full_name="Nguyễn Thị Phương Thảo Nguyên",
            is_staff=True,
        )
    opened = _laptop(browser, browser_server, width)
    page = next(opened)
    login_as(page, username)
    m = page.evaluate(MEASURE)
    shot(page, f"menu-{width}-{username}", full_page=False)
    assert m["toggler"] == "none", "at 1366 px the menu must be open, not behind the toggle"
    texts = [i["text"] for i in m["items"]]
    assert len(texts) >= 5, texts
    # one row: every entry's middle at the brand's height, no entry on two lines
    middle = lambda i: (i["top"] + i["bottom"]) / 2  # noqa: E731
    row = middle(m["items"][0])
    wrapped = [i["text"] for i in m["items"] if abs(middle(i) - row) > 8 or i["lines"] > 1]
    assert wrapped == [], f"entries on a second row or wrapped: {wrapped}"
    outside = [i["text"] for i in m["items"] if i["right"] > width]
    assert outside == [], f"entries past the right edge: {outside}"
    assert m["navHeight"] < 72, m["navHeight"]
    assert m["scrollWidth"] <= width, "the page scrolls sideways"
    next(opened, None)  # close the context and check what the browser saw


def test_on_a_phone_the_toggle_opens_every_entry(phone_page, login_as, shot, standing_office):
    page = phone_page
    login_as(page, "thuongtruc")
    toggle = page.get_by_role("button", name="Mở/đóng menu")
    expect(toggle).to_be_visible()
    toggle.click()
    menu = page.locator("#mainnav")
    expect(menu).to_be_visible()
    reminders = menu.get_by_role("button", name="Nhắc hạn").or_(
        menu.get_by_role("link", name="Nhắc hạn")
    )
    reminders.first.click()
    expect(menu.get_by_role("link", name="Nhật ký nhắc hạn")).to_be_visible()
    shot(page, "menu-phone-open", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    menu.get_by_role("link", name="Nhật ký nhắc hạn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhật ký nhắc hạn")

"""The Content-Security-Policy holds in a real browser: injected markup cannot run script or
style, and the harness turns any violation into a failed test (tests/browser/conftest.py)."""

import pytest

from tests.browser.conftest import DESKTOP, PageProblems

pytestmark = pytest.mark.browser


def test_injected_handler_and_style_are_refused_and_reported(browser, browser_server, db):
    context = browser.new_context(base_url=browser_server.url, viewport=DESKTOP)
    page = context.new_page()
    problems = PageProblems()
    problems.watch(page)
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
          window.ran = false;
          document.body.insertAdjacentHTML(
            'beforeend', '<img src="data:," onerror="window.ran = true" onload="window.ran = true">'
            + '<p id="styled" style="color: rgb(255, 0, 0)">x</p>');
          const s = document.createElement('script');
          s.textContent = 'window.ran = true';
          document.body.appendChild(s);
        }"""
    )
    page.wait_for_timeout(300)
    ran = page.evaluate("window.ran")
    colour = page.evaluate("getComputedStyle(document.getElementById('styled')).color")
    context.close()
    assert ran is False
    assert colour != "rgb(255, 0, 0)"
    assert any(e.startswith("CSP violation") for e in problems.errors), problems.errors


def test_admin_pages_keep_within_the_policy(page, login_as, admin_user, tree):
    """Django admin (and django-simple-history's history pages) under the same policy: the
    harness fails this test on any CSP violation."""
    admin_user.set_password("danvan2013")
    admin_user.save()
    login_as(page, "admin")
    unit = tree.base_a
    for url in [
        "/admin/",
        "/admin/units/unit/",
        f"/admin/units/unit/{unit.pk}/change/",
        f"/admin/units/unit/{unit.pk}/history/",
        "/admin/units/user/",
        f"/admin/units/user/{admin_user.pk}/change/",
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")

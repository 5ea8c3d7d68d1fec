"""The Content-Security-Policy holds in a real browser: injected markup cannot run script or
style, and the harness turns any violation into a failed test (tests/browser/conftest.py)."""

import pytest
from playwright.sync_api import expect

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


def test_a_render_job_polls_through_htmx_under_the_policy(page, login_as, tree, reviewer):
    """htmx swaps work without inline styles: the progress bar's width comes from danvan.js."""
    from reports.models import JobStatus, RenderJob
    from tests.reports.factories import make_campaign, make_deadline

    deadline = make_deadline(make_campaign(tree.province), applies_to=tree.bloc)
    job = RenderJob.objects.create(
        root=tree.bloc,
        deadline=deadline,
        requested_by=reviewer,
        status=JobStatus.RUNNING,
        progress=40,
    )
    login_as(page, "bancd")
    page.goto(f"/reports/summary/?period={deadline.pk}&unit={tree.bloc.pk}")
    bar = page.locator(f"#job-{job.pk} .progress-bar")
    expect(bar).to_have_attribute("data-progress", "40")
    width = (
        "el => el.getBoundingClientRect().width / el.parentElement.getBoundingClientRect().width"
    )
    assert abs(bar.evaluate(width) - 0.4) < 0.02
    RenderJob.objects.filter(pk=job.pk).update(progress=80)
    expect(bar).to_have_attribute("data-progress", "80", timeout=6_000)  # htmx polls every 2 s
    page.wait_for_timeout(100)
    assert abs(page.locator(f"#job-{job.pk} .progress-bar").evaluate(width) - 0.8) < 0.02

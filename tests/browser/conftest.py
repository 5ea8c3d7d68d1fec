"""Browser-test harness shared by every app: Playwright (sync API) driving Debian's Chromium.

Write a journey as ``tests/browser/test_<app>_<journey>.py``::

    import pytest

    pytestmark = pytest.mark.browser


    def test_leader_registers_a_model(page, login_as, shot, group_leader):
        login_as(page, "totruong")  # through the real login form
        page.get_by_role("link", name="Đăng ký mô hình").click()
        ...
        shot(page, "registry-form")  # -> $DANVAN_ARTIFACTS/screenshots/registry-form.png

Fixtures
    ``browser``      one headless Chromium for the whole session (``/usr/bin/chromium``;
                     Playwright's own browser download is never used); for a custom context
                     (``browser.new_context(...)``) when ``page``/``phone_page`` do not fit.
    ``page``         a fresh browser context (cookies, storage) per test, desktop viewport,
                     Vietnamese locale and Asia/Ho_Chi_Minh time zone, ``base_url`` = the live
                     server, so ``page.goto("/")`` works.
    ``phone_page``   the same with a phone viewport (390 × 844, touch).
    ``live_server``  pytest-django's server on a transactional database; data made by the usual
                     fixtures (``tree``, ``group_member``, ``reviewer``…) is visible to it. The rows
                     the data migrations create (unit types, mass organisations) are restored
                     before each browser test (serialized rollback).
    ``login_as``     ``login_as(page, username, password="danvan2013")`` fills the login form and
                     waits for the home page; fails loudly when the login is refused.
    ``shot``         ``shot(page, name, full_page=True)`` saves a PNG under
                     ``$DANVAN_ARTIFACTS/screenshots/`` (``test-artifacts/screenshots`` by default).

A page fails its test when the browser reports an uncaught JavaScript error, a
Content-Security-Policy violation (Chromium says so on the console: an inline script, handler or
style the policy refused) or the server answers a request with a 5xx status: all are collected
while the test runs and asserted at teardown.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("DANVAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Date inputs follow the browser's UI language: show dd/mm/yyyy as a Vietnamese PC would.
    "--lang=vi-VN",
]
DESKTOP = {"width": 1440, "height": 900}  # a common office laptop; from 1200 the menu is open
PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "danvan2013"
TIMEOUT_MS = 15_000
REPO_ROOT = Path(__file__).resolve().parents[2]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


def screenshot_dir() -> Path:
    base = os.environ.get("DANVAN_ARTIFACTS") or str(REPO_ROOT / "test-artifacts")
    folder = Path(base) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class BrowserSession:
    """Playwright's sync API, kept quiet while tests that do not drive a browser run.

    Playwright's sync API marks its asyncio loop as running in this thread between two calls.
    Django then (a) refuses ORM calls unless DJANGO_ALLOW_ASYNC_UNSAFE is set, and (b) looks for
    database connections in a context variable instead of its thread-local. We therefore mark
    the loop as running, and allow "async-unsafe" ORM calls, only during a browser test
    (``turn()``), and hand Django the same connection objects in both places, so that browser
    tests and the other tests of the session see one connection per database.
    """

    def __init__(self) -> None:
        from django.db import connections
        from playwright.sync_api import sync_playwright

        before = {alias: connections[alias] for alias in connections}
        self._manager = sync_playwright()
        self.playwright = self._manager.__enter__()
        self.loop = self._manager._loop
        for alias, connection in before.items():
            connections[alias] = connection  # the loop runs now: this fills the context variable

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Let Playwright (and Django's ORM next to it) run for the duration of the block."""
        asyncio._set_running_loop(self.loop)
        unsafe_before = os.environ.get(ASYNC_UNSAFE)
        os.environ[ASYNC_UNSAFE] = "true"
        try:
            yield
        finally:
            if unsafe_before is None:
                os.environ.pop(ASYNC_UNSAFE, None)
            else:
                os.environ[ASYNC_UNSAFE] = unsafe_before
            asyncio._set_running_loop(None)

    def pause(self) -> None:
        """After set-up: nothing of Playwright's shows until the next ``turn()``."""
        asyncio._set_running_loop(None)

    def stop(self) -> None:
        asyncio._set_running_loop(self.loop)
        self._manager.__exit__(None, None, None)
        asyncio._set_running_loop(None)


@pytest.fixture(scope="session")
def browser_session() -> Iterator[BrowserSession]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium (the test command does it as root: "
            "`bash scripts/test.sh`), or set DANVAN_CHROMIUM."
        )
    session = BrowserSession()
    session.browser = session.playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    session.pause()
    yield session
    with session.turn():
        session.browser.close()
    session.stop()


@pytest.fixture
def browser(browser_session) -> Iterator:
    """The session's Chromium, usable for the duration of this test."""
    with browser_session.turn():
        yield browser_session.browser


@pytest.fixture
def browser_server(live_server, django_db_serialized_rollback):
    """The live server, with the data migrations' rows restored for this test."""
    return live_server


class PageProblems:
    """What went wrong in the browser during one test (checked at teardown)."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def watch(self, page) -> None:
        page.on("pageerror", self.on_page_error)
        page.on("response", self.on_response)
        page.on("console", self.on_console)

    def on_page_error(self, error) -> None:
        self.errors.append(f"JavaScript error: {error}")

    def on_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            where = message.location.get("url", "") if message.location else ""
            self.errors.append(f"CSP violation on {where}: {message.text[:160]}")

    def on_response(self, response) -> None:
        if response.status >= 500:
            self.errors.append(f"HTTP {response.status} for {response.url}")


def _open_page(browser, server, viewport: dict, **options) -> Iterator:
    context = browser.new_context(
        base_url=server.url,
        viewport=viewport,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        **options,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems = PageProblems()
    problems.watch(page)
    yield page
    context.close()
    assert not problems.errors, "the browser saw problems:\n" + "\n".join(problems.errors)


@pytest.fixture
def page(browser_server, browser) -> Iterator:
    """A fresh desktop browser page (its own cookies) on the live server."""
    yield from _open_page(browser, browser_server, DESKTOP)


@pytest.fixture
def phone_page(browser_server, browser) -> Iterator:
    """A fresh phone-sized page (390 × 844, touch) on the live server."""
    yield from _open_page(browser, browser_server, PHONE, is_mobile=True, has_touch=True)


def login_through_form(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in with the real login form and wait until the site lets us in.

    A person who needs a second factor gets a confirmed authenticator device first (enrolment
    has its own tests); the code page is then filled with a real code computed from its key.
    """
    from accounts.second_factor import second_factor_required
    from tests.accounts.helpers import code_for, totp_device
    from units.models import User

    user = User.objects.filter(username=username).first()
    device = totp_device(user) if user is not None and second_factor_required(user) else None
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    if re.search(r"/accounts/login/", page.url):
        pytest.fail(f"login as {username!r} was refused: {page.locator('main').inner_text()}")
    if device is not None:
        page.locator("input[name=code]").fill(code_for(device))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        if re.search(r"/accounts/second-factor/", page.url):
            pytest.fail(
                f"second factor for {username!r} refused: {page.locator('main').inner_text()}"
            )


@pytest.fixture
def login_as() -> Callable[..., None]:
    return login_through_form


def save_screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG of the page as ``<screenshots>/<name>.png`` and return its path."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "page"
    path = screenshot_dir() / f"{safe}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture
def shot() -> Callable[..., Path]:
    return save_screenshot

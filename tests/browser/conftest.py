"""Browser fixtures: the real app over HTTP, Debian's Chromium through Playwright, axe-core.

The app is the ``app`` fixture of ``tests/conftest.py`` (fresh database, the in-process
oidc-provider-mock) served by werkzeug in a background thread. Chromium is the system
browser (``/usr/bin/chromium``); ``playwright install`` is never needed.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

from tests.conftest import Someone

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = Path(__file__).with_name("vendor").joinpath("axe-4.14.1.min.js")
BLOCKING_IMPACTS = ("serious", "critical")
LOCAL_HOSTS = ("127.0.0.1", "localhost")


@pytest.fixture
def live_server(app, world):
    """The app (with the ``world`` data) on http://127.0.0.1:<free port>; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="binc-live-server", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base_url
    app.config["TRUSTED_HOSTS"] = ["127.0.0.1"]
    try:
        yield base_url
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Debian Chromium for the whole run."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@dataclass(frozen=True)
class BrowserProblem:
    """A console error, uncaught script error or failed request seen in the browser."""

    kind: str
    page_url: str
    url: str
    text: str

    def __str__(self) -> str:
        return f"[{self.kind}] on {self.page_url}: {self.text} ({self.url})"


@pytest.fixture
def console_errors() -> list[BrowserProblem]:
    """Everything that went wrong in the test's page; filled by the ``page`` fixture."""
    return []


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS


def open_page(browser, console_errors: list[BrowserProblem]) -> Page:
    """A page in a fresh browser context (own cookies) that records console errors and
    failed requests in ``console_errors``. Requests to other hosts (the provider mock's CDN
    stylesheet) are aborted at once: the tests never depend on the internet. The caller
    closes ``page.context``."""
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.route(lambda url: not _is_local(url), lambda route: route.abort())
    page = context.new_page()

    def on_console(message):
        if message.type == "error":
            location = message.location or {}
            console_errors.append(
                BrowserProblem("console", page.url, location.get("url", ""), message.text)
            )

    def on_page_error(error):
        console_errors.append(BrowserProblem("pageerror", page.url, page.url, str(error)))

    def on_request_failed(request):
        # ERR_ABORTED: the page itself dropped the request, as Chromium does with the pending
        # "Actie nodig" load when a test clicks away from the start page at once. Not a failure.
        if request.failure == "net::ERR_ABORTED":
            return
        console_errors.append(
            BrowserProblem("requestfailed", page.url, request.url, request.failure or "")
        )

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("requestfailed", on_request_failed)
    return page


@pytest.fixture
def page(chromium_browser, console_errors) -> Page:
    """The test's page (``open_page``); a second person opens another one with ``open_page``."""
    page = open_page(chromium_browser, console_errors)
    yield page
    page.context.close()


def problems_on(console_errors: list[BrowserProblem], base_url: str) -> list[BrowserProblem]:
    """The problems seen while one of our own pages was shown (not the provider's)."""
    return [p for p in console_errors if p.page_url.startswith(base_url + "/")]


def assert_no_browser_problems(
    console_errors: list[BrowserProblem], base_url: str, allow: tuple[str, ...] = ()
) -> None:
    """No console errors (CSP violations are console errors), script errors or failed
    requests on our pages. ``allow`` holds regular expressions for problems a test expects,
    such as Chromium's console line for a deliberate 422 answer."""
    ours = [
        p
        for p in problems_on(console_errors, base_url)
        if not any(re.search(pattern, str(p)) for pattern in allow)
    ]
    assert not ours, "browser problems on binc-web pages:\n" + "\n".join(map(str, ours))


def check_accessibility(page: Page) -> dict:
    """Run axe-core on the current document; fail on serious or critical violations.

    axe is injected with ``page.evaluate`` (DevTools protocol), not with a <script> tag: the
    app's Content-Security-Policy forbids inline scripts and the tests keep it that way.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await window.axe.run(document)")
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(map(str, node["target"])) for node in v["nodes"])
        for v in blocking
    )
    assert not blocking, f"axe found serious/critical violations on {page.url}:\n{report}"
    return results


def log_in_at_provider(page: Page, base_url: str, someone: Someone) -> None:
    """Log in the real way: our "Aanmelden" page → the provider's form → our callback.

    Starts from /aanmelden unless the page already shows it; ends on our site.
    """
    if not page.url.startswith(base_url + "/aanmelden"):
        page.goto(base_url + "/aanmelden")
    page.get_by_role("link", name="Aanmelden", exact=True).click()
    page.wait_for_url("**/oauth2/authorize**")
    page.locator(f'button[name="sub"][value="{someone.national_number}"]').click()
    page.wait_for_url(lambda url: url.startswith(base_url + "/"))

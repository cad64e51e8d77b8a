"""A real browser: Debian's Chromium driven by Playwright. Nothing downloads a browser."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def _chromium():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make install` (apt package chromium).")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_chromium, live_server):
    """A fresh browser page; `page.base_url` is the live server's address."""
    context = _chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def browser_login(page):
    """browser_login(email, password): log in through the real login form."""

    def login(email, password):
        page.goto("/login/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(password)
        submit(page, page.get_by_role("button", name="Log in"))
        return page

    return login


def submit(page, button):
    """Click a button that loads a page (a form post, a link) and wait until the new page
    has loaded: a click returns as soon as it is made, so without this what follows would
    run against the old page, or cut the post short by navigating away."""
    with page.expect_navigation():
        button.click()


AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def a11y_page(_chromium, live_server):
    """A page that may inject axe-core (the CSP would refuse it, rightly, anywhere else)."""
    context = _chromium.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def axe_violations(page):
    """WCAG 2.2 A/AA violations axe-core finds on the page as it stands."""
    page.add_script_tag(path=str(AXE))
    # resultTypes: only the violations are read, so axe need not gather every passing node.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"]
    ]

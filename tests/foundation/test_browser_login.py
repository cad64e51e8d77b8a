import pytest
from django_otp.oath import TOTP

from clp.accounts.demo import DEMO_TOTP_KEY
from tests.browser import submit
from tests.demo import demo_clp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_secretary_logs_in_with_a_code_and_reaches_the_dashboard(page, browser_login):
    demo_clp()
    browser_login("secretary@demo.clp.test", "demo-clp-desk")
    assert page.get_by_role("heading", level=1).inner_text() == "Enter your code"
    page.get_by_label("Code").fill(f"{TOTP(bytes.fromhex(DEMO_TOTP_KEY)).token():06d}")
    submit(page, page.get_by_role("button", name="Continue"))
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Margaret"
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Officers").is_visible()


def test_skip_link_is_first_in_the_keyboard_order(page):
    page.goto("/password_reset/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"

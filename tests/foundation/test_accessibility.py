"""WCAG 2.2 AA, checked by axe-core in Chromium on the pages each officer uses most."""

import pytest
from django_otp.oath import totp

from clp.accounts.demo import DEMO_TOTP_KEY
from tests.browser import axe_violations, submit
from tests.demo import demo_clp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "secretary@demo.clp.test": [
        "/",
        "/officers/",
        "/officers/agm/",
        "/meetings/",
        "/branches/",
        "/branches/directory/",
        "/notifications/",
        "/account/",
        "/account/audit/",
    ],
    "treasurer@demo.clp.test": ["/finance/"],
}


def login(page, email):
    page.goto("/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("demo-clp-desk")
    submit(page, page.get_by_role("button", name="Log in"))
    code = f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"
    page.get_by_label("Code").fill(code)
    submit(page, page.get_by_role("button", name="Continue"))


def test_login_page_meets_wcag_aa_with_and_without_an_error(a11y_page):
    a11y_page.goto("/login/")
    assert axe_violations(a11y_page) == []
    a11y_page.get_by_label("Email address").fill("nobody@example.org")
    a11y_page.get_by_label("Password").fill("wrong")
    submit(a11y_page, a11y_page.get_by_role("button", name="Log in"))
    assert "Please enter a correct email address and password" in a11y_page.content()
    assert axe_violations(a11y_page) == []


NARROW = {"width": 375, "height": 800}  # a small phone


def _scrolls_sideways(page):
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_officers_pages_meet_wcag_aa(a11y_page):
    demo_clp()
    problems = {}
    for email, paths in PAGES.items():
        a11y_page.context.clear_cookies()
        login(a11y_page, email)
        for path in paths:
            a11y_page.goto(path)
            found = axe_violations(a11y_page)
            a11y_page.set_viewport_size(NARROW)
            if _scrolls_sideways(a11y_page):
                found.append("the page scrolls sideways on a 375px-wide phone")
            a11y_page.set_viewport_size({"width": 1280, "height": 800})
            if found:
                problems[path] = found
    assert problems == {}

"""WCAG 2.2 AA, checked by axe-core in Chromium on the Treasurer's pages, forms with errors too."""

import pytest

from tests.browser import axe_violations, submit
from tests.demo import demo_clp
from tests.foundation.test_accessibility import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/finance/",
    "/finance/donations/",
    "/finance/donations/new/",
    "/finance/sources/",
    "/finance/loans/",
    "/finance/loans/new/",
    "/finance/totals/",
    "/finance/reports/",
    "/finance/reports/2026/q1/",
    "/finance/accounts/",
    "/finance/entries/new/",
    "/finance/bank/",
]

# Forms sent empty, so that the page shows its plain-English errors.
FORMS_WITH_ERRORS = ["/finance/donations/new/", "/finance/loans/new/", "/finance/entries/new/"]


def test_the_treasurers_pages_and_forms_with_errors_meet_wcag_aa(a11y_page):
    demo_clp()
    login(a11y_page, "treasurer@demo.clp.test")
    problems = {}
    for path in PAGES:
        a11y_page.goto(path)
        if found := axe_violations(a11y_page):
            problems[path] = found
    for path in FORMS_WITH_ERRORS:
        a11y_page.goto(path)
        submit(a11y_page, a11y_page.locator("main form button[type=submit]").last)
        assert a11y_page.locator("main [role=alert]").count() > 0, f"{path} showed no errors"
        if found := axe_violations(a11y_page):
            problems[f"{path} (with errors)"] = found
    assert problems == {}

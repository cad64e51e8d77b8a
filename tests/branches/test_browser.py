"""Two flows in a real browser: a branch secretary lands on their branch; the directory
search answers as you type (htmx, under the strict CSP)."""

import re

import pytest

from tests.browser import submit
from tests.factories.accounts import PASSWORD, TOTPDeviceFactory, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def log_in(page, browser_login):
    """Log in through the real form and the two-factor step (both personas must use it)."""

    def log_in(person):
        device = TOTPDeviceFactory(user=person.user)
        browser_login(person.email, PASSWORD)
        page.get_by_label("Code").fill(totp_code(device))
        submit(page, page.get_by_role("button", name="Continue"))
        return page

    return log_in


def test_a_branch_secretary_logs_in_and_lands_on_their_branch(page, log_in, branch_secretary_a):
    log_in(branch_secretary_a)
    assert page.url.endswith("/branches/alpha/")
    assert page.get_by_role("heading", level=1).inner_text() == "Alpha Branch"


def test_the_directory_filters_as_the_secretary_types(
    page, log_in, secretary, branch_secretary_a, branch_secretary_b
):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(secretary)
    page.goto("/branches/directory/")
    results = page.locator("#directory-results")
    assert "Alice Alpha" in results.inner_text()
    page.get_by_label("Search by name, post, branch or organisation").fill("beta")
    page.wait_for_url(re.compile(r"q=beta"))
    page.wait_for_function("!document.querySelector('#directory-results').innerText.includes('Alice Alpha')")
    assert "Bob Beta" in results.inner_text()
    assert not errors

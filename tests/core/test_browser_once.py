"""In a real browser, a form is sent once however often it is submitted: its buttons are
disabled (and busy) while it is sending (static/js/once.js)."""

import pytest

from tests.browser import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The test holds the form on the page (as a slow server would) by cancelling its sending
# after the page's own handlers have run, and notes whether they had cancelled it first.
HOLD = """() => {
    window.cancelledByThePage = [];
    window.addEventListener("submit", (e) => {
        window.cancelledByThePage.push(e.defaultPrevented);
        e.preventDefault();
    });
}"""


def test_a_form_is_sent_once_however_often_it_is_submitted(page):
    page.goto("/login/")
    page.evaluate(HOLD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_function("document.querySelector('button[aria-busy=true]') !== null")
    assert page.get_by_role("button", name="Log in").is_disabled()
    page.evaluate("document.querySelector('main form').requestSubmit()")  # a second try
    # The first went (the page did not cancel it); every later one was cancelled by the page.
    assert page.evaluate("window.cancelledByThePage") == [False, True]


def test_a_page_come_back_to_has_its_buttons_free(page):
    page.goto("/password_reset/")
    page.get_by_label("Email address").fill("nobody@example.org")
    submit(page, page.get_by_role("button", name="Send the link"))
    page.go_back()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Send the link").is_enabled()

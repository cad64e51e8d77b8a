"""In a real browser, a form is sent once however often it is submitted: its buttons are
disabled (and busy) while it is sending (static/js/once.js)."""

import pytest

from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_form_is_sent_once_however_often_it_is_submitted(page, member):
    held = []

    def hold_posts(route, request):
        if request.method == "POST":
            held.append(route)  # the server is slow: the answer has not come yet
        else:
            route.continue_()

    page.route("**/login/", hold_posts)
    page.goto("/login/")
    page.get_by_label("Email address").fill(member.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click(no_wait_after=True)
    page.wait_for_function("document.querySelector('button[aria-busy=true]') !== null", polling=50)
    assert page.evaluate("[...document.querySelectorAll('main form button')].every(b => b.disabled)")
    # A second try (a double click, Enter pressed again) is cancelled before it leaves.
    cancelled = page.evaluate(
        """() => {
            let cancelled = null;
            window.addEventListener("submit", (e) => { cancelled = e.defaultPrevented; }, {once: true});
            document.querySelector("main form").requestSubmit();
            return cancelled;
        }"""
    )
    assert cancelled is True
    held[0].continue_()
    page.wait_for_url(f"{page.base_url}/")
    assert len(held) == 1


def test_a_page_come_back_to_has_its_buttons_free(page):
    page.goto("/password_reset/")
    page.get_by_label("Email address").fill("nobody@example.org")
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_load_state()
    page.go_back()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Send the link").is_enabled()

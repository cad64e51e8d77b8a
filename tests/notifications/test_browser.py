"""In a real browser: the unread count in the navigation, and marking one read in place."""

import pytest

from tests.factories.accounts import PASSWORD
from tests.factories.notifications import NotificationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_sees_the_unread_count_and_marks_one_read_in_place(page, browser_login, member):
    NotificationFactory(person=member, delivered=True, subject="Agenda for Thursday")
    NotificationFactory(person=member, delivered=True, subject="Minutes approved")
    browser_login(member.user.email, PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_label("2 unread").is_visible()
    nav.get_by_role("link", name="Inbox").click()
    page.evaluate("window.samePage = true")
    page.get_by_role("button", name="Mark as read: Agenda for Thursday").click()
    page.get_by_role("button", name="Mark as read: Agenda for Thursday").wait_for(state="detached")
    assert page.evaluate("window.samePage === true")  # swapped in place by htmx, no reload
    assert page.get_by_role("button", name="Mark as read: Minutes approved").is_visible()
    page.reload()
    assert nav.get_by_label("1 unread").is_visible()

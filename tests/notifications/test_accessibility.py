"""WCAG 2.2 AA, checked by axe-core in Chromium: the inbox, the preferences (also with an
error shown), the Secretary's outbox with a failure and the one-click stop page."""

import pytest

from clp.notifications.emails import unsubscribe_token
from tests.browser import axe_violations, submit
from tests.factories.accounts import PASSWORD, TOTPDeviceFactory, totp_code
from tests.factories.notifications import NotificationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_notification_pages_meet_wcag_aa(a11y_page, secretary):
    page = a11y_page
    NotificationFactory(person=secretary, delivered=True, subject="Agenda for Thursday")
    NotificationFactory(
        person=secretary, delivered=True, subject="Minutes approved", read_at="2026-11-20T10:00Z"
    )
    NotificationFactory(failed=True, subject="Quarterly report due")
    device = TOTPDeviceFactory(user=secretary.user)
    page.goto("/login/")
    page.get_by_label("Email address").fill(secretary.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code").fill(totp_code(device))
    submit(page, page.get_by_role("button", name="Continue"))

    problems = {}
    for path in ["/notifications/", "/notifications/preferences/", "/notifications/outbox/"]:
        page.goto(path)
        problems[path] = axe_violations(page)

    page.goto("/notifications/preferences/")
    start = page.get_by_label("Quiet hours start")
    start.evaluate("field => { field.form.noValidate = true; }")  # let the server say what is wrong
    start.fill("")
    submit(page, page.get_by_role("button", name="Save"))
    assert page.get_by_text("Enter a time on the 24-hour clock, such as 23:00.").is_visible()
    problems["preferences with an error"] = axe_violations(page)

    page.goto(f"/notifications/stop/{unsubscribe_token(secretary.pk, 'meeting_reminder')}/")
    problems["stop link"] = axe_violations(page)
    assert {path: found for path, found in problems.items() if found} == {}

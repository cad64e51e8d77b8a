"""WCAG 2.2 AA (axe-core in Chromium) on the Secretary's meeting pages, forms with their
errors shown included."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings import services
from tests.browser import axe_violations, submit
from tests.factories.accounts import PASSWORD, TOTPDeviceFactory, totp_code
from tests.factories.meetings import PDF_BYTES
from tests.meetings.conftest import held_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_meeting_pages_meet_wcag_aa(a11y_page, secretary, chair, ec_rules, ec_meeting):
    page = a11y_page
    item = services.item_add(meeting=ec_meeting, title="Campaign plan", presenter="Chair", minutes_allowed=30)
    services.paper_add(item=item, upload=SimpleUploadedFile("plan.pdf", PDF_BYTES), title="The plan")
    past = held_meeting()
    minuted = services.item_add(meeting=past, title="Budget", minutes_allowed=10)
    services.decision_record(item=minuted, motion="That the budget is adopted", outcome="carried")
    services.action_record(
        item=minuted,
        description="Send the budget to branches",
        owner_person=chair,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    services.attendance_visitor_add(meeting=past, name="Sam Guest", visitor_from="Regional office")

    device = TOTPDeviceFactory(user=secretary.user)
    page.goto("/login/")
    page.get_by_label("Email address").fill(secretary.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code").fill(totp_code(device))
    submit(page, page.get_by_role("button", name="Continue"))

    problems = {}

    def check(label):
        found = axe_violations(page)
        if found:
            problems[label] = found

    for path in [
        "/meetings/",
        f"/meetings/{ec_meeting.pk}/",
        f"/meetings/{past.pk}/attendance/",
        f"/meetings/{past.pk}/minutes/",
        "/meetings/actions/",
        "/meetings/calendar/",
        "/meetings/plan/",
        f"/meetings/{ec_meeting.pk}/cancel/",
        "/meetings/standing-orders/",
    ]:
        page.goto(path)
        check(path)

    # Forms with their errors shown.
    page.goto("/meetings/plan/year/")
    page.get_by_label("Starting from the month of").fill("")
    submit(page, page.get_by_role("button", name="Save"))
    check("plan a year, with errors")
    page.goto(f"/meetings/{past.pk}/attendance/")
    submit(page, page.get_by_role("button", name="Add visitor"))
    assert "Give the visitor" in page.content()
    check("add a visitor, with errors")
    page.goto(f"/meetings/{past.pk}/minutes/")
    section = page.locator(f"#item-{minuted.pk}")
    section.get_by_text("Add an action").click()
    section.get_by_role("button", name="Record the action").click()
    page.locator(f"#item-{minuted.pk} .errorlist").first.wait_for()
    check("record an action, with errors")
    assert problems == {}

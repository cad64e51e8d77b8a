"""In a real browser, on the night: a 10-item meeting minuted on one page (htmx), with the
page loads counted; attendance with "mark all present"; a member's own apologies reaching
the Secretary's list."""

import datetime

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import Action, Attendance, Decision
from tests.browser import submit
from tests.factories.accounts import PASSWORD, TOTPDeviceFactory, totp_code
from tests.meetings.conftest import held_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The minutes page itself, once: every note, decision and action after it is saved in place.
PAGE_LOADS_TO_MINUTE_TEN_ITEMS = 1


def _login(page, person):
    device = TOTPDeviceFactory(user=person.user)
    page.goto("/login/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code").fill(totp_code(device))
    submit(page, page.get_by_role("button", name="Continue"))


def test_a_ten_item_meeting_is_minuted_on_one_page(page, secretary, chair, ec_rules):
    meeting = held_meeting()
    for title in ["Campaign plan", "Treasurer's report", "Fundraising", "Youth work", "Elections"]:
        services.item_add(meeting=meeting, title=title, minutes_allowed=10)
    items = list(meeting.items.order_by("order"))
    assert len(items) == 10
    services.attendance_record(
        meeting=meeting,
        rows=[(secretary, Attendance.Status.PRESENT, True), (chair, Attendance.Status.PRESENT, True)],
    )
    due = f"{timezone.localdate() + datetime.timedelta(days=14):%Y-%m-%d}"
    _login(page, secretary)

    loads = []
    page.on("load", lambda _: loads.append(page.url))
    page.goto(f"/meetings/{meeting.pk}/minutes/")
    for n, item in enumerate(items, start=1):
        section = page.locator(f"#item-{item.pk}")
        section.locator("textarea[name=note]").fill(f"Discussed item {n}.")
        section.get_by_role("button", name="Save the note").click()
        page.locator(f"#item-{item.pk} [role=status]").wait_for()
        if n % 3 != 1:
            continue  # a decision on items 1, 4, 7 and 10
        section.get_by_text("Add a decision").click()
        section.locator("textarea[name=motion]").fill(f"That the EC agrees item {n}")
        section.locator("select[name=outcome]").select_option("carried")
        section.get_by_role("button", name="Record the decision").click()
        page.locator(f"#item-{item.pk} .decision").wait_for()
    # One item with a note, a decision and two actions, as the issue measured.
    busy = page.locator(f"#item-{items[3].pk}")
    adding = busy.locator(f"form[action='/meetings/items/{items[3].pk}/actions/']")
    for n, owner in enumerate([chair, secretary], start=1):
        busy.get_by_text("Add an action").click()
        adding.locator("textarea[name=description]").fill(f"Action {n}")
        adding.locator("select[name=owner]").select_option(f"person:{owner.pk}")
        adding.locator("input[name=due_on]").fill(due)
        adding.get_by_role("button", name="Record the action").click()
        page.locator(f"#item-{items[3].pk} .action").nth(n - 1).wait_for()

    assert len(loads) == PAGE_LOADS_TO_MINUTE_TEN_ITEMS, loads
    assert sorted(meeting.items.values_list("note", flat=True)) == sorted(
        f"Discussed item {n}." for n in range(1, 11)
    )
    assert Decision.objects.filter(item__meeting=meeting).count() == 4
    assert [a.description for a in Action.objects.filter(item=items[3]).order_by("pk")] == [
        "Action 1",
        "Action 2",
    ]

    # A draft decision corrected and one removed, in place.
    first = page.locator(f"#item-{items[0].pk}")
    first.get_by_text("Correct").first.click()
    first.locator("form[action*=edit] select[name=outcome]").select_option("lost")
    first.get_by_role("button", name="Save the correction").click()
    page.get_by_text("Decision corrected.").wait_for()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#item-{items[3].pk}").get_by_role("button", name="Remove").first.click()
    page.get_by_text("Decision removed.").wait_for()
    assert Decision.objects.get(item=items[0]).outcome == "lost"
    assert not Decision.objects.filter(item=items[3]).exists()
    assert len(loads) == PAGE_LOADS_TO_MINUTE_TEN_ITEMS


def test_attendance_with_mark_all_present_then_the_exceptions(page, secretary, chair, ec_member, ec_rules):
    meeting = held_meeting()
    Attendance.objects.create(meeting=meeting, person=ec_member, status="apologies", voting=True)
    _login(page, secretary)
    page.goto(f"/meetings/{meeting.pk}/attendance/")
    assert "0 present of 3 entitled to vote" in page.locator("#quorum").inner_text()

    page.get_by_role("button", name="Mark all present").click()
    page.locator("#quorum", has_text="2 present of 3").wait_for()
    # The exception: the Chair is online, not in the room; the delegate's apologies stayed.
    with page.expect_response(lambda r: r.url.endswith("/attendance/") and r.request.method == "POST"):
        page.get_by_role("group", name="Chris Chair").get_by_label("Online").check()
    rows = {
        a.person.last_name: a.presence
        for a in Attendance.objects.filter(meeting=meeting).select_related("person")
    }
    assert rows == {"Secretary": "present", "Chair": "online", "Delegate": "apologies"}
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_members_own_apologies_reach_the_attendance_list(page, secretary, ec_member, ec_meeting):
    _login(page, ec_member)
    page.goto(f"/meetings/{ec_meeting.pk}/")
    page.get_by_role("button", name="Send my apologies").click()
    page.get_by_role("button", name="Withdraw my apologies").wait_for()

    page.context.clear_cookies()  # the Secretary, in the same browser
    _login(page, secretary)
    page.goto(f"/meetings/{ec_meeting.pk}/attendance/")
    delegate = page.get_by_role("group", name="Dee Delegate")
    assert delegate.get_by_label("Apologies").is_checked()
    assert not delegate.get_by_label("In the room").is_checked()


def test_on_a_375_pixel_phone_every_meeting_page_fits_and_meets_wcag_aa(
    a11y_page, secretary, chair, ec_meeting
):
    from tests.browser import axe_violations

    page = a11y_page
    page.set_viewport_size({"width": 375, "height": 800})
    services.item_add(
        meeting=ec_meeting, title="A campaign plan with a rather long title for a phone", minutes_allowed=30
    )
    past = held_meeting()
    item = services.item_add(meeting=past, title="Budget", minutes_allowed=10)
    services.decision_record(item=item, motion="That the budget is adopted", outcome="carried")
    services.action_record(
        item=item, description="Send the budget to branches", owner_person=chair, due_on=timezone.localdate()
    )
    _login(page, secretary)
    too_wide, problems = {}, {}
    for path in [
        "/",
        f"/meetings/{ec_meeting.pk}/",
        f"/meetings/{past.pk}/minutes/",
        f"/meetings/{past.pk}/attendance/",
    ]:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            too_wide[path] = width
        found = axe_violations(page)
        if found:
            problems[path] = found
    assert too_wide == {} and problems == {}

    # The menu folds behind one button.
    menu = page.get_by_role("button", name="Menu")
    assert page.get_by_role("link", name="Meetings").first.is_hidden()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").is_visible()

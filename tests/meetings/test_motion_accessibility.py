"""WCAG 2.2 AA (axe-core in Chromium) on every motions page, as the Secretary sees them
(every form shown), forms with their errors shown included."""

import datetime

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import Meeting, Motion
from meetings.services import motions as motion_services
from tests.browser import axe_violations, submit
from tests.factories.accounts import PASSWORD, TOTPDeviceFactory, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _motion(meeting, branch, title, text):
    return motion_services.motion_submit(
        meeting=meeting,
        title=title,
        text=text,
        proposer="Alice Alpha",
        seconder="Ann Other",
        submitted_from=Motion.From.BRANCH,
        branch=branch,
    )


def test_the_motions_pages_meet_wcag_aa(a11y_page, secretary, branch_a):
    page = a11y_page
    soon = services.meeting_plan(
        kind=Meeting.Kind.GENERAL, starts_at=timezone.now() + datetime.timedelta(days=30)
    )
    amended = _motion(soon, branch_a, "Buses", "This CLP supports buses.\nAnd trams.")
    motion_services.amendment_propose(
        motion=amended, op="replace", first_line=1, last_line=1, text="Trains.", mover="B"
    )
    motion_services.amendment_propose(
        motion=amended, op="delete", first_line=1, last_line=1, text="", mover="C"
    )
    _motion(soon, branch_a, "Libraries", "This CLP supports libraries.")

    past = services.meeting_plan(
        kind=Meeting.Kind.GENERAL, starts_at=timezone.now() - datetime.timedelta(days=2)
    )
    to_vote = _motion(past, branch_a, "Parks", "This CLP supports parks.")
    motion_services.amendment_propose(motion=to_vote, op="insert", first_line=1, text="And lidos.", mover="D")
    carried = _motion(past, branch_a, "Housing", "This CLP supports council housing.")
    for m in (to_vote, carried):
        motion_services.motion_accept_emergency(motion=m)
    motion_services.motions_to_agenda(meeting=past)
    services.meeting_mark_held(meeting=past)
    motion_services.motion_vote(motion=carried, outcome="carried")
    carried.refresh_from_db()
    motion_services.motion_send(motion=carried, body="regional", sent_on=timezone.localdate())

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
        f"/meetings/{soon.pk}/motions/",
        f"/meetings/{soon.pk}/motions/submit/",
        f"/meetings/{soon.pk}/motions/composite/",
        f"/meetings/motions/{amended.pk}/",
        f"/meetings/motions/{amended.pk}/amend/",
        f"/meetings/motions/{amended.pk}/edit/",
        f"/meetings/motions/{to_vote.pk}/",
        f"/meetings/motions/{carried.pk}/",
        f"/meetings/motions/register/?year={timezone.localdate().year}",
    ]:
        page.goto(path)
        check(path)
    page.goto(f"/meetings/motions/{amended.pk}/")
    page.get_by_text("The motion with this amendment").first.click()
    check("an amendment shown applied")

    # Forms with their errors shown.
    page.goto(f"/meetings/{soon.pk}/motions/submit/")
    submit(page, page.get_by_role("button", name="Save"))
    assert "This field is required" in page.content()
    check("submit, with errors")
    page.goto(f"/meetings/motions/{amended.pk}/amend/")
    page.get_by_label("The change").select_option("delete")
    page.get_by_label("From line").fill("9")
    page.get_by_label("Mover").fill("Someone")
    submit(page, page.get_by_role("button", name="Propose the amendment"))
    assert "there is no line 9" in page.content()
    check("amend, with errors")
    page.goto(f"/meetings/motions/{to_vote.pk}/")
    submit(page, page.get_by_role("button", name="Record the vote on the motion"))
    assert "Vote on the amendments first" in page.content()
    check("vote, refused")
    assert problems == {}

"""The whole cycle, through the pages: plan, agenda, agree, circulate, hold, minute, approve."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from clp.notifications.models import Notification
from meetings import exports, services
from meetings.models import Action, Decision, Meeting, MinutesAmendment
from tests.factories.meetings import PDF_BYTES
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db


def test_secretary_runs_a_meeting_from_planning_to_approved_minutes(
    client_for, secretary, chair, posts, ec_rules
):
    client = client_for(secretary)
    day = timezone.localdate() + datetime.timedelta(days=21)

    # Plan: the standing items come by themselves.
    response = client.post(
        reverse("meetings:create"),
        {"kind": "ec", "starts_at": f"{day:%Y-%m-%d}T19:30", "venue": "Trades Hall", "title": ""},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert [i.standing for i in meeting.items.all()] == [
        "apologies",
        "minutes",
        "matters_arising",
        "correspondence",
        "aob",
    ]

    # Draft the agenda: new items go before any other business; a paper on one of them.
    client.post(
        reverse("meetings:item_add", kwargs={"pk": meeting.pk}),
        {"title": "Campaign plan", "kind": "decision", "presenter": "Chair", "minutes_allowed": 30},
    )
    client.post(
        reverse("meetings:item_add", kwargs={"pk": meeting.pk}),
        {"title": "Letter from the council", "kind": "information", "minutes_allowed": 10},
    )
    campaign = meeting.items.get(title="Campaign plan")
    client.post(
        reverse("meetings:paper_upload", kwargs={"pk": campaign.pk}),
        {"title": "Campaign plan 2027", "file": SimpleUploadedFile("plan.pdf", PDF_BYTES)},
    )
    assert meeting.items.last().standing == "aob"
    assert meeting.items.get(title="Letter from the council").minutes_allowed == 0
    assert campaign.papers.get().title == "Campaign plan 2027"
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_DRAFTED

    page = client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).content.decode()
    assert "Campaign plan 2027" in page and "Letter from the council" in page

    # Agree with the Chair, then circulate with the PDF attached.
    client.post(reverse("meetings:agree", kwargs={"pk": meeting.pk}))
    client.post(reverse("meetings:circulate", kwargs={"pk": meeting.pk}))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PAPERS_CIRCULATED
    agenda_mail = Notification.objects.filter(key__startswith=f"meeting:{meeting.pk}:agenda")
    assert agenda_mail.filter(post=posts["secretary"]).exists()
    paper = campaign.papers.get()
    assert agenda_mail.first().attachments == [
        ["meetings.exports.agenda_attachment", [meeting.pk]],
        ["meetings.exports.paper_attachment", [paper.pk]],
    ]
    assert exports.paper_attachment(paper.pk) == ("plan.pdf", "application/pdf", PDF_BYTES)

    # The meeting: held, attendance with the quorum, then the minutes.
    with time_machine.travel(at(day, 19, 35)):
        client = client_for(secretary)
        client.post(reverse("meetings:held", kwargs={"pk": meeting.pk}))
        page = client.get(reverse("meetings:attendance", kwargs={"pk": meeting.pk})).content.decode()
        assert "Quorum: 2 voting members needed" in page
        client.post(
            reverse("meetings:attendance", kwargs={"pk": meeting.pk}),
            {
                "form-TOTAL_FORMS": 2,
                "form-INITIAL_FORMS": 2,
                "form-0-person": secretary.pk,
                "form-0-status": "present",
                "form-0-voting": "on",
                "form-1-person": chair.pk,
                "form-1-status": "present",
                "form-1-voting": "on",
            },
        )
        client.post(
            reverse("meetings:item_note", kwargs={"pk": campaign.pk}), {"note": "Discussed the plan."}
        )
        client.post(
            reverse("meetings:decision_add", kwargs={"pk": campaign.pk}),
            {
                "motion": "That the EC adopts the campaign plan",
                "outcome": "carried",
                "votes_for": 2,
                "votes_against": 0,
            },
        )
        client.post(
            reverse("meetings:action_add", kwargs={"pk": campaign.pk}),
            {
                "description": "Book the hall",
                "owner": f"person:{chair.pk}",
                "due_on": f"{day + datetime.timedelta(days=14)}",
            },
        )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_DRAFTED
    assert Decision.objects.get().quorate
    action = Action.objects.get()
    assert action.owner_person == chair

    # The next meeting approves the minutes; its matters arising list the open action.
    following = services.meeting_plan(kind="ec", starts_at=at(day + datetime.timedelta(days=28)))
    with time_machine.travel(at(day + datetime.timedelta(days=1), 10)):
        client = client_for(secretary)
        response = client.post(reverse("meetings:approve", kwargs={"pk": meeting.pk}), follow=True)
        assert "Minutes are approved at the next meeting" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_DRAFTED

    with time_machine.travel(at(day + datetime.timedelta(days=28), 19, 45)):
        client = client_for(secretary)
        page = client.get(reverse("meetings:detail", kwargs={"pk": following.pk})).content.decode()
        assert "Book the hall" in page
        client.post(reverse("meetings:approve", kwargs={"pk": meeting.pk}))
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.MINUTES_APPROVED
        assert meeting.approved_at_meeting == following
        assert Notification.objects.filter(key__startswith=f"meeting:{meeting.pk}:minutes").exists()

        # Locked: no silent edit, but a recorded amendment.
        response = client.post(
            reverse("meetings:item_note", kwargs={"pk": campaign.pk}), {"note": "Rewritten"}, follow=True
        )
        assert "locked" in response.content.decode()
        campaign.refresh_from_db()
        assert campaign.note == "Discussed the plan."
        client.post(
            reverse("meetings:amend", kwargs={"pk": meeting.pk}),
            {"item": campaign.pk, "correction": "The vote was 2 for, not 1.", "reason": "Miscounted."},
        )
        amendment = MinutesAmendment.objects.get()
        assert amendment.recorded_by == secretary.user
        minutes_page = client.get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})).content.decode()
        assert "The vote was 2 for" in minutes_page


def test_planning_a_year_of_ec_meetings_on_the_second_tuesday(client_for, secretary):
    first = timezone.localdate().replace(day=1) + datetime.timedelta(days=40)
    data = {
        "kind": "ec",
        "nth": 2,
        "weekday": 1,
        "start_time": "19:30",
        "first_month": f"{first:%Y-%m-%d}",
        "months": 12,
        "skip_august": "on",
        "venue": "Trades Hall",
    }
    client = client_for(secretary)
    client.post(reverse("meetings:plan_year"), data)
    client.post(reverse("meetings:plan_year"), data)  # twice: no duplicates
    meetings = list(Meeting.objects.all())
    assert len(meetings) == 11
    for meeting in meetings:
        local = timezone.localtime(meeting.starts_at)
        assert local.weekday() == 1 and 8 <= local.day <= 14 and local.hour == 19
        assert meeting.items.count() == 5


def test_branch_secretary_plans_only_their_branchs_meetings(
    client_for, branch_secretary_a, branch_a, branch_b
):
    client = client_for(branch_secretary_a)
    when = f"{timezone.localdate() + datetime.timedelta(days=10):%Y-%m-%d}T19:00"
    client.post(reverse("meetings:create"), {"kind": "branch", "branch": branch_b.pk, "starts_at": when})
    client.post(reverse("meetings:create"), {"kind": "ec", "starts_at": when})
    assert not Meeting.objects.exists()
    client.post(reverse("meetings:create"), {"kind": "branch", "branch": branch_a.pk, "starts_at": when})
    assert Meeting.objects.get().branch == branch_a


def test_the_minutes_page_numbers_items_as_the_agenda_did_and_waits_for_the_next_meeting(
    client_for, secretary, ec_rules
):
    from tests.meetings.conftest import held_meeting

    meeting = held_meeting()
    services.item_add(meeting=meeting, title="Letter from the council", kind="information")
    services.item_note_save(item=meeting.items.get(standing="aob"), note="Nothing raised.")
    services.meeting_plan(kind="ec", starts_at=timezone.now() + datetime.timedelta(days=20))
    page = client_for(secretary).get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})).content.decode()
    assert "5. Any other business" in page  # as on the agenda: the letter has no number
    assert "Letter from the council <small>(for information" in page
    assert "You can record the approval once that meeting has started." in page
    assert "Record the minutes as approved" not in page

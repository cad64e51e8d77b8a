"""Bad input gets a clear message, and nothing is half-saved."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from clp.notifications.models import Notification
from meetings import services
from meetings.models import Action, Decision, Meeting, Paper
from meetings.services import agenda as agenda_services
from tests.factories.meetings import PDF_BYTES, AttendanceFactory
from tests.meetings.conftest import at, held_meeting

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_circulating_for_a_meeting_in_the_past_is_refused(client_for, secretary):
    meeting = services.meeting_plan(
        kind="ec", starts_at=at(timezone.localdate() - datetime.timedelta(days=1))
    )
    services.agenda_agree(meeting=meeting)
    response = client_for(secretary).post(
        reverse("meetings:circulate", kwargs={"pk": meeting.pk}), follow=True
    )
    assert "This meeting is in the past, so its agenda cannot be circulated." in messages_of(response)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_AGREED
    assert not Notification.objects.exists()


def test_circulating_before_the_chair_agrees_is_refused(client_for, secretary, ec_meeting):
    response = client_for(secretary).post(
        reverse("meetings:circulate", kwargs={"pk": ec_meeting.pk}), follow=True
    )
    assert "Agree the agenda with the Chair before circulating it." in messages_of(response)


def test_late_notice_is_warned_but_the_agenda_goes(client_for, secretary, ec_rules):
    meeting = services.meeting_plan(
        kind="ec", starts_at=at(timezone.localdate() + datetime.timedelta(days=3))
    )
    services.agenda_agree(meeting=meeting)
    response = client_for(secretary).post(
        reverse("meetings:circulate", kwargs={"pk": meeting.pk}), follow=True
    )
    assert any("less than the 7 days' notice" in m for m in messages_of(response))


@pytest.fixture
def item(db):
    return services.item_add(meeting=held_meeting(), title="Fundraising")


def test_an_action_without_an_owner_is_refused(client_for, secretary, item):
    response = client_for(secretary).post(
        reverse("meetings:action_add", kwargs={"pk": item.pk}),
        {"description": "Book the hall", "due_on": f"{timezone.localdate():%Y-%m-%d}"},
    )
    assert response.status_code == 400
    assert "An action needs an owner: choose a person or a post." in response.content.decode()
    assert not Action.objects.exists()


def test_an_action_without_a_due_date_is_refused(client_for, secretary, chair, item):
    response = client_for(secretary).post(
        reverse("meetings:action_add", kwargs={"pk": item.pk}),
        {"description": "Book the hall", "owner": f"person:{chair.pk}"},
    )
    assert "An action needs a due date." in response.content.decode()
    assert not Action.objects.exists()


def test_a_paper_of_the_wrong_type_is_refused(client_for, secretary, item):
    upload = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 this is really a program")
    response = client_for(secretary).post(
        reverse("meetings:paper_upload", kwargs={"pk": item.pk}), {"file": upload}, follow=True
    )
    assert any("is not a file type we accept" in m for m in messages_of(response))
    assert not Paper.objects.exists()


def test_a_paper_too_large_is_refused_and_leaves_no_file(
    client_for, secretary, item, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(agenda_services, "PAPER_MAX_BYTES", 100)
    response = client_for(secretary).post(
        reverse("meetings:paper_upload", kwargs={"pk": item.pk}),
        {"file": SimpleUploadedFile("big.pdf", PDF_BYTES + b" " * 200)},
        follow=True,
    )
    assert any("the largest file allowed is 100" in m for m in messages_of(response))
    assert not Paper.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_decision_without_quorum_is_warned_and_recorded_as_such(
    client_for, secretary, chair, item, ec_rules
):
    AttendanceFactory(meeting=item.meeting, person=secretary, voting=True)  # one present; two needed
    response = client_for(secretary).post(
        reverse("meetings:decision_add", kwargs={"pk": item.pk}),
        {"motion": "That we hold a jumble sale", "outcome": "carried"},
        follow=True,
    )
    assert any("not quorate" in m for m in messages_of(response))
    assert Decision.objects.get().quorate is False
    assert "Taken without a quorum" in response.content.decode()


def test_minutes_cannot_be_taken_before_the_meeting_is_held(client_for, secretary, ec_meeting):
    item = ec_meeting.items.first()
    response = client_for(secretary).post(
        reverse("meetings:decision_add", kwargs={"pk": item.pk}), {"motion": "Early", "outcome": "carried"}
    )
    assert "Mark the meeting as held before recording its minutes." in response.content.decode()
    assert not Decision.objects.exists()


def test_an_action_due_before_the_meeting_is_refused(client_for, secretary, chair, item):
    response = client_for(secretary).post(
        reverse("meetings:action_add", kwargs={"pk": item.pk}),
        {"description": "Book the hall", "owner": f"person:{chair.pk}", "due_on": "2001-01-01"},
    )
    assert response.status_code == 400
    assert "The due date is before the meeting that agreed the action." in response.content.decode()
    assert not Action.objects.exists()


def test_more_votes_than_voting_members_present_is_refused(client_for, secretary, chair, item):
    from meetings.models import Attendance

    services.attendance_record(
        meeting=item.meeting,
        rows=[(secretary, Attendance.Status.PRESENT, True), (chair, Attendance.Status.PRESENT, True)],
    )
    response = client_for(secretary).post(
        reverse("meetings:decision_add", kwargs={"pk": item.pk}),
        {"motion": "That we adopt the plan", "outcome": "carried", "votes_for": 50, "votes_against": 3},
    )
    assert response.status_code == 400
    assert "53 votes are counted but only 2 voting members are recorded as present" in (
        response.content.decode()
    )
    assert not Decision.objects.exists()


def test_an_item_longer_than_a_meeting_is_refused_plainly(client_for, secretary, ec_meeting):
    response = client_for(secretary).post(
        reverse("meetings:item_add", kwargs={"pk": ec_meeting.pk}),
        {"title": "Everything", "kind": "decision", "minutes_allowed": 99999},
        follow=True,
    )
    assert "An item can have at most 180 minutes" in response.content.decode()
    assert not ec_meeting.items.filter(title="Everything").exists()

"""The agenda and minutes PDFs, read back; the management command; the calendar feed."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from meetings import exports, services
from meetings.models import Meeting
from tests.factories.meetings import CalendarFeedFactory, MeetingFactory, PaperFactory
from tests.meetings.conftest import held_meeting

pytestmark = pytest.mark.django_db


def text_of(pdf_bytes):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)


@pytest.fixture
def minuted(chair, posts):
    meeting = held_meeting()
    item = services.item_add(meeting=meeting, title="Campaign plan", presenter="Chair", minutes_allowed=30)
    services.decision_record(
        item=item,
        motion="That the EC adopts the campaign plan",
        outcome="carried",
        votes_for=9,
        votes_against=2,
    )
    services.action_record(
        item=item,
        description="Book the hall for the launch",
        owner_person=chair,
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    services.action_record(
        item=item,
        description="Send the leaflet to print",
        owner_post=posts["secretary"],
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    return meeting


def test_agenda_pdf_lists_items_times_and_papers(ec_meeting):
    item = services.item_add(meeting=ec_meeting, title="Campaign plan", presenter="Chair", minutes_allowed=30)
    services.item_add(meeting=ec_meeting, title="Letter from the council", kind="information")
    PaperFactory(item=item, title="Campaign plan 2027")
    filename, content_type, content = exports.agenda_pdf(ec_meeting.pk)
    text = text_of(content)
    assert content_type == "application/pdf" and filename.endswith("-agenda.pdf")
    for expected in [
        "Apologies",
        "Campaign plan",
        "Matters arising",
        "Any other business",
        "19:30",
        "Campaign plan 2027",
        "Correspondence file",
        "Letter from the council",
    ]:
        assert expected in text, expected


def test_minutes_pdf_holds_decisions_votes_and_actions(minuted):
    text = text_of(exports.minutes_pdf(minuted.pk)[2])
    assert "That the EC adopts the campaign plan" in text
    assert "Carried" in text and "For 9" in text and "Against 2" in text
    assert "Book the hall for the launch" in text and "Chris Chair" in text
    assert "Send the leaflet to print" in text and "Secretary" in text
    assert "Draft: not yet approved" in text


def test_meeting_pdf_command_writes_the_minutes(minuted, tmp_path):
    out = tmp_path / "minutes.pdf"
    call_command("meeting_pdf", str(minuted.pk), "--minutes", "--output", str(out))
    assert "Book the hall for the launch" in text_of(out.read_bytes())


def test_the_pdf_downloads_only_for_those_who_see_the_meeting(client_for, treasurer, member, minuted):
    response = client_for(treasurer).get(reverse("meetings:minutes_pdf", kwargs={"pk": minuted.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        client_for(member).get(reverse("meetings:minutes_pdf", kwargs={"pk": minuted.pk})).status_code == 403
    )


def test_calendar_feed_parses_and_lists_the_meetings_its_owner_sees(client, secretary, branch_a):
    MeetingFactory(title="EC December")
    MeetingFactory(kind=Meeting.Kind.BRANCH, branch=branch_a, title="Alpha branch meeting")
    feed = CalendarFeedFactory(person=secretary)
    response = client.get(reverse("meetings:feed", kwargs={"token": feed.token}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = {str(e["summary"]) for e in calendar.walk("VEVENT")}
    assert summaries == {"EC December", "Alpha branch meeting"}


def test_calendar_feed_needs_its_token(client, secretary):
    CalendarFeedFactory(person=secretary)
    assert client.get(reverse("meetings:feed", kwargs={"token": "not-the-token"})).status_code == 404


def test_a_member_with_no_post_gets_an_empty_feed(client, member):
    MeetingFactory(title="EC December")
    feed = CalendarFeedFactory(person=member)
    calendar = Calendar.from_ical(client.get(reverse("meetings:feed", kwargs={"token": feed.token})).content)
    assert calendar.walk("VEVENT") == []


def test_a_new_calendar_address_retires_the_old_one(client_for, secretary):
    client = client_for(secretary)
    client.get(reverse("meetings:calendar"))
    old = secretary.calendar_feed.token
    client.post(reverse("meetings:calendar_reset"))
    secretary.refresh_from_db()
    assert secretary.calendar_feed.token != old
    client.logout()
    assert client.get(reverse("meetings:feed", kwargs={"token": old})).status_code == 404


def test_the_minutes_pdf_records_apologies_and_the_minutes_approved_at_the_meeting(
    secretary, chair, ec_rules
):
    from meetings.models import Attendance

    earlier = held_meeting()
    services.item_note_save(item=earlier.items.get(standing="apologies"), note="")
    meeting = services.meeting_plan(kind="ec", starts_at=timezone.now() - datetime.timedelta(days=1))
    services.meeting_mark_held(meeting=meeting)
    services.minutes_approve(meeting=earlier)
    services.attendance_record(
        meeting=meeting, rows=[(secretary, Attendance.Status.PRESENT, True), (chair, "apologies", True)]
    )
    text = " ".join(text_of(exports.minutes_pdf(meeting.pk)[2]).split())
    assert f"Apologies were received from {chair}." in text
    day = timezone.localtime(earlier.starts_at)
    assert f"The minutes of the meeting of {day:%-d %B %Y} were approved as a true record." in text


def test_calendar_feed_gives_london_times_with_their_timezone_on_both_sides_of_the_clock_change(
    client, secretary
):
    import zoneinfo

    london = zoneinfo.ZoneInfo("Europe/London")
    summer = MeetingFactory(title="EC June", starts_at=datetime.datetime(2027, 6, 8, 19, 30, tzinfo=london))
    winter = MeetingFactory(title="EC Dec", starts_at=datetime.datetime(2027, 12, 14, 19, 30, tzinfo=london))
    feed = CalendarFeedFactory(person=secretary)
    response = client.get(reverse("meetings:feed", kwargs={"token": feed.token}))
    body = response.content.decode()
    assert "BEGIN:VTIMEZONE" in body and "TZID:Europe/London" in body
    assert "DTSTART;TZID=Europe/London:20270608T193000" in body
    assert "DTSTART;TZID=Europe/London:20271214T193000" in body
    assert "private" in response["Cache-Control"]
    events = {str(e["summary"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert events["EC June"].decoded("dtstart") == summer.starts_at
    assert events["EC Dec"].decoded("dtstart") == winter.starts_at
    timezones = Calendar.from_ical(response.content).walk("VTIMEZONE")
    assert {str(c["tzname"]) for t in timezones for c in t.subcomponents} >= {"GMT", "BST"}

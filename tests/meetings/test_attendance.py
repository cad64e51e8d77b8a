"""Attendance as the Secretary takes it: members, new members (no vote yet) and visitors."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings import exports, selectors, services
from meetings.models import Attendance, Meeting
from tests.factories.meetings import StandingOrderFactory
from tests.factories.officers import PersonFactory
from tests.meetings.conftest import held_meeting

pytestmark = pytest.mark.django_db


def text_of(pdf_bytes):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)


@pytest.fixture
def general_meeting(db):
    StandingOrderFactory(kind=Meeting.Kind.GENERAL, quorum_number=2, quorum_fraction=None)
    return held_meeting(kind=Meeting.Kind.GENERAL)


def test_a_new_member_attends_a_general_meeting_without_a_vote_until_confirmed(general_meeting):
    confirmed = PersonFactory(membership_status="member", last_name="Adams")
    new = PersonFactory(membership_status="new", last_name="Baker")
    lapsed = PersonFactory(membership_status="lapsed", last_name="Clarke")
    expected = dict(selectors.expected_attendees(general_meeting))
    assert expected[confirmed] is True
    assert expected[new] is False
    assert lapsed not in expected


def test_new_members_still_receive_the_agenda_of_a_general_meeting(secretary):
    new = PersonFactory(membership_status="new", email="new.member@example.org")
    meeting = services.meeting_plan(kind="general", starts_at=timezone.now() + datetime.timedelta(days=20))
    people, _ = services.circulation_recipients(meeting)
    assert new in people


def test_secretary_adds_a_visitor_who_is_minuted_but_never_votes(client_for, secretary, general_meeting):
    client = client_for(secretary)
    response = client.post(
        reverse("meetings:visitor_add", kwargs={"pk": general_meeting.pk}),
        {"name": "Sam Guest", "visitor_from": "Regional office"},
        follow=True,
    )
    assert "Sam Guest added as a visitor (no vote)" in response.content.decode()
    visitor = Attendance.objects.get(meeting=general_meeting, person=None)
    assert visitor.status == "present" and visitor.voting is False
    assert selectors.quorum_for(general_meeting).present_voting == 0

    page = client.get(reverse("meetings:attendance", kwargs={"pk": general_meeting.pk})).content.decode()
    assert "Sam Guest (Regional office)" in page
    minutes = text_of(exports.minutes_pdf(general_meeting.pk)[2])
    assert "Also present (visitors, no vote): Sam Guest (Regional office)" in minutes.replace("\n", " ")

    client.post(reverse("meetings:visitor_remove", kwargs={"pk": visitor.pk}))
    assert not Attendance.objects.filter(meeting=general_meeting).exists()


def test_a_visitor_without_a_name_is_refused_plainly(client_for, secretary, general_meeting):
    response = client_for(secretary).post(
        reverse("meetings:visitor_add", kwargs={"pk": general_meeting.pk}), {"name": "  "}
    )
    assert response.status_code == 400
    assert "Give the visitor&#x27;s name." in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_visitor_cannot_be_recorded_as_voting(general_meeting):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="visitors do not vote"):
        Attendance(meeting=general_meeting, visitor_name="Sam", voting=True).full_clean()


def test_visitors_cannot_be_added_to_approved_minutes(secretary, general_meeting):
    from django.core.exceptions import ValidationError

    Meeting.objects.filter(pk=general_meeting.pk).update(status=Meeting.Status.MINUTES_APPROVED)
    general_meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="locked"):
        services.attendance_visitor_add(meeting=general_meeting, name="Late guest")
    assert not Attendance.objects.exists()

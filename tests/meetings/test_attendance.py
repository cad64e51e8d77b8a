"""Attendance as the Secretary takes it: members, new members (no vote yet) and visitors."""

import datetime
import io
import re

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


# --- Attendance in a minute (issue 13, part 3) --------------------------------------------


@pytest.fixture
def ec_night(db, secretary, chair, ec_member, ec_rules):
    """An EC held last week: the Secretary and Chair (voting officers), a delegate, and a
    co-ordinator who attends without a vote."""
    from tests.conftest import holder
    from tests.factories.officers import PostFactory

    coordinator = holder(
        PostFactory(name="Campaign Co-ordinator", ec_membership="non_voting"),
        first_name="Cora",
        last_name="Aardvark",
    )
    return held_meeting(), coordinator


def test_the_list_starts_from_those_expected_voting_first_with_post_and_branch(
    client_for, secretary, chair, ec_member, ec_night
):
    meeting, coordinator = ec_night
    expected = selectors.expected_attendees(meeting)
    assert [v for _, v in expected] == [True, True, True, False]
    assert expected[-1][0] == coordinator  # first by name, but without a vote: last

    page = (
        client_for(secretary).get(reverse("meetings:attendance", kwargs={"pk": meeting.pk})).content.decode()
    )
    assert "Dee Delegate" in page and "EC delegate · Alpha Branch · votes" in page
    assert "Campaign Co-ordinator" in page and "attends, no vote" in page
    assert page.index("Dee Delegate") < page.index("Cora Aardvark")


def test_mark_all_present_keeps_the_apologies_sent_before(client_for, secretary, chair, ec_member, ec_night):
    meeting, coordinator = ec_night
    Attendance.objects.create(meeting=meeting, person=chair, status="apologies", voting=True)
    client = client_for(secretary)
    response = client.post(reverse("meetings:attendance_all_present", kwargs={"pk": meeting.pk}), follow=True)
    assert "3 marked present: now change the exceptions." in response.content.decode()
    status = dict(Attendance.objects.filter(meeting=meeting).values_list("person__last_name", "status"))
    assert status == {
        "Secretary": "present",
        "Chair": "apologies",
        "Delegate": "present",
        "Aardvark": "present",
    }
    assert selectors.quorum_for(meeting).present_voting == 2


def test_the_quorum_updates_as_one_person_is_marked_online(client_for, secretary, chair, ec_member, ec_night):
    meeting, coordinator = ec_night
    client = client_for(secretary)
    people = [p for p, _ in selectors.expected_attendees(meeting)]
    data = {"form-TOTAL_FORMS": 4, "form-INITIAL_FORMS": 4}
    for i, person in enumerate(people):
        data[f"form-{i}-person"] = person.pk
        data[f"form-{i}-status"] = "absent"
    data["form-0-status"] = "present"
    data["form-1-status"] = "online"
    response = client.post(
        reverse("meetings:attendance", kwargs={"pk": meeting.pk}), data, headers={"HX-Request": "true"}
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<p id="quorum"')
    assert "2 present of 3 entitled to vote" in fragment and "status-ok" in fragment
    online = Attendance.objects.get(meeting=meeting, person=people[1])
    assert (online.status, online.online, online.voting) == ("present", True, True)


def test_nobody_else_can_be_recorded_as_a_voting_attendee(secretary, member, branch_b, ec_night):
    from django.core.exceptions import ValidationError

    meeting, coordinator = ec_night
    with pytest.raises(ValidationError, match="is not expected at this meeting: add them as a visitor"):
        services.attendance_record(meeting=meeting, rows=[(member, "present", False)])
    with pytest.raises(ValidationError, match="is not entitled to vote at this meeting"):
        services.attendance_record(meeting=meeting, rows=[(coordinator, "present", True)])
    other_branch = held_meeting(kind="branch", branch=branch_b)
    with pytest.raises(ValidationError, match="is not expected"):
        services.attendance_record(meeting=other_branch, rows=[(member, "present", True)])
    assert not Attendance.objects.exists()


def test_the_same_visitor_twice_is_refused_plainly(client_for, secretary, general_meeting):
    url = reverse("meetings:visitor_add", kwargs={"pk": general_meeting.pk})
    client_for(secretary).post(url, {"name": "Sam Guest"})
    response = client_for(secretary).post(url, {"name": "sam guest", "visitor_from": "elsewhere"})
    assert response.status_code == 400
    assert "sam guest is already on the list as a visitor." in response.content.decode()
    assert Attendance.objects.filter(meeting=general_meeting).count() == 1


def test_the_list_checks_each_persons_recorded_presence_under_the_names_the_form_reads(
    client_for, secretary, general_meeting
):
    """The rows are written out by the template, not the form's widgets: each person's
    presence is the one checked, and the page sent back as it stands saves the same list."""
    here = PersonFactory(membership_status="member", last_name="Adams")
    away = PersonFactory(membership_status="member", last_name="Baker")
    services.attendance_record(
        meeting=general_meeting, rows=[(here, "present", True), (away, "apologies", True)], online=[here]
    )
    client = client_for(secretary)
    url = reverse("meetings:attendance", kwargs={"pk": general_meeting.pk})
    page = client.get(url).content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    checked = dict(
        re.findall(r'<input type="radio" name="([^"]+)" value="(\w+)" id="id_\1_\d" checked>', page)
    )
    row = {
        int(value): name.removesuffix("-person") for name, value in hidden.items() if name.endswith("-person")
    }
    assert checked[f"{row[here.pk]}-status"] == "online"
    assert checked[f"{row[away.pk]}-status"] == "apologies"
    assert len(checked) == int(hidden["form-TOTAL_FORMS"]) == len(row)

    assert client.post(url, {**hidden, **checked}).status_code == 302
    rows = {a.person_id: (a.status, a.online) for a in Attendance.objects.filter(meeting=general_meeting)}
    assert rows[here.pk] == ("present", True) and rows[away.pk] == ("apologies", False)

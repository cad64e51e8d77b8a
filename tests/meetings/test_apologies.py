"""Members send their own apologies (and withdraw them) from the meeting's page, their
dashboard or the link in the circulation email; the Secretary sees them on the list; the
dashboard shows each person's next meetings, and a member with no post the General Meetings."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Attendance
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def general_meeting(db):
    return services.meeting_plan(
        kind="general",
        title="General Meeting",
        starts_at=at(timezone.localdate() + datetime.timedelta(days=10)),
    )


def test_a_member_with_no_post_sends_apologies_from_the_dashboard_and_the_secretary_sees_them(
    client_for, member, secretary, general_meeting, ec_meeting
):
    client = client_for(member)
    dashboard = client.get("/").content.decode()
    assert "Your next meetings" in dashboard and "General Meeting" in dashboard
    assert str(ec_meeting) not in dashboard  # the EC is not theirs to attend

    url = reverse("meetings:apologies", kwargs={"pk": general_meeting.pk})
    response = client.post(url, {"apologies": "send", "next": "/"}, follow=True)
    assert "Your apologies for General Meeting are sent to the Secretary." in response.content.decode()
    assert "Withdraw my apologies" in response.content.decode()
    row = Attendance.objects.get(meeting=general_meeting, person=member)
    assert row.status == "apologies"

    attendance = client_for(secretary).get(reverse("meetings:attendance", kwargs={"pk": general_meeting.pk}))
    page = attendance.content.decode()
    mine = page[page.index("Maya Member") :]
    (chosen,) = re.findall(r'<input[^>]*value="apologies"[^>]*>', mine[: mine.index("</fieldset>")])
    assert "checked" in chosen

    client_for(member).post(url, {"apologies": "withdraw"})
    assert not Attendance.objects.filter(meeting=general_meeting, person=member).exists()


def test_nobody_sends_apologies_for_a_meeting_they_are_not_expected_at(client_for, member, ec_meeting):
    url = reverse("meetings:apologies", kwargs={"pk": ec_meeting.pk})
    assert client_for(member).post(url, {"apologies": "send"}).status_code == 404
    assert not Attendance.objects.exists()


def test_the_circulation_email_carries_the_apologies_link(secretary, ec_meeting):
    body = services.circulation.agenda_body(ec_meeting)
    assert (
        f"Cannot come? Send your apologies: http://testserver/meetings/{ec_meeting.pk}/apologies/" in body
        or (f"/meetings/{ec_meeting.pk}/apologies/" in body)
    )

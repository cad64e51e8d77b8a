"""Who may change which meeting, through real POSTs (the matrix covers GETs)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from tests.factories.meetings import ActionFactory, AgendaItemFactory, PaperFactory
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch_meeting(branch_a):
    return services.meeting_plan(
        kind="branch", branch=branch_a, starts_at=at(timezone.localdate() + datetime.timedelta(days=10))
    )


def test_branch_secretary_runs_their_branchs_meeting(client_for, branch_secretary_a, branch_meeting):
    client = client_for(branch_secretary_a)
    client.post(
        reverse("meetings:item_add", kwargs={"pk": branch_meeting.pk}),
        {"title": "Canvassing", "kind": "decision", "minutes_allowed": 10},
    )
    client.post(reverse("meetings:agree", kwargs={"pk": branch_meeting.pk}))
    branch_meeting.refresh_from_db()
    assert branch_meeting.status == Meeting.Status.AGENDA_AGREED
    assert branch_meeting.items.filter(title="Canvassing").exists()


def test_branch_secretary_cannot_see_other_branchs_meeting(client_for, branch_secretary_b, branch_meeting):
    client = client_for(branch_secretary_b)
    assert client.get(reverse("meetings:detail", kwargs={"pk": branch_meeting.pk})).status_code == 404
    assert client.post(reverse("meetings:agree", kwargs={"pk": branch_meeting.pk})).status_code == 404


def test_ec_member_sees_but_cannot_change_a_clp_meeting(client_for, treasurer, ec_meeting):
    client = client_for(treasurer)
    assert client.get(reverse("meetings:detail", kwargs={"pk": ec_meeting.pk})).status_code == 200
    assert client.post(reverse("meetings:agree", kwargs={"pk": ec_meeting.pk})).status_code == 403
    item = ec_meeting.items.first()
    assert (
        client.post(reverse("meetings:item_move", kwargs={"pk": item.pk}), {"position": 3}).status_code == 403
    )


def test_chair_edits_clp_meetings(client_for, chair, ec_meeting):
    client_for(chair).post(reverse("meetings:agree", kwargs={"pk": ec_meeting.pk}))
    ec_meeting.refresh_from_db()
    assert ec_meeting.status == Meeting.Status.AGENDA_AGREED


def test_papers_download_only_for_those_who_see_the_meeting(client_for, ec_member, member, ec_meeting):
    paper = PaperFactory(item=ec_meeting.items.first())
    response = client_for(ec_member).get(reverse("meetings:paper", kwargs={"pk": paper.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(member).get(reverse("meetings:paper", kwargs={"pk": paper.pk})).status_code == 403


def test_the_owner_ticks_off_their_action_and_sees_it_on_the_dashboard(client_for, treasurer):
    action = ActionFactory(
        item=AgendaItemFactory(), owner_person=treasurer, description="Pay the hall deposit"
    )
    client = client_for(treasurer)
    assert "Pay the hall deposit" in client.get(reverse("home")).content.decode()
    client.post(reverse("meetings:action_done", kwargs={"pk": action.pk}), {"next": "https://evil.example/"})
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    assert "Pay the hall deposit" not in client.get(reverse("home")).content.decode()


def test_an_action_owned_by_a_post_shows_to_whoever_holds_it(client_for, secretary, posts):
    ActionFactory(
        item=AgendaItemFactory(),
        owner_person=None,
        owner_post=posts["secretary"],
        description="Send the mailing",
    )
    assert "Send the mailing" in client_for(secretary).get(reverse("home")).content.decode()


def test_someone_elses_action_cannot_be_ticked_off_by_an_ec_member(client_for, ec_member, chair):
    action = ActionFactory(item=AgendaItemFactory(), owner_person=chair)
    assert (
        client_for(ec_member).post(reverse("meetings:action_done", kwargs={"pk": action.pk})).status_code
        == 403
    )


def test_secretary_sets_the_quorum_as_a_number_or_a_fraction_but_not_both(client_for, secretary):
    from meetings.models import StandingOrder

    client = client_for(secretary)
    data = {
        "kind": "ec",
        "effective_from": "2026-01-01",
        "notice_days": 7,
        "branch_notice_days": 0,
        "reminder_days": 2,
        "action_reminder_days": 3,
        "max_minutes": 120,
    }
    response = client.post(
        reverse("meetings:standing_orders"), {**data, "quorum_number": 5, "quorum_fraction": "0.5"}
    )
    assert "Give the quorum as a number or as a fraction, not both." in response.content.decode()
    assert not StandingOrder.objects.exists()
    client.post(reverse("meetings:standing_orders"), {**data, "quorum_fraction": "0.333"})
    assert str(StandingOrder.objects.get().quorum_fraction) == "0.333"


def test_a_branch_secretary_reads_the_approved_clp_minutes_sent_to_them_but_no_draft(
    client_for, branch_secretary_a, ec_rules
):
    from clp.notifications.models import Notification
    from meetings.models import Meeting
    from tests.meetings.conftest import held_meeting

    meeting = held_meeting()
    services.item_note_save(item=meeting.items.get(standing="aob"), note="Nothing raised.")
    client = client_for(branch_secretary_a)
    minutes = reverse("meetings:minutes", kwargs={"pk": meeting.pk})
    assert client.get(minutes).status_code == 403  # a draft stays with the EC

    services.meeting_plan(kind="ec", starts_at=timezone.now() - datetime.timedelta(hours=1))
    services.minutes_approve(meeting=meeting)
    sent = Notification.objects.filter(key__startswith=f"meeting:{meeting.pk}:minutes").first()
    assert sent.url == minutes
    page = client.get(minutes)
    assert page.status_code == 200
    assert f'href="{reverse("meetings:detail", kwargs={"pk": meeting.pk})}"' not in page.content.decode()
    assert client.get(reverse("meetings:minutes_pdf", kwargs={"pk": meeting.pk})).status_code == 200
    assert client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).minutes_locked


def test_a_branch_secretary_gives_actions_only_to_their_branchs_people_and_posts(
    client_for, branch_secretary_a, branch_secretary_b, member, posts, branch_a
):
    from meetings.models import Action
    from tests.meetings.conftest import held_meeting

    meeting = held_meeting(kind="branch", branch=branch_a)
    item = meeting.items.get(standing="aob")
    client = client_for(branch_secretary_a)
    url = reverse("meetings:action_add", kwargs={"pk": item.pk})
    due = f"{timezone.localdate() + datetime.timedelta(days=7):%Y-%m-%d}"
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()  # the action form, opened
    assert "Maya Member" in form and "Bob Beta" not in form  # another branch's people are not offered

    for outsider in (
        {"owner": f"person:{branch_secretary_b.pk}"},
        {"owner": f"post:{posts['branch_b_secretary'].pk}"},
    ):
        response = client.post(url, {"description": "Canvass", "due_on": due, **outsider})
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    assert not Action.objects.exists()

    client.post(url, {"description": "Canvass", "due_on": due, "owner": f"person:{member.pk}"})
    client.post(
        url, {"description": "Report to the EC", "due_on": due, "owner": f"post:{posts['secretary'].pk}"}
    )
    assert {(a.owner_person, a.owner_post) for a in Action.objects.all()} == {
        (member, None),
        (None, posts["secretary"]),
    }


def test_attendance_is_taken_only_for_the_people_on_the_meetings_list(
    client_for, branch_secretary_a, branch_secretary_b, member, branch_a
):
    from meetings.models import Attendance
    from tests.meetings.conftest import held_meeting

    meeting = held_meeting(kind="branch", branch=branch_a)
    client = client_for(branch_secretary_a)
    url = reverse("meetings:attendance", kwargs={"pk": meeting.pk})
    row = {"form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "form-0-status": "present"}

    response = client.post(url, {**row, "form-0-person": branch_secretary_b.pk}, follow=True)
    assert "Some rows could not be read; please check them." in response.content.decode()
    assert not Attendance.objects.exists()

    client.post(url, {**row, "form-0-person": member.pk})
    assert Attendance.objects.get().person == member


@pytest.mark.parametrize(
    "name, of",
    [
        ("meetings:item_delete", "item"),
        ("meetings:item_note", "item"),
        ("meetings:paper_delete", "paper"),
        ("meetings:visitor_remove", "visitor"),
        ("meetings:action_done", "action"),
    ],
)
def test_what_is_on_a_meeting_is_judged_by_its_meeting(
    client_for, branch_secretary_b, treasurer, branch_meeting, ec_meeting, name, of
):
    """Another branch's meeting and everything on it: 404. A CLP meeting's, for an EC member
    who may see it but not change it: 403."""
    from meetings.models import Attendance

    def on(meeting):
        item = meeting.items.first()
        return {
            "item": item,
            "paper": PaperFactory(item=item),
            "visitor": Attendance.objects.create(meeting=meeting, visitor_name="A guest", status="present"),
            "action": ActionFactory(item=item),
        }[of]

    url = reverse(name, kwargs={"pk": on(branch_meeting).pk})
    assert client_for(branch_secretary_b).post(url).status_code == 404
    assert client_for(treasurer).post(reverse(name, kwargs={"pk": on(ec_meeting).pk})).status_code == 403


def test_the_dashboard_lists_the_papers_of_the_next_meeting_in_agenda_order(
    client_for, ec_member, ec_meeting
):
    first, second = list(ec_meeting.items.all())[:2]
    later = PaperFactory(item=second, title="Second item's paper")
    earlier = PaperFactory(item=first, title="First item's paper")
    dashboard = client_for(ec_member).get(reverse("home")).content.decode()
    papers = dashboard.split("Papers:", 1)[1].split("</small>", 1)[0]
    assert papers.index("First item&#x27;s paper") < papers.index("Second item&#x27;s paper")
    assert reverse("meetings:paper", kwargs={"pk": earlier.pk}) in papers
    assert reverse("meetings:paper", kwargs={"pk": later.pk}) in papers

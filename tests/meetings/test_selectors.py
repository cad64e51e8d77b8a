"""The reads other apps use: a branch's meetings, the next CLP meeting, the action tracker."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import selectors, services
from meetings.models import Meeting
from tests.factories.meetings import ActionFactory, AgendaItemFactory, MeetingFactory
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db


def test_meetings_for_branch_splits_upcoming_and_past_with_minutes_status(branch_a, branch_b):
    past = MeetingFactory(
        kind="branch",
        branch=branch_a,
        starts_at=timezone.now() - datetime.timedelta(days=30),
        status=Meeting.Status.MINUTES_APPROVED,
    )
    soon = MeetingFactory(kind="branch", branch=branch_a)
    MeetingFactory(kind="branch", branch=branch_b)
    meetings = selectors.meetings_for_branch(branch_a)
    assert meetings["upcoming"] == [soon] and meetings["past"] == [past]
    assert past.minutes_status == "Approved" and soon.minutes_status == "Meeting not yet held"


def test_next_clp_meeting_comes_with_its_items(django_assert_num_queries, branch_a):
    MeetingFactory(kind="branch", branch=branch_a, starts_at=timezone.now() + datetime.timedelta(days=1))
    later = services.meeting_plan(kind="ec", starts_at=at(timezone.localdate() + datetime.timedelta(days=40)))
    sooner = services.meeting_plan(
        kind="general", starts_at=at(timezone.localdate() + datetime.timedelta(days=9))
    )
    services.item_add(meeting=sooner, title="Selection timetable")
    meeting = selectors.next_clp_meeting()
    assert meeting == sooner and meeting != later
    with django_assert_num_queries(0):
        assert "Selection timetable" in [i.title for i in meeting.items.all()]


def test_the_tracker_filters_open_overdue_and_done(client_for, secretary):
    today = timezone.localdate()
    item = AgendaItemFactory()
    ActionFactory(item=item, description="Still to do", due_on=today + datetime.timedelta(days=3))
    ActionFactory(item=item, description="Late one", due_on=today - datetime.timedelta(days=3))
    ActionFactory(item=item, description="Finished", done_on=today)
    client = client_for(secretary)
    assert "Late one" in client.get(reverse("meetings:actions") + "?state=overdue").content.decode()
    assert "Still to do" not in client.get(reverse("meetings:actions") + "?state=overdue").content.decode()
    assert "Finished" in client.get(reverse("meetings:actions") + "?state=done").content.decode()
    open_page = client.get(reverse("meetings:actions")).content.decode()
    assert "Still to do" in open_page and "Late one" in open_page and "Finished" not in open_page


def test_expected_attendees_at_the_ec_vote_by_post(secretary, ec_member, posts):
    meeting = MeetingFactory()
    voting = {p.pk: v for p, v in selectors.expected_attendees(meeting)}
    assert voting[secretary.pk] is True
    assert ec_member.pk in voting


def test_matters_arising_come_from_the_same_body_only(branch_a):
    from meetings.models import Action

    ec_past = MeetingFactory(kind="ec", starts_at=timezone.now() - datetime.timedelta(days=20))
    gm_past = MeetingFactory(kind="general", starts_at=timezone.now() - datetime.timedelta(days=20))
    ec_action = ActionFactory(item=AgendaItemFactory(meeting=ec_past))
    gm_action = ActionFactory(item=AgendaItemFactory(meeting=gm_past))
    ActionFactory(
        item=AgendaItemFactory(
            meeting=MeetingFactory(kind="branch", branch=branch_a, starts_at=ec_past.starts_at)
        )
    )
    agm = MeetingFactory(kind="agm")
    assert list(selectors.open_actions_for_body(MeetingFactory(kind="ec"))) == [ec_action]
    assert list(selectors.open_actions_for_body(agm)) == [gm_action]
    assert Action.objects.count() == 3


def test_the_meetings_list_renders_in_a_fixed_number_of_queries(
    client_for, secretary, django_assert_max_num_queries
):
    for days in range(-20, 20):
        MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=days * 7))
    client = client_for(secretary)
    # 6: session, user, the two-factor device, the person, the terms held today (access),
    # the unread count (navigation);
    # 2: upcoming meetings, past meetings (each with its branch joined).
    with django_assert_max_num_queries(8):
        assert client.get(reverse("meetings:index")).status_code == 200


def test_the_action_tracker_renders_in_a_fixed_number_of_queries(
    client_for, secretary, django_assert_max_num_queries
):
    for _ in range(30):
        ActionFactory()
    client = client_for(secretary)
    # 6: session, user, the two-factor device, the person, the terms held today (access),
    # the unread count (navigation);
    # 2: how many there are (the count), the page of actions with their owner, post and
    # meeting joined.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("meetings:actions")).status_code == 200


def test_the_number_entitled_to_vote_is_that_of_those_expected_who_vote(secretary, ec_member, posts):
    from officers.models import Post
    from tests.factories.officers import PostFactory, TermFactory

    TermFactory(post=PostFactory(ec_membership=Post.EC.NON_VOTING))  # expected, without a vote

    def counted(meeting):
        return sum(1 for _, voting in selectors.expected_attendees(meeting) if voting)

    for kind in ("ec", "general"):
        meeting = MeetingFactory(kind=kind)
        assert selectors.entitled_to_vote(meeting) == counted(meeting) > 0

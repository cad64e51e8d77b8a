"""The action tracker shows every action, page by page with the count (issue 18: it used to
stop at 300 without a word), and the matters arising list the actions due to report at this
meeting, with the body's other open actions one link away."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import selectors
from meetings.models import Action
from tests.factories.meetings import ActionFactory, AgendaItemFactory, MeetingFactory
from tests.factories.officers import PersonFactory

pytestmark = pytest.mark.django_db


def _open_actions(n, *, item, owner):
    today = timezone.localdate()
    return Action.objects.bulk_create(
        Action(
            item=item,
            description=f"Task number {i:03d}",
            owner_person=owner,
            due_on=today + datetime.timedelta(days=i),
        )
        for i in range(n)
    )


def test_the_tracker_reaches_every_open_action_page_by_page_with_the_count(client_for, secretary):
    _open_actions(120, item=AgendaItemFactory(), owner=PersonFactory())
    client = client_for(secretary)
    first = client.get(reverse("meetings:actions")).content.decode()
    assert "Showing 1–50 of 120 open actions." in first
    assert 'href="?state=open&amp;page=2" rel="next"' in first
    seen = set()
    for page in (1, 2, 3):
        html = client.get(reverse("meetings:actions"), {"state": "open", "page": page}).content.decode()
        seen |= set(re.findall(r"Task number (\d{3})", html))
    assert len(seen) == 120  # nothing cut off: every one can be reached
    last = client.get(reverse("meetings:actions"), {"page": 3}).content.decode()
    assert "Showing 101–120 of 120 open actions." in last and 'rel="next"' not in last


def test_a_short_tracker_shows_the_count_without_pages(client_for, secretary):
    _open_actions(3, item=AgendaItemFactory(), owner=PersonFactory())
    html = client_for(secretary).get(reverse("meetings:actions")).content.decode()
    assert "3 open actions." in html and "Showing" not in html and 'aria-label="Pages of actions"' not in html


def test_a_page_out_of_range_or_not_a_number_shows_a_page(client_for, secretary):
    _open_actions(60, item=AgendaItemFactory(), owner=PersonFactory())
    client = client_for(secretary)
    assert "Showing 51–60 of 60" in client.get(reverse("meetings:actions"), {"page": 99}).content.decode()
    assert "Showing 1–50 of 60" in client.get(reverse("meetings:actions"), {"page": "x"}).content.decode()


@pytest.fixture
def ec_year(db):
    """Three EC meetings: two months ago, three weeks ago (the previous one) and in ten days,
    with actions that are and are not due to report at the next one."""
    now = timezone.now()
    old = MeetingFactory(kind="ec", starts_at=now - datetime.timedelta(days=60))
    previous = MeetingFactory(kind="ec", starts_at=now - datetime.timedelta(days=21))
    this = MeetingFactory(kind="ec", starts_at=now + datetime.timedelta(days=10))
    today = timezone.localdate()
    old_item, previous_item = AgendaItemFactory(meeting=old), AgendaItemFactory(meeting=previous)
    actions = {
        # agreed at the previous meeting: reports now, whenever it is due
        "agreed last time": ActionFactory(item=previous_item, due_on=today + datetime.timedelta(days=40)),
        # agreed earlier, fell due since the previous meeting
        "due since": ActionFactory(item=old_item, due_on=today - datetime.timedelta(days=5)),
        # agreed earlier, due before the previous meeting (reported then): the rest
        "long overdue": ActionFactory(item=old_item, due_on=today - datetime.timedelta(days=40)),
        # agreed earlier, due after this meeting: the rest
        "not yet due": ActionFactory(item=old_item, due_on=today + datetime.timedelta(days=30)),
    }
    ActionFactory(item=old_item, due_on=today - datetime.timedelta(days=3), done_on=today)  # done: never
    ActionFactory(
        item=AgendaItemFactory(meeting=MeetingFactory(kind="general", starts_at=previous.starts_at))
    )
    return this, actions


def test_matters_arising_are_the_actions_due_to_report_at_this_meeting(ec_year):
    this, actions = ec_year
    due, others = selectors.matters_arising(this)
    assert due == [actions["due since"], actions["agreed last time"]]  # by due date
    assert others == 2
    assert set(selectors.other_open_actions(this)) == {actions["long overdue"], actions["not yet due"]}


def test_the_agenda_lists_them_and_links_to_the_rest(client_for, secretary, ec_year):
    this, actions = ec_year
    AgendaItemFactory(meeting=this, title="Matters arising", kind="standing", standing="matters_arising")
    client = client_for(secretary)
    html = client.get(reverse("meetings:detail", args=[this.pk])).content.decode()
    assert actions["due since"].description in html and actions["agreed last time"].description in html
    assert actions["long overdue"].description not in html and actions["not yet due"].description not in html
    link = f"{reverse('meetings:actions')}?for={this.pk}"
    assert f'<a href="{link}">2 other open actions from earlier meetings</a>' in html
    rest = client.get(link).content.decode()
    assert actions["long overdue"].description in rest and actions["not yet due"].description in rest
    assert actions["due since"].description not in rest and "2 open actions." in rest


def test_the_rest_of_another_branchs_matters_arising_is_out_of_reach(
    client_for, branch_secretary_b, branch_a
):
    meeting = MeetingFactory(kind="branch", branch=branch_a)
    response = client_for(branch_secretary_b).get(reverse("meetings:actions"), {"for": meeting.pk})
    assert response.status_code == 404


def test_more_other_open_actions_than_are_counted_are_said_so(client_for, secretary, ec_year):
    """The other open actions are counted up to selectors.OTHERS_COUNTED (a bounded read
    whatever the body's history): one more than that reads "more than", and the link still
    lists every one."""
    this, actions = ec_year
    old_item = actions["long overdue"].item
    cap = selectors.OTHERS_COUNTED
    today = timezone.localdate()
    Action.objects.bulk_create(
        Action(
            item=old_item,
            description=f"Old task {i}",
            owner_person=actions["long overdue"].owner_person,
            owner_post=actions["long overdue"].owner_post,
            due_on=today - datetime.timedelta(days=100),
        )
        for i in range(cap - 2)
    )
    assert selectors.matters_arising(this)[1] == cap
    assert str(selectors.matters_arising(this)[1]) == f"{cap} other open actions"
    ActionFactory(item=old_item, due_on=today - datetime.timedelta(days=100))
    ActionFactory(item=old_item, due_on=today - datetime.timedelta(days=100))
    due, others = selectors.matters_arising(this)
    assert due == [actions["due since"], actions["agreed last time"]]
    assert others == cap + 1  # counting stopped there (there are cap + 2)
    assert str(others) == f"more than {cap} other open actions"
    AgendaItemFactory(meeting=this, title="Matters arising", kind="standing", standing="matters_arising")
    client = client_for(secretary)
    html = client.get(reverse("meetings:detail", args=[this.pk])).content.decode()
    link = f"{reverse('meetings:actions')}?for={this.pk}"
    assert f'<a href="{link}">more than {cap} other open actions from earlier meetings</a>' in html
    assert f"{cap + 2} open actions." in client.get(link).content.decode()


def test_one_other_open_action_is_singular(ec_year):
    this, actions = ec_year
    actions["long overdue"].delete()
    assert str(selectors.matters_arising(this)[1]) == "1 other open action"


def _row(html, description):
    """The tracker's table row of the action described so (its cells' text and markup)."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    (row,) = [r for r in rows if description in r]
    return row


def test_each_row_shows_the_owner_due_day_state_and_meeting_and_only_what_the_user_may_do(
    client_for, secretary, posts, branch_a
):
    """The rows are written in Python (meetings.rows.tracker_rows), not by the template: what
    each one says, escaped, and "Mark done" only on an open action of a meeting this user runs
    (the Secretary runs the CLP's meetings, not a branch's)."""
    today = timezone.localdate()
    ec = MeetingFactory(kind="ec", title="EC <March>", starts_at=timezone.now() - datetime.timedelta(days=9))
    branch_meeting = MeetingFactory(kind="branch", branch=branch_a, title="Alpha branch meeting")
    ec_item, branch_item = AgendaItemFactory(meeting=ec), AgendaItemFactory(meeting=branch_meeting)
    owner = PersonFactory(first_name="Priya", last_name="O'Neill")
    ActionFactory(
        item=ec_item, description="Book <the> hall", owner_person=owner, owner_post=None, due_on=today
    )
    ActionFactory(
        item=ec_item,
        description="Send the agenda",
        owner_person=None,
        owner_post=posts["secretary"],
        due_on=datetime.date(2026, 3, 2),
    )
    ActionFactory(
        item=branch_item,
        description="Leaflet the estate",
        owner_person=None,
        owner_post=posts["branch_a_secretary"],
        due_on=today + datetime.timedelta(days=30),
    )
    ActionFactory(
        item=ec_item,
        description="Pay the deposit",
        owner_person=owner,
        owner_post=None,
        due_on=datetime.date(2026, 1, 5),
        done_on=datetime.date(2026, 1, 4),
    )
    client = client_for(secretary)
    html = client.get(reverse("meetings:actions")).content.decode()

    booked = _row(html, "Book &lt;the&gt; hall")
    assert "<td>Priya O&#x27;Neill</td>" in booked
    assert f"<td>{today.day} {today:%b} {today.year}</td>" in booked
    assert '<td class="">Open</td>' in booked
    minutes = reverse("meetings:minutes", args=[ec.pk])
    assert f'<a href="{minutes}#item-{ec_item.pk}">EC &lt;March&gt;</a>' in booked
    done_url = reverse("meetings:action_done", args=[Action.objects.get(description="Book <the> hall").pk])
    assert f'action="{done_url}"' in booked and "Mark done" in booked
    assert 'name="once"' in booked and 'name="csrfmiddlewaretoken"' in booked
    assert 'name="next" value="/meetings/actions/"' in booked

    agenda = _row(html, "Send the agenda")
    assert "<td>Secretary</td>" in agenda and "<td>2 Mar 2026</td>" in agenda
    assert '<td class="status-breach">Overdue</td>' in agenda and "Mark done" in agenda

    leaflet = _row(html, "Leaflet the estate")
    assert "<td>Branch Secretary (Alpha Branch)</td>" in leaflet
    assert "Alpha branch meeting</a>" in leaflet
    assert "Mark done" not in leaflet  # a branch's meeting: its branch secretary runs it

    done = client.get(reverse("meetings:actions"), {"state": "done"}).content.decode()
    paid = _row(done, "Pay the deposit")
    assert '<td class="status-ok">Done</td>' in paid and "<td>5 Jan 2026</td>" in paid
    assert "Mark done" not in paid
    assert "Pay the deposit" not in html  # not among the open ones

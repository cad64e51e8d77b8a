"""The dashboard's meetings and actions rows are written in Python (meetings/dashboard.py):
they must read exactly as the templates that wrote them before, kept here as the reference."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from clp.core.access import access_for
from meetings import selectors, services
from meetings.models import Attendance, Meeting
from tests.factories.branches import BranchFactory
from tests.factories.meetings import ActionFactory, AgendaItemFactory, MeetingFactory, PaperFactory

pytestmark = pytest.mark.django_db

# The rows as meetings/panels/my_actions.html and my_meetings.html wrote them.
ACTION_ROWS = Template(
    """{% load once links %}{% for a, st, visible in actions %}
    <li>{{ a.description|truncatechars:90 }} — due {{ a.due_on|date:"j M" }}{% if st == "overdue" %} <strong class="status-breach">overdue</strong>{% endif %}
      <small>({% if visible %}<a href="{% pk_url 'meetings:minutes' a.item.meeting_id %}#item-{{ a.item_id }}">{{ a.item.meeting }}</a>{% else %}{{ a.item.meeting }}{% endif %})</small>
      <form method="post" action="{% pk_url 'meetings:action_done' a.pk %}" class="inline-form">{% csrf_token %}{% once_token %}<input type="hidden" name="next" value="/"><button type="submit" class="link-button">Done<span class="visually-hidden">: {{ a.description|truncatechars:40 }}</span></button></form>
    </li>{% endfor %}"""  # noqa: E501
)
MEETING_ROWS = Template(
    """{% load links %}{% for row in meetings %}{% with meeting=row.meeting sent=row.sent next="/" %}
    <li><strong>{% if row.visible %}<a href="{% pk_url 'meetings:detail' meeting.pk %}">{{ meeting }}</a>{% else %}<a href="{% pk_url 'meetings:apologies' meeting.pk %}">{{ meeting }}</a>{% endif %}</strong>
      <br><small>{{ meeting.starts_at|date:"D j M, H:i" }}{% if meeting.venue %} · {{ meeting.venue }}{% endif %}{% if meeting.online_link %} · online{% endif %}</small>
      {% if row.visible and row.papers %}<br><small>Papers: {% for paper in row.papers %}<a href="{% pk_url 'meetings:paper' paper.pk %}">{{ paper.title }}</a>{% if not forloop.last %}, {% endif %}{% endfor %}</small>{% endif %}
      <br>{% if sent %}<small>Apologies sent.</small> {% endif %}{% include "meetings/_apologies_button.html" %}
    </li>{% endwith %}{% endfor %}"""  # noqa: E501
)


def _tokens_out(html):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value="T"', html)
    return re.sub(r'name="once" value="[^"]+"', 'name="once" value="T"', html)


def _panel_rows(page, heading):
    return page.split(f"<h2>{heading}</h2></header>\n  <ul>", 1)[1].split("</ul>", 1)[0]


def test_the_actions_rows_read_as_the_template_wrote_them(client_for, treasurer):
    today = timezone.localdate()
    ActionFactory(
        owner_person=treasurer,
        description="Write to <the hall> & the council about the deposit, the keys, the chairs "
        "and the heating for the winter",
        due_on=today - datetime.timedelta(days=3),
    )
    other_branch = MeetingFactory(kind=Meeting.Kind.BRANCH, branch=BranchFactory(), title="Branch AGM")
    ActionFactory(item=AgendaItemFactory(meeting=other_branch), owner_person=treasurer, description="Ask Jo")
    ActionFactory(owner_person=treasurer, description="Book the room", due_on=today)

    page = client_for(treasurer).get(reverse("home")).content.decode()

    access = access_for(treasurer.user)
    actions = [(a, a.state(today), access.can_see_meeting(a)) for a in selectors.actions_for_owner(access)]
    expected = ACTION_ROWS.render(Context({"actions": actions, "csrf_token": "T"}))
    assert "overdue</strong>" in expected and "Branch AGM)" in expected and "…" in expected
    assert _tokens_out(_panel_rows(page, "Your actions")) == _tokens_out(expected)


def test_the_meetings_rows_read_as_the_template_wrote_them(client_for, ec_member, ec_meeting):
    general = services.meeting_plan(
        kind="general",
        title="General <Meeting>",
        starts_at=timezone.now() + datetime.timedelta(days=20),
    )
    general.online_link = "https://meet.example/gm"
    general.venue = ""
    general.save()
    PaperFactory(item=AgendaItemFactory(meeting=ec_meeting), title="Treasurer's report")
    PaperFactory(item=AgendaItemFactory(meeting=ec_meeting), title="Plan & budget")
    Attendance.objects.create(meeting=general, person=ec_member, status=Attendance.Status.APOLOGIES)

    page = client_for(ec_member).get(reverse("home")).content.decode()

    access = access_for(ec_member.user)
    meetings = list(selectors.meetings_expecting(ec_member))
    sent = selectors.apologies_of(ec_member, meetings)
    rows = [
        {
            "meeting": m,
            "sent": m.pk in sent,
            "visible": access.can_see_meeting(m),
            "papers": [
                {"pk": p.pk, "title": p.title}
                for p in sorted(
                    (p for item in m.items.order_by("order") for p in item.papers.order_by("pk")),
                    key=lambda p: (p.item.order, p.item_id, p.pk),
                )
            ],
        }
        for m in meetings
    ]
    expected = MEETING_ROWS.render(Context({"meetings": rows, "csrf_token": "T"}))
    assert "Papers:" in expected and "Withdraw my apologies" in expected and "Send my apologies" in expected
    assert _tokens_out(_panel_rows(page, "Your next meetings")) == _tokens_out(expected)


def test_the_meetings_expected_are_the_same_judged_from_the_access_as_from_the_terms(
    posts, branch_a, branch_b, secretary, branch_secretary_a
):
    """The dashboard judges who is expected where from the Access it already has (a query less):
    the same meetings as from the posts held today, for an EC officer, a branch officer of
    another branch than their own, a member with no post and a lapsed one."""
    from officers.models import Person
    from tests.conftest import holder
    from tests.factories.officers import PersonFactory

    soon = timezone.now() + datetime.timedelta(days=5)
    for kind in ("ec", "general", "agm"):
        MeetingFactory(kind=kind, starts_at=soon)
    for branch in (branch_a, branch_b):
        MeetingFactory(kind="branch", branch=branch, starts_at=soon)
    MeetingFactory(kind="ec", starts_at=soon, cancelled_at=timezone.now())  # never expected
    from_elsewhere = holder(posts["branch_b_secretary"], branch=branch_a)  # lives in A, serves B
    member = PersonFactory(branch=branch_b, with_login=True)
    lapsed = PersonFactory(branch=branch_a, membership_status=Person.Status.LAPSED, with_login=True)
    seen = {}
    for person in (secretary, branch_secretary_a, from_elsewhere, member, lapsed):
        person.refresh_from_db()
        judged = list(selectors.meetings_expecting(person, access=access_for(person.user)))
        by_terms = list(selectors.meetings_expecting(person))
        assert judged == by_terms
        seen[person.pk] = {(m.kind, m.branch_id) for m in by_terms}
    assert ("ec", None) in seen[secretary.pk] and ("branch", branch_b.pk) in seen[from_elsewhere.pk]
    assert ("branch", branch_a.pk) in seen[from_elsewhere.pk] and ("ec", None) not in seen[member.pk]
    assert seen[lapsed.pk] == set()

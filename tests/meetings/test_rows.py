"""The long pages' rows written in Python (meetings.rows): times as the template filters
write them, and whatever people typed escaped on every page that shows it."""

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from clp.core.once import once_token
from meetings import rows, services
from meetings.forms import AttendanceRowForm
from meetings.models import Meeting
from tests.meetings.conftest import held_meeting

MARKUP = '<b>Bold</b> & "quoted"'
ESCAPED = "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;"


def test_the_register_rows_escape_what_people_typed():
    sending = SimpleNamespace(get_body_display=lambda: "Regional Board", reply=MARKUP)
    motion = SimpleNamespace(
        pk=7,
        meeting=MARKUP,
        number=3,
        title=MARKUP,
        submitter=MARKUP,
        get_status_display=lambda: "Carried",
        decision=SimpleNamespace(counted=True, votes_for=12, votes_against=None),
        sendings=SimpleNamespace(all=lambda: [sending, sending]),
    )
    html = rows.register_rows([motion])
    assert MARKUP not in html and html.count(ESCAPED) == 5
    assert "Carried (12–0)" in html and f"Regional Board: {ESCAPED}; Regional Board: {ESCAPED}" in html


@pytest.mark.django_db
def test_minutes_agenda_and_meetings_list_escape_what_people_typed(client_for, secretary, ec_rules):
    meeting = held_meeting(venue=MARKUP)
    item = services.item_add(meeting=meeting, title=MARKUP, presenter=MARKUP, minutes_allowed=10)
    services.decision_record(item=item, motion=MARKUP, outcome="carried", votes_for=3, votes_against=1)
    services.action_record(item=item, description=MARKUP, due_on=timezone.localdate(), owner_person=secretary)
    client = client_for(secretary)
    pages = {
        "minutes": client.get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})),
        "agenda": client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})),
        "list": client.get(reverse("meetings:index")),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert response.status_code == 200 and MARKUP not in html, name
    minutes = pages["minutes"].content.decode()
    assert (
        f"Decision:</strong> {ESCAPED} — <strong>Carried</strong> (3 for, 1 against, 0 abstaining)" in minutes
    )
    assert f"Action:</strong> {ESCAPED} —" in minutes
    assert f'<span class="visually-hidden"> the decision “{ESCAPED}”</span>' in minutes
    agenda = pages["agenda"].content.decode()
    assert f'<th scope="row">{ESCAPED}\n' in agenda and f'<td data-label="Presenter">{ESCAPED}</td>' in agenda
    assert f"<td>{ESCAPED}</td>" in pages["list"].content.decode()
    assert Meeting.objects.get().venue == MARKUP


def test_the_one_time_field_is_the_once_token_tags():
    written = Template("{% load once %}{% once_token %}").render(Context())
    pattern = r'<input type="hidden" name="once" value="[A-Za-z0-9_-]{24}">'
    assert re.fullmatch(pattern, written) and re.fullmatch(pattern, once_token())


class _Named:
    def __init__(self, pk, name, branch=None):
        self.pk, self.name, self.branch = pk, name, branch

    def __str__(self):
        return self.name


# The attendance list's loop as its template wrote it, before meetings.rows.attendance_rows.
ATTENDANCE_LOOP = Template(
    """{% for prefix, person, posts, votes, status in rows %}
    <li>
      <input type="hidden" name="{{ prefix }}-person" value="{{ person.pk }}" id="id_{{ prefix }}-person">
      <fieldset>
        <legend class="who"><strong>{{ person }}</strong>
          <small>{{ posts|default:"" }}{% if posts and person.branch %} · {% endif %}{{ person.branch|default:"" }} · {% if votes %}votes{% else %}attends, no vote{% endif %}</small></legend>
        <div class="presence">{% for value, label in presence %}<label for="id_{{ prefix }}-status_{{ forloop.counter0 }}"><input type="radio" name="{{ prefix }}-status" value="{{ value }}" id="id_{{ prefix }}-status_{{ forloop.counter0 }}"{% if value == status %} checked{% endif %}> {{ label }}</label>{% endfor %}</div>
      </fieldset>
    </li>
    {% empty %}<li>Nobody is expected at this meeting on the records.</li>
    {% endfor %}"""  # noqa: E501
)


def test_the_attendance_rows_are_the_templates_and_escape_what_people_typed():
    presence = AttendanceRowForm.PRESENCE
    listed = [
        ("form-0", _Named(12, MARKUP, branch=_Named(3, MARKUP)), MARKUP, True, "apologies"),
        ("form-1", _Named(13, "Nadia Ahmed"), "", False, "online"),
        ("form-2", _Named(14, "Sam Lee", branch=_Named(4, "Northgate")), "", True, "absent"),
    ]
    for shown in (listed, []):
        expected = ATTENDANCE_LOOP.render(Context({"rows": shown, "presence": presence}))
        assert rows.attendance_rows(shown, presence) == expected
    html = rows.attendance_rows(listed, presence)
    assert MARKUP not in html and html.count(ESCAPED) == 3


# A meeting's list of motions as its template wrote it, before meetings.rows.motion_list_rows.
MOTION_LOOP = Template(
    """{% for m in motions %}
  <tr><td>{{ m.number }}</td>
    <td><a href="{% url 'meetings:motion' pk=m.pk %}">{{ m.title }}</a>{% if m.emergency %} <strong>(emergency{% if m.awaits_chair %}, awaiting the Chair{% endif %})</strong>{% endif %}</td>
    <td>{{ m.submitter }}</td>
    <td>{{ m.amendment_count }}</td>
    <td>{{ m.get_status_display }}{% if m.agenda_item_id %}, on the agenda{% endif %}</td></tr>
  {% endfor %}"""  # noqa: E501
)


def test_the_motion_list_rows_are_the_templates_and_escape_what_people_typed():
    def motion(pk, *, emergency=False, awaits_chair=False, agenda_item_id=None):
        return SimpleNamespace(
            pk=pk,
            number=pk + 1,
            title=MARKUP,
            emergency=emergency,
            awaits_chair=awaits_chair,
            submitter=MARKUP,
            amendment_count=pk * 2,
            get_status_display=lambda: "Submitted",
            agenda_item_id=agenda_item_id,
        )

    motions = [
        motion(1),
        motion(2, emergency=True, awaits_chair=True),
        motion(3, emergency=True, agenda_item_id=9),
    ]
    html = rows.motion_list_rows(motions)
    assert html == MOTION_LOOP.render(Context({"motions": motions}))
    assert MARKUP not in html and html.count(ESCAPED) == 6


# The events diary's month as its template wrote it, before meetings.rows.diary_rows.
DIARY_LOOP = Template(
    """{% load meetings_tags %}{% for e in events %}
  <tr>
    <td>{{ e.starts_at|date:"D j M" }}, {{ e.starts_at|time:"H:i" }}–{{ e.ends_at|time:"H:i" }}</td>
    <td><strong>{{ e.title }}</strong>{% if e.cancelled %} <em>(cancelled)</em>{% endif %}<br><small>{{ e.get_kind_display }}{% if e.branch %}, {{ e.branch }}{% endif %}{% if e.attendance is not None %}; {{ e.attendance }} came{% endif %}{% if e.raised is not None %}; raised £{{ e.raised|floatformat:"2g" }}{% endif %}</small></td>
    <td>{{ e.venue }}{% if e.online_link %}{% if e.venue %}<br>{% endif %}<a href="{{ e.online_link }}">Online link<span class="visually-hidden"> for {{ e.title }}</span></a>{% endif %}</td>
    <td>{{ e.organiser|default:"" }}</td>
    <td>{% if e.is_public %}Everyone{% else %}Members{% endif %}</td>
    <td>{% if access|can_edit_event:e %}<a href="{% url 'meetings:diary_edit' pk=e.pk %}">Change<span class="visually-hidden"> {{ e.title }}</span></a>{% endif %}</td>
  </tr>
  {% empty %}<tr><td colspan="6">No events in the diary this month.</td></tr>{% endfor %}"""  # noqa: E501
)


def test_the_diary_rows_are_the_templates_and_escape_what_people_typed():
    # late in the evening in winter and in summer: the local day and hour, not UTC's
    utc = datetime.UTC
    winter = datetime.datetime(2026, 1, 6, 23, 30, tzinfo=utc)
    summer = datetime.datetime(2026, 7, 4, 23, 45, tzinfo=utc)

    def event(pk, starts_at, **extra):
        values = {
            "pk": pk,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=2),
            "title": MARKUP,
            "cancelled": False,
            "get_kind_display": lambda: "Social",
            "branch": None,
            "attendance": None,
            "raised": None,
            "venue": "",
            "online_link": "",
            "organiser": None,
            "is_public": False,
        }
        return SimpleNamespace(**{**values, **extra})

    events = [
        event(1, winter),
        event(
            2,
            summer,
            cancelled=True,
            branch=MARKUP,
            attendance=0,
            raised=Decimal("1234.5"),
            venue=MARKUP,
            online_link='https://example.org/?a=1&b="2"',
            organiser=MARKUP,
            is_public=True,
        ),
        event(3, summer, online_link="https://example.org/", attendance=12, raised=Decimal("0")),
    ]
    access = SimpleNamespace(can_edit_event=lambda e: e.pk != 3)
    for shown, who in ((events, access), ([], access), (events, None)):
        expected = DIARY_LOOP.render(Context({"events": shown, "access": who}))
        assert rows.diary_rows(shown, who) == expected
    html = rows.diary_rows(events, access)
    assert MARKUP not in html and "&amp;b=&quot;2&quot;" in html

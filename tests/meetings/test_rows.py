"""The long pages' rows written in Python (meetings.rows): times as the template filters
write them, and whatever people typed escaped on every page that shows it."""

import re
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from clp.core.once import once_token
from meetings import rows, services
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

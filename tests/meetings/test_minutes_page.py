"""The minutes on one page: each item's note, decisions and actions added, corrected and
removed in place (htmx answers with the item; a plain post comes back to it), the action
owner offered from the meeting first; approved minutes read-only, amendments at the item."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings import exports, services
from meetings.forms import NoteForm
from meetings.models import Action, Attendance, Decision
from tests.meetings.conftest import at, held_meeting

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def night(secretary, chair, ec_member, ec_rules):
    meeting = held_meeting()
    item = services.item_add(meeting=meeting, title="Campaign plan", minutes_allowed=30)
    services.attendance_record(
        meeting=meeting,
        rows=[(secretary, Attendance.Status.PRESENT, True), (chair, Attendance.Status.PRESENT, True)],
    )
    return meeting, item


def _due(days=14):
    return f"{timezone.localdate() + datetime.timedelta(days=days):%Y-%m-%d}"


def test_without_javascript_each_form_comes_back_to_its_item(client_for, secretary, chair, night):
    meeting, item = night
    client = client_for(secretary)
    back = reverse("meetings:minutes", kwargs={"pk": meeting.pk}) + f"#item-{item.pk}"
    response = client.post(reverse("meetings:item_note", kwargs={"pk": item.pk}), {"note": "Discussed."})
    assert response.status_code == 302 and response["Location"] == back
    response = client.post(
        reverse("meetings:decision_add", kwargs={"pk": item.pk}),
        {"motion": "That we adopt it", "outcome": "carried"},
    )
    assert response["Location"] == back
    decision = Decision.objects.get()
    response = client.post(
        reverse("meetings:decision_edit", kwargs={"pk": decision.pk}),
        {"motion": "That we adopt the plan", "outcome": "lost", "votes_for": 0, "votes_against": 2},
    )
    assert response["Location"] == back
    decision.refresh_from_db()
    assert (decision.motion, decision.outcome, decision.quorate) == ("That we adopt the plan", "lost", True)
    response = client.post(reverse("meetings:decision_delete", kwargs={"pk": decision.pk}))
    assert response["Location"] == back and not Decision.objects.exists()


def test_a_refused_decision_comes_back_on_its_item_with_the_reason(client_for, secretary, night):
    meeting, item = night
    response = client_for(secretary).post(
        reverse("meetings:decision_add", kwargs={"pk": item.pk}),
        {"motion": "That we adopt it", "outcome": "carried", "votes_for": 0, "votes_against": 2},
    )
    assert response.status_code == 400
    page = response.content.decode()
    section = page[page.index(f'id="item-{item.pk}"') :]
    assert "was lost, not carried" in section[: section.index("</section>")]
    assert not Decision.objects.exists()


def test_with_htmx_the_item_comes_back_in_place(client_for, secretary, chair, night):
    meeting, item = night
    client = client_for(secretary)
    response = client.post(
        reverse("meetings:action_add", kwargs={"pk": item.pk}),
        {"description": "Book the hall", "owner": f"person:{chair.pk}", "due_on": _due()},
        headers=HTMX,
    )
    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.startswith(f'<section id="item-{item.pk}"') and "<html" not in fragment
    assert "Action recorded." in fragment and "Book the hall — Chris Chair" in fragment
    action = Action.objects.get()
    response = client.post(
        reverse("meetings:action_edit", kwargs={"pk": action.pk}),
        {"description": "Book the big hall", "owner": "", "due_on": _due()},
        headers=HTMX,
    )
    assert "An action needs an owner" in response.content.decode()
    assert Action.objects.get().description == "Book the hall"  # nothing half-saved
    client.post(reverse("meetings:action_delete", kwargs={"pk": action.pk}), headers=HTMX)
    assert not Action.objects.exists()


def test_the_owner_list_offers_the_meeting_and_the_posts_first_and_tells_people_apart(
    client_for, secretary, chair, ec_member, posts, night
):
    meeting, item = night
    url = reverse("meetings:action_add", kwargs={"pk": item.pk})
    page = client_for(secretary).get(url, headers=HTMX).content.decode()  # the form, opened
    select = page[page.index(f'id="id_i{item.pk}_a_owner"') :]
    select = select[: select.index("</select>")]
    groups = re.findall(r'<optgroup label="([^"]+)"', select)
    assert groups == ["At this meeting", "Posts (whoever holds it)", "Others expected at this meeting"]
    at_meeting = select[: select.index("Posts (whoever")]
    assert "Chris Chair (Chair" in at_meeting and "Dee Delegate" not in at_meeting
    assert "Dee Delegate (EC delegate, Alpha Branch)" in select


def test_the_minutes_page_runs_a_fixed_number_of_queries(
    client_for, secretary, chair, night, django_assert_max_num_queries
):
    meeting, item = night
    for n in range(5):
        extra = services.item_add(meeting=meeting, title=f"Item {n}", minutes_allowed=5)
        services.decision_record(item=extra, motion=f"Motion {n}", outcome="carried")
        services.action_record(
            item=extra, description=f"Do {n}", owner_person=chair, due_on=timezone.localdate()
        )
    client = client_for(secretary)
    url = reverse("meetings:minutes", kwargs={"pk": meeting.pk})
    client.get(url)
    # Whatever the number of items, decisions and actions: the session and user, access, the
    # meeting with its agenda (items, papers, decisions, actions, amendments), attendance,
    # those expected and their posts, the owners' posts, the next meeting and Standing Orders.
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_decision_and_action_forms_are_fetched_when_opened_and_without_javascript_on_the_item(
    client_for, secretary, chair, night
):
    """The page writes out only the notes; a decision's or action's form (an action's lists
    every owner) is fetched when opened: with htmx its address answers with the form alone;
    without, with the page on the item, that form open."""
    meeting, item = night
    other = services.item_add(meeting=meeting, title="Other business", minutes_allowed=5)
    action = services.action_record(
        item=item, description="Book the hall", owner_person=chair, due_on=timezone.localdate()
    )
    client = client_for(secretary)
    minutes = reverse("meetings:minutes", kwargs={"pk": meeting.pk})
    page = client.get(minutes).content.decode()
    assert 'name="owner"' not in page and 'name="outcome"' not in page  # only the notes' forms
    assert page.count('name="note"') == meeting.items.count()
    # On each item: add a decision, add an action; and correct the one action.
    assert page.count("Open the form") == 2 * meeting.items.count() + 1

    add = reverse("meetings:action_add", kwargs={"pk": item.pk})
    fragment = client.get(add, headers=HTMX).content.decode()
    assert fragment.startswith("<form") and f'action="{add}"' in fragment
    assert f'<option value="person:{chair.pk}">Chris Chair' in fragment
    correct = reverse("meetings:action_edit", kwargs={"pk": action.pk})
    fragment = client.get(correct, headers=HTMX).content.decode()
    assert f'<option value="person:{chair.pk}" selected>Chris Chair' in fragment
    assert "Book the hall" in fragment and "Save the correction" in fragment

    decision = services.decision_record(item=item, motion="That we adopt it", outcome="carried")
    fragment = client.get(reverse("meetings:decision_add", kwargs={"pk": item.pk}), headers=HTMX).content
    assert b"Record the decision" in fragment and b'name="outcome"' in fragment
    fix = reverse("meetings:decision_edit", kwargs={"pk": decision.pk})
    fragment = client.get(fix, headers=HTMX).content.decode()
    assert "That we adopt it</textarea>" in fragment and "Save the correction" in fragment

    response = client.get(correct)  # no JavaScript: the page, on the item, the form open
    assert response["Location"] == f"{minutes}?item={item.pk}&open=a{action.pk}#form-a{action.pk}"
    assert "HX-Request" in response["Vary"]  # the same address answers htmx with the form alone
    page = client.get(response["Location"]).content.decode()
    section = page[page.index(f'id="item-{item.pk}"') :]
    section = section[: section.index("</section>")]
    assert section.count('name="owner"') == 2 and section.count('name="outcome"') == 2
    assert section.count(" open>") == 1 and f'<details id="form-a{action.pk}" open>' in section
    assert client.get(fix)["Location"].endswith(f"?item={item.pk}&open=d{decision.pk}#form-d{decision.pk}")
    rest = page[page.index(f'id="item-{other.pk}"') :]
    assert 'name="owner"' not in rest and 'name="outcome"' not in rest  # the others' left out

    # What ?item= names is only shown if it is an item of this meeting, and a number at all.
    elsewhere = services.item_add(meeting=held_meeting(), title="Another meeting's item")
    for value in ["²", "①", "abc", "-1", "9" * 30, str(elsewhere.pk)]:
        response = client.get(minutes, {"item": value, "open": "action"})
        assert response.status_code == 200 and b'name="owner"' not in response.content


def test_an_items_forms_are_refused_to_who_cannot_edit_and_reload_the_page_once_locked(
    client_for, ec_member, secretary, branch_secretary_b, branch_a, night
):
    meeting, item = night
    add = reverse("meetings:action_add", kwargs={"pk": item.pk})
    assert client_for(ec_member).get(add, headers=HTMX).status_code == 403  # sees it, cannot edit
    branch_item = held_meeting(kind="branch", branch=branch_a).items.get(standing="aob")
    for name in ("action_add", "decision_add"):  # another branch's meeting: not even there
        url = reverse(f"meetings:{name}", kwargs={"pk": branch_item.pk})
        assert client_for(branch_secretary_b).get(url, headers=HTMX).status_code == 404
    services.item_note_save(item=item, note="Discussed.")
    services.meeting_plan(kind="ec", starts_at=timezone.now() - datetime.timedelta(hours=1))
    services.minutes_approve(meeting=meeting)
    response = client_for(secretary).get(add, headers=HTMX)  # locked meanwhile: the page reloads
    assert response.status_code == 204 and response["HX-Refresh"] == "true" and not response.content


@pytest.fixture
def approved(secretary, night):
    meeting, item = night
    services.item_note_save(item=item, note="Discussed.")
    services.meeting_plan(kind="ec", starts_at=timezone.now() - datetime.timedelta(hours=1))
    services.minutes_approve(meeting=meeting)
    return meeting, item


def test_approved_minutes_show_no_forms_but_the_amendment(client_for, secretary, approved):
    meeting, item = approved
    client = client_for(secretary)
    page = client.get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})).content.decode()
    actions = re.findall(r'<form[^>]*action="([^"]+)"', page)
    assert actions == [reverse("logout"), reverse("meetings:amend", kwargs={"pk": meeting.pk})]
    attendance = client.get(reverse("meetings:attendance", kwargs={"pk": meeting.pk})).content.decode()
    assert re.findall(r'<form[^>]*action="([^"]+)"', attendance) == [reverse("logout")]
    assert "Chris Chair" in attendance
    assert client.get(reverse("meetings:edit", kwargs={"pk": meeting.pk})).status_code == 302


def test_an_amendment_is_shown_at_the_item_it_corrects_on_the_page_and_in_the_pdf(
    client_for, secretary, approved
):
    meeting, item = approved
    client_for(secretary).post(
        reverse("meetings:amend", kwargs={"pk": meeting.pk}),
        {"item": item.pk, "correction": "The plan starts in March", "reason": "Misheard"},
    )
    corrected_at = timezone.localtime(meeting.approved_at_meeting.starts_at)
    said = f"Amended at the meeting of {corrected_at:%-d %B %Y}:"
    page = client_for(secretary).get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})).content.decode()
    section = page[page.index(f'id="item-{item.pk}"') :]
    assert said in section[: section.index("</section>")].replace("<strong>", "").replace("</strong>", "")
    pdf = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(exports.minutes_pdf(meeting.pk).content)).pages
    )
    pdf = " ".join(pdf.split())
    assert f"{said} The plan starts in March" in pdf
    assert "Amendments after approval" in pdf


def test_an_amendment_to_draft_minutes_is_refused_plainly(night):
    meeting, item = night
    with pytest.raises(ValidationError, match="These minutes are not approved yet: correct them directly"):
        services.amendment_record(meeting=meeting, item=item, correction="x", reason="y")


def test_mark_as_held_is_offered_only_once_the_meeting_has_started(client_for, secretary, ec_rules):
    later_today = services.meeting_plan(kind="ec", starts_at=timezone.now() + datetime.timedelta(hours=2))
    client = client_for(secretary)
    page = client.get(reverse("meetings:detail", kwargs={"pk": later_today.pk})).content.decode()
    assert "Mark as held" not in page
    response = client.post(reverse("meetings:held", kwargs={"pk": later_today.pk}), follow=True)
    assert "This meeting has not started yet" in response.content.decode()
    started = services.meeting_plan(
        kind="ec", starts_at=at(timezone.localdate() - datetime.timedelta(days=1))
    )
    assert (
        "Mark as held" in client.get(reverse("meetings:detail", kwargs={"pk": started.pk})).content.decode()
    )


def test_each_items_note_field_is_the_note_form_filled_in_with_its_note(client_for, secretary, night):
    """The note fields are written from one form rendered once: each is what the item's own
    NoteForm writes, its note escaped, its ids its own, and a note that failed shows its error."""
    meeting, item = night
    other = services.item_add(meeting=meeting, title="Other business", minutes_allowed=5)
    services.item_note_save(item=item, note='Agreed <b>&</b> "noted" __pk__')
    item.refresh_from_db()
    client = client_for(secretary)
    page = client.get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})).content.decode()
    for each in (item, other):
        assert str(NoteForm(instance=each, auto_id=f"id_i{each.pk}_%s").as_div()) in page
    assert "Agreed &lt;b&gt;&amp;&lt;/b&gt; &quot;noted&quot; __pk__</textarea>" in page

    note = reverse("meetings:item_note", kwargs={"pk": other.pk})
    fragment = client.post(note, {"note": "x" * 20001}, headers=HTMX).content.decode()
    assert 'class="errorlist"' in fragment and f'id="id_i{other.pk}_note_error"' in fragment

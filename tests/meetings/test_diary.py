"""The events diary: bad input refused plainly, the public and private feeds, the month's PDF,
the next events in the branch mailing."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from meetings import diary, exports, services
from meetings.models import DiaryEvent
from tests.factories.meetings import CalendarFeedFactory, DiaryEventFactory

pytestmark = pytest.mark.django_db


def summaries(content):
    return {str(e["summary"]) for e in Calendar.from_ical(content).walk("VEVENT")}


def _event(**kw):
    starts = timezone.now() + datetime.timedelta(days=3)
    values = {
        "by": None, "title": "Doorstep in Alpha", "kind": "campaigning", "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2), "is_public": True, "venue": "The Green",
    }  # fmt: skip
    return services.event_create(**{**values, **kw})


def test_an_event_ending_before_it_starts_is_refused_plainly_and_nothing_is_saved(posts):
    starts = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        _event(
            organiser_post=posts["secretary"], ends_at=starts - datetime.timedelta(hours=1), starts_at=starts
        )
    assert refused.value.message_dict["ends_at"] == ["The event must end after it starts."]
    assert not DiaryEvent.objects.exists()


def test_an_event_needs_an_organiser_and_a_place(posts):
    with pytest.raises(ValidationError) as refused:
        _event(venue="")
    assert set(refused.value.message_dict) == {"venue", "organiser_post"}


def test_the_form_refuses_money_that_is_not_pence_exact(client_for, secretary, posts):
    event = DiaryEventFactory(organiser_post=posts["secretary"])
    client = client_for(secretary)
    url = reverse("meetings:diary_edit", kwargs={"pk": event.pk})
    response = client.post(
        url,
        {
            "title": event.title, "kind": event.kind, "venue": event.venue, "is_public": "on",
            "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "organiser_post": posts["secretary"].pk, "raised": "12.345",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "no more than 2 decimal places" in response.content.decode()
    event.refresh_from_db()
    assert event.raised is None


def test_the_public_feed_needs_no_login_and_lists_only_public_events(client, posts):
    DiaryEventFactory(title="Summer fair", is_public=True, organiser_post=posts["secretary"])
    DiaryEventFactory(title="Members' strategy evening", is_public=False, organiser_post=posts["secretary"])
    DiaryEventFactory(
        title="Cancelled picnic", is_public=True, cancelled=True, organiser_post=posts["secretary"]
    )
    response = client.get(reverse("meetings:diary_feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert summaries(response.content) == {"Summer fair"}


def test_the_private_feed_adds_members_only_events_for_its_owner_only_with_its_token(client, member, posts):
    DiaryEventFactory(title="Summer fair", is_public=True, organiser_post=posts["secretary"])
    DiaryEventFactory(title="Members' strategy evening", is_public=False, organiser_post=posts["secretary"])
    feed = CalendarFeedFactory(person=member)
    response = client.get(reverse("meetings:feed", kwargs={"token": feed.token}))
    assert summaries(response.content) == {"Summer fair", "Members' strategy evening"}
    assert client.get(reverse("meetings:feed", kwargs={"token": "x" * 32})).status_code == 404


def test_a_lapsed_member_does_not_see_members_only_events(client_for, member, posts):
    DiaryEventFactory(title="Members' strategy evening", is_public=False, organiser_post=posts["secretary"])
    member.membership_status = "lapsed"
    member.save()
    assert client_for(member).get(reverse("meetings:diary")).status_code == 403


def test_a_member_puts_nothing_in_the_diary_but_reads_it(client_for, member, posts):
    day = timezone.localdate() + datetime.timedelta(days=1)
    DiaryEventFactory(
        title="Coffee morning", is_public=False, organiser_post=posts["secretary"],
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
        ends_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))),
    )  # fmt: skip
    client = client_for(member)
    page = client.get(reverse("meetings:diary") + f"?year={day.year}&month={day.month}").content.decode()
    assert "Coffee morning" in page
    assert client.get(reverse("meetings:diary_create")).status_code == 403


def _quiz_night(branch, organiser_post):
    """A branch's event, as its form posts it, five days from now."""
    starts = timezone.localtime() + datetime.timedelta(days=5)
    return {
        "title": "Alpha quiz night", "kind": "fundraising", "venue": "The Plough", "branch": branch.pk,
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "organiser_post": organiser_post.pk,
    }  # fmt: skip


def test_a_branch_secretary_puts_their_branchs_event_in(
    client_for, branch_secretary_a, branch_a, branch_b, posts
):
    client = client_for(branch_secretary_a)
    data = _quiz_night(branch_a, posts["branch_a_secretary"])
    assert client.post(reverse("meetings:diary_create"), {**data, "branch": branch_b.pk}).status_code == 200
    assert not DiaryEvent.objects.exists()
    assert client.post(reverse("meetings:diary_create"), data).status_code == 302
    event = DiaryEvent.objects.get()
    assert event.branch == branch_a and not event.is_public


def test_a_branch_secretary_cannot_make_another_branchs_post_an_events_organiser(
    client_for, branch_secretary_a, branch_a, posts
):
    """The organiser may edit the event: a branch secretary names only their own branch's
    posts and people, or the CLP's posts."""
    client = client_for(branch_secretary_a)
    data = _quiz_night(branch_a, posts["branch_b_secretary"])
    page = client.get(reverse("meetings:diary_create")).content.decode()
    offered = page.split('name="organiser_post"', 1)[1].split("</select>", 1)[0]
    assert f'value="{posts["branch_b_secretary"].pk}"' not in offered
    assert f'value="{posts["secretary"].pk}"' in offered
    assert f'value="{posts["branch_a_secretary"].pk}"' in offered
    refused = client.post(reverse("meetings:diary_create"), data)
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    assert not DiaryEvent.objects.exists()


def test_the_months_diary_pdf_reads_back_with_its_events_and_the_years_figures(posts):
    starts = timezone.make_aware(datetime.datetime(2026, 6, 13, 11, 0))
    for title in ["Summer fair", "Policy forum on housing"]:
        DiaryEventFactory(
            title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2),
            organiser_post=posts["secretary"],
        )  # fmt: skip
    DiaryEventFactory(
        title="In July", starts_at=starts + datetime.timedelta(days=30), organiser_post=posts["chair"]
    )
    filename, _, content = exports.diary_month_pdf(2026, 6, members=True)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert filename == "diary-2026-06.pdf"
    assert "Events diary: June 2026" in text and "Summer fair" in text and "Policy forum on housing" in text
    assert "In July" not in text
    assert [n for _, n in diary.events_per_month(2026, members=True)][5:7] == [2, 1]


def test_next_events_for_the_mailing_leave_out_cancelled_and_past_ones(posts):
    now = timezone.now()
    DiaryEventFactory(title="Soon", starts_at=now + datetime.timedelta(days=2), organiser_post=posts["chair"])
    DiaryEventFactory(
        title="Cancelled",
        starts_at=now + datetime.timedelta(days=2),
        cancelled=True,
        organiser_post=posts["chair"],
    )
    DiaryEventFactory(title="Past", starts_at=now - datetime.timedelta(days=2), organiser_post=posts["chair"])
    text = diary.next_events_text()
    assert "Soon" in text and "Cancelled" not in text and "Past" not in text


def test_the_branch_mailing_carries_the_next_events_in_both_parts(
    client_for, secretary, branch_secretary_a, posts, django_capture_on_commit_callbacks
):
    from django.core import mail

    from branches import services as branch_services

    DiaryEventFactory(title="Street stall in the market", organiser_post=posts["chair"])
    mailing = branch_services.mailing_save(subject="December", body="Hello branches.", by=secretary.user)
    preview = client_for(secretary).get(reverse("branches:mailing_detail", kwargs={"pk": mailing.pk}))
    assert "Street stall in the market" in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        branch_services.mailing_send(mailing=mailing)
    (email,) = [m for m in mail.outbox if m.to == [branch_secretary_a.email]]
    html, _ = email.alternatives[0]
    assert "Next events" in email.body and "Street stall in the market" in email.body
    assert (
        "<h2>Next events</h2>" in html
        and "Street stall in the market, Trades Hall (open to the public)</li>" in html
    )


@pytest.mark.parametrize("count", [1, 12])
def test_the_diary_page_takes_a_fixed_number_of_queries(
    client_for, member, posts, count, django_assert_max_num_queries
):
    first = timezone.localdate().replace(day=1)
    for n in range(count):
        starts = timezone.make_aware(datetime.datetime.combine(first, datetime.time(10 + n % 8)))
        DiaryEventFactory(title=f"Event {n}", organiser_post=posts["chair"], starts_at=starts)
    client = client_for(member)
    # about 6 for the session, user, two-factor device, person, posts held (access) and the
    # inbox count; then the month's events (with their branch, organiser and target), the
    # year's events per month, and the once-token's and messages' own.
    with django_assert_max_num_queries(10):
        page = client.get(reverse("meetings:diary"))
    assert page.content.decode().count("<td><strong>") == count

"""Notices that stay true: the notice periods checked when a meeting is planned or moved
(both of an AGM's), and a meeting moved after its papers went out sends the correction to
those who received them, while an agenda still waiting in the outbox is rebuilt, so nobody
receives an old date."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clp.notifications.models import Notification
from meetings import services
from meetings.feeds import meetings_calendar
from meetings.models import Meeting
from tests.factories.meetings import StandingOrderFactory
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def agm_rules(db):
    return StandingOrderFactory(kind=Meeting.Kind.AGM, notice_days=7, branch_notice_days=28)


def test_planning_an_agm_checks_both_notice_periods(client_for, secretary, agm_rules):
    client = client_for(secretary)
    in_20_days = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(
        reverse("meetings:create"),
        {"kind": "agm", "title": "AGM", "starts_at": f"{in_20_days:%Y-%m-%d}T19:30"},
        follow=True,
    )
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "less than the 28 days' notice to branches and affiliates" in warnings[0]
    agm = Meeting.objects.get()
    in_5_days = at(timezone.localdate() + datetime.timedelta(days=5))
    assert [
        w.split(" that ")[0] for w in services.notice_warnings(Meeting(kind="agm", starts_at=in_5_days))
    ] == [
        "This is less than the 28 days' notice to branches and affiliates",
        "This is less than the 7 days' notice to members and delegates",
    ]
    assert services.notice_warnings(agm, today=timezone.localdate() - datetime.timedelta(days=9)) == []


@pytest.fixture
def circulated(secretary, chair, ec_meeting, django_capture_on_commit_callbacks):
    services.agenda_agree(meeting=ec_meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_circulate(meeting=ec_meeting)
    agendas = Notification.objects.filter(kind="agenda_circulation")
    assert agendas.count() >= 2 and not agendas.exclude(status="sent").exists()
    # The Chair's is held by quiet hours: still in the outbox when the meeting moves.
    held = agendas.get(post__slug="chair")
    held.status, held.send_after = Notification.Status.PENDING, timezone.now() + datetime.timedelta(hours=8)
    held.save()
    mail.outbox.clear()
    return ec_meeting


def test_a_meeting_moved_after_circulation_sends_the_correction_and_no_stale_notice(
    client_for, secretary, chair, circulated, django_capture_on_commit_callbacks
):
    meeting = circulated
    old_day = timezone.localtime(meeting.starts_at)
    new_day = old_day + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretary).post(
            reverse("meetings:edit", kwargs={"pk": meeting.pk}),
            {"title": "", "starts_at": f"{new_day:%Y-%m-%dT%H:%M}", "venue": "Trades Hall", "tell": "on"},
            follow=True,
        )
    assert "Those who received the papers are sent the correction." in response.content.decode()

    meeting.refresh_from_db()
    (correction,) = [m for m in mail.outbox if m.to == [secretary.email]]
    assert correction.subject == f"Change to {meeting}: now {new_day:%A %-d %B %Y at %H:%M}, Trades Hall"
    assert f"gave {old_day:%A %-d %B %Y at %H:%M}" in correction.body
    # The Chair never had the old agenda: no correction, but an agenda with the new date.
    chairs = Notification.objects.filter(post__slug="chair", kind="agenda_circulation")
    assert chairs.get(group=f"meeting:{meeting.pk}:agenda").status == "cancelled"
    (rebuilt,) = chairs.exclude(status="cancelled")
    assert f"{new_day:%A %-d %B %Y}" in rebuilt.body and rebuilt.subject.startswith("Agenda:")
    stale = Notification.objects.filter(
        status__in=["pending", "queued"], body__contains=f"{old_day:%-d %B %Y}"
    )
    assert not stale.exists()
    assert not [m for m in mail.outbox if m.to == [chair.email] and m.subject.startswith("Change")]


def test_a_circulated_meeting_cannot_move_into_the_past(client_for, secretary, circulated):
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    response = client_for(secretary).post(
        reverse("meetings:edit", kwargs={"pk": circulated.pk}),
        {"title": "", "starts_at": f"{yesterday:%Y-%m-%dT%H:%M}", "venue": "Trades Hall"},
    )
    assert (
        "The papers have gone out: the meeting cannot be moved to a time in the past."
        in response.content.decode()
    )
    circulated.refresh_from_db()
    assert circulated.starts_at > timezone.now()
    assert not Notification.objects.filter(key__contains="correction").exists()


def test_the_chair_agrees_the_agenda_themselves_or_the_secretary_records_it_for_them(
    client_for, secretary, chair, treasurer, posts, ec_meeting, ec_rules
):
    detail = reverse("meetings:detail", kwargs={"pk": ec_meeting.pk})
    client_for(secretary).post(reverse("meetings:agree_request", kwargs={"pk": ec_meeting.pk}))
    (request,) = Notification.objects.filter(kind="agenda_agreement")
    assert request.post == posts["chair"] and request.url == detail
    assert "agree it, or to send a comment" in request.body

    client = client_for(chair)
    page = client.get(detail).content.decode()
    assert "Agree the agenda" in page and "Comment on the agenda instead" in page
    client.post(
        reverse("meetings:agree_comment", kwargs={"pk": ec_meeting.pk}), {"comment": "Add the budget"}
    )
    comment = Notification.objects.get(kind="agenda_agreement", post=posts["secretary"])
    assert "Add the budget" in comment.body
    assert (
        client_for(treasurer)
        .post(reverse("meetings:agree_comment", kwargs={"pk": ec_meeting.pk}))
        .status_code
        == 403
    )

    client_for(chair).post(reverse("meetings:agree", kwargs={"pk": ec_meeting.pk}))
    ec_meeting.refresh_from_db()
    assert (ec_meeting.agenda_agreed_by, ec_meeting.agenda_agreed_on_behalf) == (chair.user, False)
    assert "Agenda agreed by the Chair (" in client_for(secretary).get(detail).content.decode()

    other = services.meeting_plan(kind="ec", starts_at=at(timezone.localdate() + datetime.timedelta(days=30)))
    client_for(secretary).post(reverse("meetings:agree", kwargs={"pk": other.pk}))
    other.refresh_from_db()
    assert (other.agenda_agreed_by, other.agenda_agreed_on_behalf) == (secretary.user, True)
    page = client_for(secretary).get(reverse("meetings:detail", kwargs={"pk": other.pk})).content.decode()
    assert "Agenda recorded as agreed on the Chair's behalf by" in page


# --- Cancelling a meeting ------------------------------------------------------------------


def _waiting(meeting):
    """The agendas and reminders of `meeting` still waiting in the outbox."""
    return Notification.objects.filter(
        key__startswith=f"meeting:{meeting.pk}:", status__in=["pending", "queued"]
    ).exclude(key__startswith=f"meeting:{meeting.pk}:cancelled")


def test_a_meeting_cancelled_after_circulation_tells_those_who_received_the_papers(
    client_for, secretary, chair, circulated, django_capture_on_commit_callbacks
):
    meeting = circulated
    assert _waiting(meeting).filter(kind="meeting_reminder").exists()
    client = client_for(secretary)
    url = reverse("meetings:cancel", kwargs={"pk": meeting.pk})
    assert (
        "Cancel this meeting"
        in client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).content.decode()
    )
    assert "Tell those who received the papers" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "The hall flooded", "tell": "on"}, follow=True)
    page = response.content.decode()
    assert "This meeting was cancelled</strong>" in page and "The hall flooded" in page
    assert "Those who received the papers are sent the cancellation notice." in page

    (notice,) = [m for m in mail.outbox if m.to == [secretary.email]]
    assert notice.subject.startswith(f"Cancelled: {meeting} on ")
    assert "That meeting is cancelled." in notice.body and "The hall flooded" in notice.body
    # The Chair's agenda was still waiting: it never goes, and no notice for papers never had.
    assert not [m for m in mail.outbox if m.to == [chair.email]]
    assert not _waiting(meeting).exists()

    # Shown as cancelled in the list and the calendar; a second submit is told it is done.
    assert "<strong>Cancelled</strong>" in client.get(reverse("meetings:index")).content.decode()
    assert b"STATUS:CANCELLED" in meetings_calendar([Meeting.objects.get(pk=meeting.pk)])
    again = client.post(url, {"reason": "Twice"}, follow=True).content.decode()
    assert "This meeting is already cancelled." in again
    assert Meeting.objects.get(pk=meeting.pk).cancelled_reason == "The hall flooded"
    assert Notification.objects.filter(key__startswith=f"meeting:{meeting.pk}:cancelled").count() >= 1
    assert len([m for m in mail.outbox if m.subject.startswith("Cancelled")]) == len(
        {tuple(m.to) for m in mail.outbox if m.subject.startswith("Cancelled")}
    )


def test_a_meeting_cancelled_before_circulation_sends_nothing_and_goes_no_further(
    client_for, secretary, ec_meeting, django_capture_on_commit_callbacks
):
    url = reverse("meetings:cancel", kwargs={"pk": ec_meeting.pk})
    assert "Tell those who received the papers" not in client_for(secretary).get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(secretary).post(url, {"reason": "", "tell": "on"})
    ec_meeting.refresh_from_db()
    assert ec_meeting.cancelled and not Notification.objects.exists() and not mail.outbox

    item = ec_meeting.items.first()
    for refused in (
        lambda: services.agenda_agree(meeting=ec_meeting),
        lambda: services.agenda_circulate(meeting=ec_meeting),
        lambda: services.meeting_mark_held(meeting=ec_meeting),
        lambda: services.item_note_save(item=item, note="Minuted anyway"),
        lambda: services.meeting_update(meeting=ec_meeting, venue="Elsewhere"),
    ):
        with pytest.raises(ValidationError, match="This meeting was cancelled."):
            refused()
    ec_meeting.refresh_from_db()
    assert ec_meeting.status == Meeting.Status.PLANNED and ec_meeting.venue == "Trades Hall"


def test_a_circulated_meeting_cancelled_refuses_circulation_and_minutes(secretary, circulated):
    services.meeting_cancel(meeting=circulated, reason="")
    circulated.refresh_from_db()
    with pytest.raises(ValidationError, match="This meeting was cancelled."):
        services.agenda_circulate(meeting=circulated)
    with pytest.raises(ValidationError, match="This meeting was cancelled."):
        services.decision_record(
            item=circulated.items.first(), motion="A motion", outcome="carried", votes_for=3, votes_against=0
        )


def test_only_those_who_may_edit_the_meeting_may_cancel_it(client_for, treasurer, ec_meeting):
    url = reverse("meetings:cancel", kwargs={"pk": ec_meeting.pk})
    client = client_for(treasurer)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Mine"}).status_code == 403
    ec_meeting.refresh_from_db()
    assert not ec_meeting.cancelled

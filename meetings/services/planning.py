"""Planning: one meeting, a year of them at once, and changes to a meeting's details."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clp.notifications.models import Notification
from clp.notifications.services import notification_cancel, notify
from meetings import rules
from meetings.models import AgendaItem, Meeting
from meetings.services.agenda import _ordered, _renumber
from meetings.services.circulation import agenda_body, schedule_reminder
from meetings.services.common import Status, check_minutes_open, check_not_cancelled
from officers import plan_selectors

Standing = AgendaItem.Standing

# The standing items every agenda starts with; AOB always closes it. (standing, minutes)
STANDING_ITEMS = [
    (Standing.APOLOGIES, 5),
    (Standing.MINUTES, 5),
    (Standing.MATTERS_ARISING, 10),
    (Standing.CORRESPONDENCE, 5),
]
CLOSING_ITEMS = [(Standing.AOB, 10)]
PLAN_REVIEW_MINUTES = 10


@transaction.atomic
def meeting_plan(*, kind, starts_at, branch=None, title="", venue="", online_link="") -> Meeting:
    """Plan a meeting, with its standing items already on the agenda."""
    meeting = Meeting(
        kind=kind, branch=branch, title=title, starts_at=starts_at, venue=venue, online_link=online_link
    )
    meeting.full_clean()
    meeting.save()
    for order, (standing, minutes) in enumerate(STANDING_ITEMS + CLOSING_ITEMS, start=1):
        AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            title=Standing(standing).label,
            minutes_allowed=minutes,
            kind=AgendaItem.Kind.STANDING,
            standing=standing,
        )
    if kind == Meeting.Kind.EC and plan_selectors.plan_on(timezone.localdate(starts_at)):
        plan_review_add(meeting=meeting)
    return meeting


@transaction.atomic
def plan_review_add(*, meeting) -> AgendaItem | None:
    """The review of the development plan, a standing item of the Executive while a plan is in
    force: after matters arising, once. None when the agenda has it, or the meeting is held."""
    if meeting.kind != Meeting.Kind.EC or meeting.reached(Status.HELD):
        return None
    if meeting.items.filter(standing=Standing.PLAN_REVIEW).exists():
        return None
    review = AgendaItem.objects.create(
        meeting=meeting,
        title=Standing.PLAN_REVIEW.label,
        minutes_allowed=PLAN_REVIEW_MINUTES,
        kind=AgendaItem.Kind.STANDING,
        standing=Standing.PLAN_REVIEW,
    )
    items = [i for i in _ordered(meeting) if i.pk != review.pk]
    after = next((n for n, i in enumerate(items) if i.standing == Standing.MATTERS_ARISING), len(items) - 1)
    _renumber(items[: after + 1] + [review] + items[after + 1 :])
    return review


def add_plan_reviews(sender, plan, **kwargs):
    """A new plan: its review goes on the agendas of the Executive's meetings in its period."""
    first = timezone.make_aware(datetime.datetime.combine(plan.starts_on, datetime.time.min))
    last = timezone.make_aware(datetime.datetime.combine(plan.ends_on, datetime.time.max))
    for meeting in Meeting.objects.filter(kind=Meeting.Kind.EC, starts_at__range=(first, last)):
        plan_review_add(meeting=meeting)


@transaction.atomic
def meetings_plan_year(
    *,
    kind,
    first_month,
    months,
    weekday,
    nth,
    start_time,
    branch=None,
    venue="",
    online_link="",
    skip_months=(),
) -> list[Meeting]:
    """Plan a series at once, e.g. the EC on the second Tuesday of each month for a year.
    A date that already has a meeting of the same kind (and branch) is left alone."""
    planned = []
    for day in rules.monthly_dates(
        first_month=first_month, months=months, weekday=weekday, nth=nth, skip_months=skip_months
    ):
        starts_at = timezone.make_aware(datetime.datetime.combine(day, start_time))
        if Meeting.objects.filter(kind=kind, branch=branch, starts_at__date=day).exists():
            continue
        planned.append(
            meeting_plan(kind=kind, branch=branch, starts_at=starts_at, venue=venue, online_link=online_link)
        )
    return planned


@transaction.atomic
def meeting_update(
    *, meeting, title=None, starts_at=None, venue=None, online_link=None, tell=False
) -> Meeting:
    """Change a meeting's details (None leaves a detail as it is; its kind and branch never
    change). Once the papers have gone out, a change of time or place re-schedules the
    reminder, replaces any agenda still waiting in the outbox (held by someone's quiet hours,
    say) with one built from the meeting as it now is, and with `tell` sends those who
    received the papers a correction. A circulated meeting is never moved into the past."""
    check_minutes_open(meeting)
    check_not_cancelled(meeting)
    before = _where_and_when(meeting)
    circulated = meeting.reached(Status.PAPERS_CIRCULATED) and not meeting.reached(Status.HELD)
    if (
        circulated
        and starts_at is not None
        and starts_at != meeting.starts_at
        and starts_at <= timezone.now()
    ):
        raise ValidationError(
            {"starts_at": "The papers have gone out: the meeting cannot be moved to a time in the past."}
        )
    changes = {"title": title, "starts_at": starts_at, "venue": venue, "online_link": online_link}
    for name, value in changes.items():
        if value is not None:
            setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    if circulated and _where_and_when(meeting) != before:
        # One key per change (the history row of this save), so changing back still sends.
        change = meeting.history.count()
        notification_cancel(key_prefix=f"meeting:{meeting.pk}:reminder")
        schedule_reminder(meeting, key_suffix=f"{meeting.starts_at:%Y%m%d%H%M}-{change}")
        received = agenda_notice_rebuild(meeting, change=change)
        if tell:
            _correction_send(meeting, change=change, before=before, people=received[0], posts=received[1])
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting, reason="", tell=False) -> Meeting:
    """Cancel a meeting that has not been held. Its reminder and any agenda still waiting in
    the outbox are cancelled; with `tell`, those whom the papers reached are sent a
    cancellation notice (as a move sends its correction). Cancelling twice is refused plainly."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)  # two submits: one cancels
    if meeting.cancelled:
        raise ValidationError("This meeting is already cancelled.")
    if meeting.reached(Status.HELD):
        raise ValidationError("This meeting has been held, so it cannot be cancelled.")
    meeting.cancelled_at = timezone.now()
    meeting.cancelled_reason = reason.strip()
    meeting.full_clean()
    meeting.save(update_fields=["cancelled_at", "cancelled_reason"])
    notification_cancel(key_prefix=f"meeting:{meeting.pk}:reminder")
    notification_cancel(key_prefix=f"meeting:{meeting.pk}:agenda-overdue")
    people, posts = agenda_notices_withdraw(meeting)
    if tell and meeting.reached(Status.PAPERS_CIRCULATED):
        why = f"\n\nThe reason: {meeting.cancelled_reason}" if meeting.cancelled_reason else ""
        _tell_received(
            meeting,
            key=f"meeting:{meeting.pk}:cancelled",
            subject=f"Cancelled: {meeting} on {_describe(*_where_and_when(meeting))}",
            body=f"The papers you received were for {meeting} on {_describe(*_where_and_when(meeting))}."
            f"\n\nThat meeting is cancelled.{why}",
            people=people,
            posts=posts,
        )
    return meeting


def _where_and_when(meeting):
    return (meeting.starts_at, meeting.venue, meeting.online_link)


def _describe(starts_at, venue, online_link):
    when = timezone.localtime(starts_at)
    where = " and ".join(x for x in (venue, "online" if online_link else "") if x)
    return f"{when:%A %-d %B %Y at %H:%M}" + (f", {where}" if where else "")


def _agenda_outbox(meeting):
    """Cancel every agenda of `meeting` still waiting in the outbox. Returns (rows, waiting,
    reached): all its agenda rows, those just cancelled, and those the agenda reached."""
    rows = Notification.objects.filter(
        kind="agenda_circulation", group__startswith=f"meeting:{meeting.pk}:agenda"
    )
    waiting = [r for r in rows if r.status in (Notification.Status.PENDING, Notification.Status.QUEUED)]
    reached = [r for r in rows if r.status not in _NOT_RECEIVED]
    for group in {r.group for r in waiting}:
        notification_cancel(key_prefix=f"{group}:")
    return rows, waiting, reached


def _received(reached):
    """(people, posts) whom an agenda reached: those a correction is for."""
    reached = [r for r in reached if r.copy_of_id is None]  # a post's copies: the post again
    return _people(reached), _posts(reached)


def agenda_notices_withdraw(meeting):
    """A cancelled meeting: no agenda still waiting in the outbox goes out. Returns (people,
    posts) whom an agenda already reached."""
    _, _, reached = _agenda_outbox(meeting)
    return _received(reached)


def agenda_notice_rebuild(meeting, *, change):
    """Replace every agenda of `meeting` still waiting in the outbox with one built from the
    meeting as it is now (so nobody receives an old date). Returns (people, posts) whom an
    agenda already reached: those a correction is for."""
    rows, waiting, reached = _agenda_outbox(meeting)
    if waiting:
        notify(
            key=f"meeting:{meeting.pk}:agenda-{change}",
            kind="agenda_circulation",
            subject=f"Agenda: {meeting} on {timezone.localtime(meeting.starts_at):%A %-d %B at %H:%M}",
            body=agenda_body(meeting),
            to_people=_people(waiting),
            to_posts=_posts(waiting),
            url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
            attachments=rows.filter(pk=waiting[0].pk).values_list("attachments", flat=True)[0],
        )
    return _received(reached)


def _people(rows):
    """Those addressed by name (a row to a post goes to the post again, to whoever holds it)."""
    return sorted({r.person_id for r in rows if r.person_id and not r.post_id})


def _posts(rows):
    return sorted({r.post_id for r in rows if r.post_id})


_NOT_RECEIVED = (Notification.Status.PENDING, Notification.Status.QUEUED, Notification.Status.CANCELLED)


def _correction_send(meeting, *, change, before, people, posts):
    now = _describe(*_where_and_when(meeting))
    _tell_received(
        meeting,
        key=f"meeting:{meeting.pk}:correction-{change}",
        subject=f"Change to {meeting}: now {now}",
        body=f"The papers you received for {meeting} gave {_describe(*before)}.\n\n"
        f"The meeting is now on {now}.\n\nThe agenda is unchanged; the corrected agenda is attached.",
        people=people,
        posts=posts,
        attachments=[["meetings.exports.agenda_attachment", [meeting.pk]]],
    )


def _tell_received(meeting, *, key, subject, body, people, posts, attachments=()):
    """A correction (a move, a cancellation) to those whom the papers reached."""
    notify(
        key=key,
        kind="agenda_circulation",
        subject=subject,
        body=body,
        to_people=people,
        to_posts=posts,
        url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
        attachments=list(attachments),
    )

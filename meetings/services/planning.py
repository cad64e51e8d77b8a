"""Planning: one meeting, a year of them at once, and changes to a meeting's details."""

import datetime

from django.db import transaction
from django.utils import timezone

from clp.notifications.services import notification_cancel
from meetings import rules
from meetings.models import AgendaItem, Meeting
from meetings.services.agenda import _ordered, _renumber
from meetings.services.circulation import schedule_reminder
from meetings.services.common import Status, check_minutes_open
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
def meeting_update(*, meeting, title=None, starts_at=None, venue=None, online_link=None) -> Meeting:
    """Change a meeting's details (None leaves a detail as it is; its kind and branch never
    change). A new date re-schedules the reminder of a circulated agenda."""
    check_minutes_open(meeting)
    moved = starts_at is not None and starts_at != meeting.starts_at
    changes = {"title": title, "starts_at": starts_at, "venue": venue, "online_link": online_link}
    for name, value in changes.items():
        if value is not None:
            setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    if moved and meeting.reached(Status.PAPERS_CIRCULATED) and not meeting.reached(Status.HELD):
        notification_cancel(key_prefix=f"meeting:{meeting.pk}:reminder")
        # One key per move (the history row of this save), so moving back to an earlier
        # date still schedules a reminder rather than finding the cancelled one.
        move = meeting.history.count()
        schedule_reminder(meeting, key_suffix=f"{meeting.starts_at:%Y%m%d%H%M}-{move}")
    return meeting

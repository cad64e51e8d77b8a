"""Reads for the events diary: each returns events with their joins already on."""

import calendar
import datetime

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from meetings.models import DiaryEvent

NEXT_EVENTS = "Next events"  # the heading of the section in the branch mailing
MONTHS = [calendar.month_abbr[m] for m in range(1, 13)]


def _events():
    return DiaryEvent.objects.select_related("branch", "organiser_post__branch", "organiser_person", "target")


def events(*, members):
    """Every event, members-only ones too when `members` (access.can_see_diary), else public ones."""
    return _events() if members else _events().filter(is_public=True)


def public_events():
    return _events().filter(is_public=True, cancelled=False)


def month_bounds(year, month):
    zone = timezone.get_current_timezone()
    first = datetime.datetime(year, month, 1, tzinfo=zone)
    last = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
    return first, last


def month_events(year, month, *, members):
    """The month's events (starting in it), in date order."""
    first, last = month_bounds(year, month)
    return list(
        events(members=members).filter(starts_at__gte=first, starts_at__lt=last).order_by("starts_at")
    )


def upcoming_events(*, now=None, days=42, limit=12, public_only=False):
    """The next events (not cancelled) in the coming `days`: the branch mailing's "next events"."""
    now = now or timezone.now()
    found = public_events() if public_only else _events().filter(cancelled=False)
    return list(
        found.filter(ends_at__gte=now, starts_at__lt=now + datetime.timedelta(days=days)).order_by(
            "starts_at"
        )[:limit]
    )


def events_per_month(year, *, members):
    """[(month abbreviation, number of events held or planned)] for each month of `year`."""
    counts = dict(
        events(members=members)
        .filter(starts_at__year=year, cancelled=False)
        .annotate(month=ExtractMonth("starts_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return [(MONTHS[m - 1], counts.get(m, 0)) for m in range(1, 13)]


def next_events_text(*, now=None):
    """The next events as plain text lines, for the branch mailing."""
    lines = []
    for event in upcoming_events(now=now):
        when = timezone.localtime(event.starts_at)
        where = f", {event.where}" if event.where else ""
        who = " (open to the public)" if event.is_public else " (members)"
        lines.append(f"- {when:%a} {when.day} {when:%b %H:%M}: {event.title}{where}{who}")
    return "\n".join(lines)

"""The private iCalendar feed: one address per person, with a token in place of a login."""

import datetime
import zoneinfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from clp.core.access import access_for
from meetings import selectors
from meetings.models import CalendarFeed

DEFAULT_LENGTH = datetime.timedelta(hours=2)


def calendar_for_token(token):
    """The calendar (bytes) for the owner of `token`, or None when no feed has that token."""
    feed = CalendarFeed.objects.select_related("person__user").filter(token=token).first()
    if feed is None or not token:
        return None
    user = feed.person.user
    # A closed login sees nothing (access_for(None) is no one's access).
    access = access_for(user if user is not None and user.is_active else None)
    return meetings_calendar(selectors.visible_meetings(access).order_by("starts_at"))


def meetings_calendar(meetings):
    meetings = list(meetings)
    cal = Calendar()
    cal.add("prodid", "-//CLP Desk//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{settings.CLP_NAME}: meetings")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    # Times in local (Europe/London) time with their VTIMEZONE, so a calendar app shows
    # 19:30 as 19:30 on both sides of the clocks changing.
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    stamp = timezone.now()
    host = settings.SITE_URL.split("//", 1)[-1]
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add(
            "summary",
            str(meeting)
            if meeting.title
            else f"{meeting.get_kind_display()}" + (f" ({meeting.branch})" if meeting.branch_id else ""),
        )
        starts = meeting.starts_at.astimezone(local)
        event.add("dtstart", starts)
        event.add("dtend", (meeting.starts_at + DEFAULT_LENGTH).astimezone(local))
        event.add("dtstamp", stamp)  # when this copy was made (UTC), as RFC 5545 asks
        if meeting.venue:
            event.add("location", meeting.venue)
        url = settings.SITE_URL + reverse("meetings:detail", kwargs={"pk": meeting.pk})
        event.add("url", url)
        event.add("description", "\n".join(filter(None, [meeting.online_link, url])))
        cal.add_component(event)
    # The rules from a year before the first meeting to ten years after the last, not 1970-2038.
    years = [timezone.localdate(m.starts_at).year for m in meetings] or [stamp.year]
    cal.add_missing_timezones(
        first_date=datetime.date(min(years) - 1, 1, 1), last_date=datetime.date(max(years) + 10, 1, 1)
    )
    return cal.to_ical()

"""The iCalendar feeds: each person's private one (with a token in place of a login: the
meetings they see and the diary's events, members-only ones included), and the diary's
public one (public events only, for anyone and for the CLP's website)."""

import datetime
import zoneinfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from clp.core.access import access_for
from meetings import diary, selectors
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
    events = diary.events(members=True) if access.can_see_diary else []
    return meetings_calendar(selectors.visible_meetings(access).order_by("starts_at"), events=events)


def public_calendar():
    """The diary's public events: no meetings, nothing members-only."""
    return meetings_calendar([], events=diary.public_events(), name="events")


def _add_diary_event(cal, event, local, stamp, host):
    item = Event()
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("summary", event.title)
    item.add("dtstart", event.starts_at.astimezone(local))
    item.add("dtend", event.ends_at.astimezone(local))
    item.add("dtstamp", stamp)
    item.add("categories", [event.get_kind_display()])
    if event.cancelled:
        item.add("status", "CANCELLED")
    if event.venue:
        item.add("location", event.venue)
    if event.online_link:
        item.add("url", event.online_link)
    item.add("description", "\n".join(filter(None, [event.description, event.online_link])))
    item.add("class", "PUBLIC" if event.is_public else "PRIVATE")
    cal.add_component(item)


def meetings_calendar(meetings, *, events=(), name="meetings"):
    meetings, events = list(meetings), list(events)
    cal = Calendar()
    cal.add("prodid", "-//CLP Desk//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{settings.CLP_NAME}: {name}")
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
        if meeting.cancelled:
            event.add("status", "CANCELLED")
        if meeting.venue:
            event.add("location", meeting.venue)
        url = settings.SITE_URL + reverse("meetings:detail", kwargs={"pk": meeting.pk})
        event.add("url", url)
        event.add("description", "\n".join(filter(None, [meeting.online_link, url])))
        cal.add_component(event)
    for event in events:
        _add_diary_event(cal, event, local, stamp, host)
    # The rules from a year before the first meeting to ten years after the last, not 1970-2038.
    years = [timezone.localdate(m.starts_at).year for m in meetings + events] or [stamp.year]
    cal.add_missing_timezones(
        first_date=datetime.date(min(years) - 1, 1, 1), last_date=datetime.date(max(years) + 10, 1, 1)
    )
    return cal.to_ical()

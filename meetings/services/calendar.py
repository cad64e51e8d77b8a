"""Each person's private calendar address (the iCalendar feed is built in meetings.feeds)."""

from django.db import transaction

from meetings.models import CalendarFeed


def calendar_feed_for(person) -> CalendarFeed:
    """The person's calendar address, made the first time they ask."""
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return feed


@transaction.atomic
def calendar_feed_reset(*, person) -> CalendarFeed:
    """A new private address; the old one stops working at once."""
    CalendarFeed.objects.filter(person=person).delete()
    return CalendarFeed.objects.create(person=person)

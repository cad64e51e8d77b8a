"""The events diary: putting an event in, changing it, recording how it went."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from meetings.models import DiaryEvent

PENCE = Decimal("0.01")


def _check(event):
    errors = {}
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors["ends_at"] = "The event must end after it starts."
    if not event.venue and not event.online_link:
        errors["venue"] = "Give a venue or an online link."
    if event.organiser_post_id is None and event.organiser_person_id is None:
        errors["organiser_post"] = "Name the organiser: a post or a person."
    if event.raised is not None and Decimal(event.raised) != Decimal(event.raised).quantize(PENCE):
        errors["raised"] = "Give money in pounds and pence, e.g. 125.50."
    if errors:
        raise ValidationError(errors)
    event.full_clean()


@transaction.atomic
def event_create(
    *,
    by,
    title,
    kind,
    starts_at,
    ends_at,
    is_public,
    venue="",
    online_link="",
    description="",
    branch=None,
    organiser_post=None,
    organiser_person=None,
    target=None,
) -> DiaryEvent:
    """Put an event in the diary. It must end after it starts, have a venue or a link and an organiser."""
    event = DiaryEvent(
        title=title, kind=kind, starts_at=starts_at, ends_at=ends_at, is_public=is_public, venue=venue,
        online_link=online_link, description=description, branch=branch, organiser_post=organiser_post,
        organiser_person=organiser_person, target=target, created_by=by,
    )  # fmt: skip
    _check(event)
    event.save()
    return event


@transaction.atomic
def event_update(
    *,
    event,
    title,
    kind,
    starts_at,
    ends_at,
    is_public,
    venue,
    online_link,
    description,
    organiser_post,
    organiser_person,
    target,
    attendance,
    raised,
    cancelled,
) -> DiaryEvent:
    """Change an event, and record after it how many came and what it raised."""
    event = DiaryEvent.objects.select_for_update().get(pk=event.pk)
    event.title, event.kind, event.is_public = title, kind, is_public
    event.starts_at, event.ends_at = starts_at, ends_at
    event.venue, event.online_link, event.description = venue, online_link, description
    event.organiser_post, event.organiser_person, event.target = organiser_post, organiser_person, target
    event.attendance, event.raised, event.cancelled = attendance, raised, cancelled
    _check(event)
    event.save()
    return event

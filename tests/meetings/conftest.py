import datetime

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import Meeting, StandingOrder
from tests.factories.meetings import StandingOrderFactory


@pytest.fixture
def ec_rules(db):
    """EC Standing Orders: a quorum of two voting members, seven days' notice."""
    return StandingOrderFactory(kind=Meeting.Kind.EC, quorum_number=2, notice_days=7, reminder_days=2)


@pytest.fixture
def ec_meeting(db, ec_rules):
    """An EC meeting three weeks away, at 19:30, with its standing items."""
    day = timezone.localdate() + datetime.timedelta(days=21)
    return services.meeting_plan(
        kind=Meeting.Kind.EC,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(19, 30))),
        venue="Trades Hall",
    )


def at(day, hour=19, minute=30):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def held_meeting(**kwargs):
    """A meeting last week, marked as held, ready for its minutes."""
    meeting = services.meeting_plan(
        kind=kwargs.pop("kind", Meeting.Kind.EC),
        starts_at=at(timezone.localdate() - datetime.timedelta(days=7)),
        **kwargs,
    )
    return services.meeting_mark_held(meeting=meeting)


__all__ = ["StandingOrder"]

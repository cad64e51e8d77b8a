import datetime

import factory
from django.utils import timezone

from meetings.models import AgendaItem, Meeting


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.EC
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    venue = "Trades Hall"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Item {n}")
    minutes_allowed = 10

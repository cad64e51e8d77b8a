import datetime

import factory
from django.utils import timezone

from clp.notifications.models import KindChoice, Notification, Preferences
from tests.factories.officers import PersonFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    """A notification to a person, due now and not yet sent."""

    class Meta:
        model = Notification

    key = factory.Sequence(lambda n: f"test:{n}")
    kind = "meeting_reminder"
    person = factory.SubFactory(PersonFactory)
    subject = factory.Sequence(lambda n: f"Reminder {n}")
    body = "The General Meeting is on Thursday at 7pm."
    due_at = factory.LazyFunction(timezone.now)
    send_after = factory.SelfAttribute("due_at")

    class Params:
        delivered = factory.Trait(
            status=Notification.Status.SENT,
            channel="email",
            sent_at=factory.LazyFunction(timezone.now),
            delivered_at=factory.LazyFunction(timezone.now),
        )
        failed = factory.Trait(
            status=Notification.Status.FAILED, error="SMTPRecipientsRefused: 550 no such user"
        )


class PreferencesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preferences
        django_get_or_create = ("person",)

    person = factory.SubFactory(PersonFactory)
    quiet_start = datetime.time(23, 0)
    quiet_end = datetime.time(6, 0)
    digest_at = datetime.time(7, 0)


class KindChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KindChoice
        django_get_or_create = ("person", "kind")

    person = factory.SubFactory(PersonFactory)
    kind = "meeting_reminder"
    channel = "inbox"

"""Rows for the inbox, preferences, the one-click stop link and the Secretary's outbox."""

from clp.notifications.emails import unsubscribe_token
from tests.factories.notifications import NotificationFactory
from tests.security.matrix import LOGIN, Row, everyone, public


def build(world):
    world.delivered = NotificationFactory(person=world.secretary, delivered=True)
    world.failed = NotificationFactory(person=world.member, failed=True)
    world.stop_token = unsubscribe_token(world.member.pk, "meeting_reminder")


ROWS = {
    "notifications:inbox": everyone(),
    "notifications:preferences": everyone(),
    # POST only: a GET is refused before anything else is looked at.
    "notifications:mark_read": Row(default=405, anonymous=LOGIN, kwargs=lambda w: {"pk": w.delivered.pk}),
    "notifications:mark_all_read": Row(default=405, anonymous=LOGIN),
    "notifications:retry": Row(default=405, anonymous=LOGIN, kwargs=lambda w: {"pk": w.failed.pk}),
    # The signed token is the permission: it works from an email client with no login.
    "notifications:unsubscribe": public(kwargs=lambda w: {"token": w.stop_token}),
    "notifications:outbox": Row(default=403, anonymous=LOGIN, secretary=200),
}

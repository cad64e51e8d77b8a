"""The one path for every reminder and notification in the product.

Apps call `notify(...)` inside the transaction that causes the reminder. The engine
writes one outbox row per recipient, keyed so the same reminder can never be created
twice, and hands those already due to a worker once the transaction commits. Whatever
is not handed over (not due yet, the broker down) the sweep picks up (see tasks.py).
"""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from clp.notifications.kinds import Channel, kind_for
from clp.notifications.models import KindChoice, Notification, Preferences

logger = logging.getLogger(__name__)
Status = Notification.Status


def notify(
    *,
    key,
    kind,
    subject,
    body,
    to_people=(),
    to_posts=(),
    due_at=None,
    url="",
    legal=False,
    attachments=(),
):
    """Queue a notification for each person in `to_people` and each post in `to_posts`.

    key: unique for the purpose, e.g. "meeting:42:reminder-7d"; the engine appends the
        recipient, so calling twice with the same key creates nothing new.
    kind: a kind from clp.notifications.kinds (people choose email/digest/in-product per kind).
    to_posts: post instances or ids; resolved to whoever holds the post on the day it is sent
        (to the fallback people, marked as such, if nobody does): see clp.notifications.recipients.
    due_at: when to send (aware datetime); now by default. Quiet hours may move it on.
    legal: legal deadlines always email (the Treasurer cannot opt out).
    attachments: list of [dotted.path.to.exporter, [args...]]; the exporter returns
        (filename, content_type, bytes) and is called at send time.
    Returns the notifications created or already there.
    """
    due_at = due_at or timezone.now()
    legal = bool(legal or kind_for(kind).legal)
    recipients = [("person", getattr(p, "pk", p)) for p in to_people]
    recipients += [("post", getattr(p, "pk", p)) for p in to_posts]
    rows = []
    with transaction.atomic():
        for what, pk in recipients:
            row_key = f"{key}:{what}:{pk}"
            if len(row_key) > 255:
                raise ValueError(f"Notification key too long (255 characters at most): {row_key!r}")
            row, _ = Notification.objects.get_or_create(
                key=row_key,
                defaults={
                    "group": key,
                    "kind": kind,
                    "person_id": pk if what == "person" else None,
                    "post_id": pk if what == "post" else None,
                    "subject": subject[:200],
                    "body": body,
                    "url": url,
                    "legal": legal,
                    "attachments": [[a[0], list(a[1]) if len(a) > 1 else []] for a in attachments],
                    "due_at": due_at,
                    "send_after": due_at,
                },
            )
            rows.append(row)
        due_now = [r.pk for r in rows if r.status == Status.PENDING and r.send_after <= timezone.now()]
        if due_now:
            transaction.on_commit(partial(hand_over, due_now))
    return rows


def hand_over(ids):
    """Give due notifications to a worker. If the broker cannot be reached they stay in the
    outbox and the next sweep sends them: the change that caused them is not undone."""
    from clp.notifications.tasks import deliver

    try:
        deliver.delay(list(ids))
    except OperationalError as exc:
        logger.warning("Broker unreachable; %d notification(s) left for the sweep: %s", len(ids), exc)
        return False
    return True


def notification_cancel(*, key_prefix):
    """Cancel queued notifications whose key starts with `key_prefix` (e.g. a meeting moved),
    including those waiting for the daily digest: they stay in the inbox, marked cancelled,
    and the digest leaves them out."""
    return Notification.objects.filter(
        key__startswith=key_prefix, status__in=[Status.PENDING, Status.QUEUED, Status.DIGEST]
    ).update(status=Status.CANCELLED)


def notification_mark_read(*, notification, person):
    """Mark one of `person`'s notifications read (idempotent)."""
    return Notification.objects.filter(pk=notification.pk, person=person, read_at=None).update(
        read_at=timezone.now()
    )


def notification_mark_all_read(*, person):
    return Notification.objects.filter(person=person, read_at=None, delivered_at__isnull=False).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_retry(*, notification):
    """Send a failed notification again, from the start. Returns False if it had not failed."""
    retried = Notification.objects.filter(pk=notification.pk, status=Status.FAILED).update(
        status=Status.PENDING,
        send_after=timezone.now(),
        attempts=0,
        claim=None,
        claimed_at=None,
        attempted_at=None,
        queued_at=None,
        error="",
    )
    if retried:
        transaction.on_commit(partial(hand_over, [notification.pk]))
    return bool(retried)


@transaction.atomic
def preferences_update(*, person, quiet_start, quiet_end, digest_at, channels):
    """Save `person`'s quiet hours, digest time and, per kind, the channel they chose.
    Legal kinds are not theirs to choose and are skipped."""
    prefs, _ = Preferences.objects.get_or_create(person=person)
    prefs.quiet_start, prefs.quiet_end, prefs.digest_at = quiet_start, quiet_end, digest_at
    prefs.full_clean()
    prefs.save()
    for kind, channel in channels.items():
        kind_choice_set(person=person, kind=kind, channel=channel)
    return prefs


@transaction.atomic
def kind_choice_set(*, person, kind, channel):
    """`person` wants `kind` by `channel`. Returns False for a legal kind, which always emails."""
    if kind_for(kind).legal:
        return False
    choice, _ = KindChoice.objects.update_or_create(
        person=person, kind=kind, defaults={"channel": Channel(channel)}
    )
    choice.full_clean()
    return True

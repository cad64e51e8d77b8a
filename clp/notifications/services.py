"""The one path for every reminder and notification in the product.

Apps call `notify(...)` inside the transaction that causes the reminder. The engine
writes one outbox row per recipient, keyed so the same reminder can never be created
twice, and sends it when it falls due (see tasks.py).
"""

from django.db import transaction
from django.utils import timezone

from clp.notifications.models import Notification


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
    to_posts: Post instances or ids; resolved to whoever holds the post on the day it is sent.
    due_at: when to send (aware datetime); now by default.
    legal: legal deadlines always email (the Treasurer cannot opt out).
    attachments: list of [dotted.path.to.exporter, [args...]]; the exporter returns
        (filename, content_type, bytes) and is called at send time.
    Returns the notifications created or already there.
    """
    due_at = due_at or timezone.now()
    rows = []
    recipients = [("person", getattr(p, "pk", p)) for p in to_people]
    recipients += [("post", getattr(p, "pk", p)) for p in to_posts]
    for what, pk in recipients:
        row, _ = Notification.objects.get_or_create(
            key=f"{key}:{what}:{pk}",
            defaults={
                "kind": kind,
                "person_id": pk if what == "person" else None,
                "post_id": pk if what == "post" else None,
                "subject": subject,
                "body": body,
                "url": url,
                "legal": legal,
                "attachments": [list(a) for a in attachments],
                "due_at": due_at,
            },
        )
        rows.append(row)
    transaction.on_commit(_kick)
    return rows


def notification_cancel(*, key_prefix):
    """Cancel queued notifications whose key starts with `key_prefix` (e.g. a meeting moved)."""
    return Notification.objects.filter(key__startswith=key_prefix, status=Notification.Status.PENDING).update(
        status=Notification.Status.CANCELLED
    )


def _kick():
    from clp.notifications.tasks import sweep

    sweep.delay()

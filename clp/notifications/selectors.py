from django.db.models import Count

from clp.core.pages import count_up_to
from clp.notifications.models import Notification

Status = Notification.Status


def _person_id(user):
    person = getattr(user, "person", None)
    return person.pk if person else None


def inbox_for(person):
    """What has reached `person`'s inbox, newest first."""
    return Notification.objects.filter(person=person, delivered_at__isnull=False).order_by(
        "-delivered_at", "-pk"
    )


def unread_count_for(user):
    person_id = _person_id(user)
    if person_id is None:
        return 0
    return Notification.objects.filter(person_id=person_id, delivered_at__isnull=False, read_at=None).count()


OUTBOX_FILTERS = {
    "queued": [Status.PENDING, Status.QUEUED, Status.SENDING, Status.DIGEST],
    "sent": [Status.SENT],
    "failed": [Status.FAILED],
    "cancelled": [Status.CANCELLED],
}


def outbox(status=None):
    """The outbox for the Secretary's page and the management command."""
    rows = Notification.objects.select_related("person", "post__branch").order_by("-send_after", "-pk")
    if status in OUTBOX_FILTERS:
        rows = rows.filter(status__in=OUTBOX_FILTERS[status])
    return rows


OUTBOX_FIELDS = (
    "pk", "subject", "kind", "status", "send_after", "sent_at", "email", "fallback", "note", "error",
    "person_id", "person__first_name", "person__last_name", "post_id", "post__name", "post__branch__name",
)  # fmt: skip


def outbox_rows(status=None):
    """The outbox as the page lists it: plain rows (dicts of OUTBOX_FIELDS), no models."""
    return outbox(status).values(*OUTBOX_FIELDS)


# "Sent" is nearly every notification, ever more: counted up to this many, then "more than".
SENT_COUNTED = 10_000


def outbox_counts():
    """{filter: count}: the few not sent counted exactly on the status index in one query, and
    the sent counted there up to SENT_COUNTED (clp.core.pages.UpTo). Counting every
    notification, to take the others from it, read the whole table: 95 ms at 500,000."""
    few = [s for name, statuses in OUTBOX_FILTERS.items() if name != "sent" for s in statuses]
    rows = dict(
        Notification.objects.filter(status__in=few).order_by().values_list("status").annotate(n=Count("pk"))
    )
    counts = {name: sum(rows.get(s, 0) for s in statuses) for name, statuses in OUTBOX_FILTERS.items()}
    counts["sent"] = count_up_to(Notification.objects.filter(status__in=OUTBOX_FILTERS["sent"]), SENT_COUNTED)
    return counts

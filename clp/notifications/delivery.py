"""Delivering the outbox: claim, resolve the recipient, choose the channel, send.

Never twice: every hand-over is a conditional update (PENDING -> QUEUED -> SENDING) that
only one sweep or worker can win, and each email is journalled (`attempted_at`) just before
it goes to the mail server. Never lost: rows a broker lost (stuck QUEUED) or a dead worker
left unattempted (stuck SENDING) go back to PENDING on the next sweep. A row a worker died
*while* handing to the mail server may or may not have gone; rather than risk sending it
twice it is marked FAILED with that explanation, for the Secretary to check and retry.
"""

import dataclasses
import uuid
from collections import defaultdict

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from clp.notifications import emails, recipients, rules
from clp.notifications.kinds import Channel
from clp.notifications.models import KindChoice, Notification, Preferences

Status = Notification.Status
INTERRUPTED = (
    "The worker stopped while handing this email to the mail server, so it may or may not "
    "have gone. Check with the recipient, then retry if it did not arrive."
)


class MailServerUnavailable(Exception):
    """A transient mail error stopped a batch; the rest was put back for a retry."""


@dataclasses.dataclass
class Outcome:
    sent: int = 0
    inbox: int = 0
    digest: int = 0
    deferred: int = 0
    failed: int = 0
    folded: int = 0
    extra_ids: list = dataclasses.field(default_factory=list)


def recover_stale(now=None):
    """Put back what an unreachable broker or a dead worker left behind (three updates)."""
    now = now or timezone.now()
    queued_before = now - settings.NOTIFICATIONS_QUEUED_TIMEOUT
    claimed_before = now - settings.NOTIFICATIONS_SENDING_TIMEOUT
    requeued = Notification.objects.filter(status=Status.QUEUED, queued_at__lt=queued_before).update(
        status=Status.PENDING, queued_at=None
    )
    stale = Notification.objects.filter(status=Status.SENDING, claimed_at__lt=claimed_before)
    released = stale.filter(attempted_at=None).update(status=Status.PENDING, claim=None, claimed_at=None)
    interrupted = stale.filter(attempted_at__isnull=False).update(status=Status.FAILED, error=INTERRUPTED)
    return requeued + released, interrupted


def claim_due(*, limit, now=None):
    """Claim up to `limit` notifications that have fallen due for hand-over (two queries)."""
    now = now or timezone.now()
    with transaction.atomic():
        due = Notification.objects.filter(status=Status.PENDING, send_after__lte=now).order_by("send_after")
        if connection.features.has_select_for_update_skip_locked:
            # Two sweeps at once each take different rows instead of waiting for each other.
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if ids:
            Notification.objects.filter(pk__in=ids, status=Status.PENDING).update(
                status=Status.QUEUED, queued_at=now
            )
    return ids


def release_to_pending(ids):
    """Undo a hand-over that never reached the broker."""
    return Notification.objects.filter(pk__in=ids, status=Status.QUEUED).update(
        status=Status.PENDING, queued_at=None
    )


def deliver(ids, now=None):
    """Send the notifications `ids` that are due and not taken by anyone else.

    Queries: the claim, the rows, the post holders (and, for a vacant post, who receives its
    copy: see officers.recipients), preferences and choices, one bulk update; then, per
    email, the journal and the result.
    """
    now = now or timezone.now()
    token = uuid.uuid4()
    claimed = Notification.objects.filter(
        pk__in=ids, status__in=[Status.PENDING, Status.QUEUED], send_after__lte=now
    ).update(status=Status.SENDING, claim=token, claimed_at=now, attempted_at=None)
    outcome = Outcome()
    if not claimed:
        return outcome
    # Earliest due first; the id breaks ties (rows made in one transaction share a time), so
    # which row meets a mail server's refusal never depends on the database's whim.
    rows = list(
        Notification.objects.filter(claim=token, status=Status.SENDING)
        .select_related("person__user", "post")
        .order_by("due_at", "pk")
    )
    from_post, extras, fallback_post_ids = _resolve_recipients(rows, now)
    folded = _fold_vacant_copies(rows, now, fallback_post_ids)
    outcome.folded = len(folded)
    outcome.extra_ids = _create_extras([e for e in extras if e[0].pk not in folded], now)
    prefs, choices = _preferences({r.person_id for r in rows if r.person_id})
    defaults = Preferences()  # the default quiet hours, for those who chose none
    to_email = []
    for row in rows:
        if row.pk in folded:
            continue
        channel = _decide(row, now, prefs.get(row.person_id, defaults), choices, from_post)
        if channel == Channel.EMAIL and row.status == Status.SENDING:
            to_email.append(row)
        else:
            setattr(outcome, _tally(row), getattr(outcome, _tally(row)) + 1)
    Notification.objects.bulk_update(rows, _DECIDED_FIELDS)
    if to_email:
        _send_emails(to_email, token, outcome)
    return outcome


_DECIDED_FIELDS = [
    "person",
    "email",
    "note",
    "fallback",
    "channel",
    "status",
    "send_after",
    "claim",
    "sent_at",
    "delivered_at",
    "error",
]


def _tally(row):
    return {
        Status.SENT: "inbox",
        Status.DIGEST: "digest",
        Status.PENDING: "deferred",
        Status.FAILED: "failed",
    }[row.status]


def _resolve_recipients(rows, now):
    """Give each row addressed to a post the person holding it today (the resolver officers
    hands the engine says who); a vacant post's go to the fallback people, marked as such.
    Returns the ids of the rows so resolved, the copies to make for second recipients, and
    the posts the fallback people hold."""
    # Resolved afresh at every attempt (a retry, a row put back): the holder may have changed.
    post_rows = [r for r in rows if r.copy_of_id is None and (r.post_id or r.person_id is None)]
    for row in post_rows:
        row.person, row.email, row.note, row.fallback = None, "", "", False
    found = recipients.Recipients(holders={})
    if post_rows:
        found = recipients.resolve([r.post_id for r in post_rows], timezone.localdate(now))
    extras = []
    for row in post_rows:
        people = found.holders.get(row.post_id)
        if people:
            row.person, row.note = people[0], f"To you as {row.post}."
            extras += [(row, p, None, row.note) for p in people[1:]]
        else:
            what = f"The post of {row.post}" if row.post else "The post this was for"
            for i, fallback in enumerate(found.fallback):
                note = f"{what} is vacant today, so this comes to you as {fallback.as_what}."
                if i == 0:
                    row.person, row.email, row.note, row.fallback = (
                        fallback.person,
                        fallback.email,
                        note,
                        True,
                    )
                else:
                    extras.append((row, fallback.person, fallback.email, note))
        row.email = recipients.address(row.person) or row.email
    from_post = {r.pk for r in post_rows}
    for row in rows:
        if row.pk not in from_post and row.person_id:  # a copy with no person keeps its address
            row.email = recipients.address(row.person)
    return from_post, extras, found.fallback_post_ids


def _fold_vacant_copies(rows, now, fallback_post_ids):
    """A notification for several posts (an agenda to every EC post) must not reach the
    Secretary once per vacant post. A vacant post's copy is not sent to a Secretary who
    already has the same notification (the same `group`), by their own post, by name, or as
    an earlier vacant post's copy; it is marked sent with a note saying so. The copy that
    does go names every vacant post of the batch. Returns the ids folded away (one query,
    only if any fell back)."""
    fallbacks = [r for r in rows if r.fallback and r.person_id and r.group]
    if not fallbacks:
        return set()
    groups = {r.group for r in fallbacks}
    fallback_ids = {r.pk for r in fallbacks}
    batch = {r.pk: r for r in rows}
    has_it = set()  # (group, person_id)
    others = (
        Notification.objects.filter(group__in=groups)
        .exclude(status=Status.CANCELLED)
        .values_list("pk", "group", "person_id", "fallback", "post_id", "copy_of_id", "copy_of__post_id")
    )
    for pk, group, person_id, fallback, post_id, copy_of_id, copied_post_id in others:
        if pk in fallback_ids:
            continue
        if pk in batch:  # resolved in this batch: its person is the one just chosen
            person_id, fallback = batch[pk].person_id, batch[pk].fallback
        if fallback and person_id:
            has_it.add((group, person_id))  # an earlier vacant post's copy
        elif post_id is None and copy_of_id is None:
            has_it.add((group, person_id))  # addressed to them by name
        elif (post_id or copied_post_id) in fallback_post_ids:
            # The Secretary's own copy, resolved or not yet: today's Secretaries have it.
            has_it.update((group, r.person_id) for r in fallbacks)
    folded, kept = set(), {}
    for row in fallbacks:
        if (row.group, row.person_id) in has_it:
            folded.add(row.pk)
            row.status, row.claim, row.sent_at, row.channel = Status.SENT, None, now, ""
            row.note = (
                f"The post of {row.post} is vacant today; {row.person} already has this "
                "notification, so no second copy was sent."
            )
        else:
            has_it.add((row.group, row.person_id))
            kept[(row.group, row.person_id)] = row
    for (group, _person_id), row in kept.items():
        vacant = [str(r.post) for r in fallbacks if r.pk in folded and r.group == group]
        vacant = [str(row.post), *(v for v in vacant if v != str(row.post))]
        if len(vacant) > 1:
            names = ", ".join(vacant[:-1]) + f" and {vacant[-1]}"
            row.note = row.note.replace(f"The post of {row.post} is", f"The posts of {names} are", 1)
    return folded


def _create_extras(extras, now):
    """A post held by two people (or a fallback to two superusers): one row each."""
    if not extras:
        return []
    new = []
    for row, person, email, note in extras:
        who = f"person:{person.pk}" if person else f"email:{email}"
        new.append(
            Notification(
                key=f"{row.key}:{who}"[:255],
                group=row.group,
                copy_of=row,
                kind=row.kind,
                person=person,
                subject=row.subject,
                body=row.body,
                url=row.url,
                legal=row.legal,
                attachments=row.attachments,
                due_at=row.due_at,
                send_after=now,
                email=email or "",
                note=note,
                fallback=row.fallback,
            )
        )
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    keys = [n.key for n in new]
    return list(Notification.objects.filter(key__in=keys, status=Status.PENDING).values_list("pk", flat=True))


def _preferences(person_ids):
    if not person_ids:
        return {}, {}
    prefs = {p.person_id: p for p in Preferences.objects.filter(person_id__in=person_ids)}
    choices = defaultdict(dict)
    for c in KindChoice.objects.filter(person_id__in=person_ids):
        choices[c.person_id][c.kind] = c.channel
    return prefs, choices


def _decide(row, now, p, choices, from_post):
    """Set the row's channel and next status; returns the channel."""
    if row.person_id is None and not row.email:
        row.status, row.claim = Status.FAILED, None
        row.error = "Nobody to send it to: the post is vacant and there is no Secretary or superuser."
        return None
    chosen = choices.get(row.person_id, {}).get(row.kind)
    channel = rules.channel_for(row.kind, legal=row.legal, chosen=chosen, has_email=bool(row.email))
    if row.person_id is None:
        channel = Channel.EMAIL  # a superuser with no person has no inbox
    row.channel = channel
    if channel == Channel.INBOX and row.legal:
        # A legal deadline must be emailed: in their inbox, and failed in the outbox for the
        # Secretary to see, until an address is added and it is retried.
        row.status, row.claim, row.delivered_at = Status.FAILED, None, now
        row.error = f"{row.person} has no email address, and a legal deadline must be emailed."
    elif channel == Channel.INBOX:
        row.status, row.claim, row.sent_at, row.delivered_at = Status.SENT, None, now, now
    elif channel == Channel.DIGEST:
        row.status, row.claim, row.delivered_at = Status.DIGEST, None, now
    else:
        later = rules.after_quiet_hours(now, p.quiet_start, p.quiet_end)
        if later > now:
            row.status, row.claim, row.send_after = Status.PENDING, None, later
            if row.pk in from_post:  # whoever holds the post in the morning gets it
                row.person, row.email, row.note, row.fallback = None, "", "", False
    return channel


def _send_emails(rows, token, outcome):
    mail = get_connection()
    try:
        mail.open()
    except Exception as exc:  # unreachable, or refusing us: nothing was attempted
        _release([r.pk for r in rows])
        raise MailServerUnavailable(repr(exc)) from exc
    made = {}  # each attachment exported once per sending (emails.notification_message)
    try:
        for i, row in enumerate(rows):
            try:
                _send_one(row, token, mail, outcome, made)
            except (MailServerUnavailable, SoftTimeLimitExceeded):
                _release([r.pk for r in rows[i + 1 :]])
                raise
    finally:
        mail.close()


def _send_one(row, token, mail, outcome, made):
    now = timezone.now()
    mine = Notification.objects.filter(pk=row.pk, claim=token, status=Status.SENDING)
    try:
        message = emails.notification_message(row, connection=mail, made=made)
    except Exception as exc:  # an attachment's exporter failed: no retry will fix the data
        mine.update(status=Status.FAILED, claim=None, error=f"Could not build the email: {exc!r}")
        outcome.failed += 1
        return
    if not mine.update(attempted_at=now):
        return
    try:
        mail.send_messages([message])
    except SoftTimeLimitExceeded:
        mine.update(status=Status.FAILED, claim=None, error=INTERRUPTED)
        outcome.failed += 1
        raise
    except Exception as exc:
        attempts = row.attempts + 1
        if rules.is_transient(exc) and attempts < rules.MAX_ATTEMPTS:
            mine.update(
                status=Status.PENDING,
                claim=None,
                attempted_at=None,
                attempts=attempts,
                send_after=now + rules.retry_delay(attempts),
                error=f"Attempt {attempts} failed, will retry: {exc!r}",
            )
            outcome.deferred += 1
            raise MailServerUnavailable(str(exc)) from exc
        mine.update(status=Status.FAILED, claim=None, attempts=attempts, error=repr(exc))
        outcome.failed += 1
        return
    mine.update(status=Status.SENT, claim=None, sent_at=timezone.now(), delivered_at=timezone.now(), error="")
    outcome.sent += 1


def _release(ids):
    """Give claimed rows not yet attempted back for another worker or a retry."""
    if ids:
        Notification.objects.filter(pk__in=ids, status=Status.SENDING, attempted_at=None).update(
            status=Status.QUEUED, claim=None, queued_at=timezone.now()
        )


def send_digests(now=None):
    """Send each person whose digest time has come (outside their quiet hours) one email
    with the minor notifications gathered since the last one. Once a day per person."""
    now = now or timezone.now()
    person_ids = set(
        Notification.objects.filter(status=Status.DIGEST, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    prefs, _ = _preferences(person_ids)
    defaults = Preferences()
    sent = 0
    for person_id in sorted(person_ids):
        p = prefs.get(person_id, defaults)
        due = rules.digest_due(now, p.digest_at, p.quiet_start, p.quiet_end, p.last_digest_on)
        if due is not None:
            sent += _send_digest(person_id, *due, now)
    return sent


def _send_digest(person_id, day, due, now):
    Preferences.objects.get_or_create(person_id=person_id)
    # The claim for the day: only one run can move last_digest_on to `day`.
    claimed = (
        Preferences.objects.filter(person_id=person_id)
        .filter(Q(last_digest_on=None) | Q(last_digest_on__lt=day))
        .update(last_digest_on=day)
    )
    if not claimed:
        return 0
    token = uuid.uuid4()
    Notification.objects.filter(person_id=person_id, status=Status.DIGEST, delivered_at__lte=due).update(
        status=Status.SENDING, claim=token, claimed_at=now, attempted_at=now
    )
    rows = list(Notification.objects.filter(claim=token).select_related("person__user").order_by("due_at"))
    mine = Notification.objects.filter(claim=token, status=Status.SENDING)
    if not rows:
        return 0
    try:
        get_connection().send_messages([emails.digest_message(rows[0].person, rows)])
    except Exception as exc:
        if not rules.is_transient(exc):
            mine.update(status=Status.FAILED, claim=None, error=repr(exc))
            return 0
        mine.update(status=Status.DIGEST, claim=None, attempted_at=None)
        Preferences.objects.filter(person_id=person_id).update(last_digest_on=None)
        return 0
    mine.update(status=Status.SENT, claim=None, sent_at=timezone.now())
    return 1

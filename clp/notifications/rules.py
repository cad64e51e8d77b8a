"""The rules of delivery, as plain functions: quiet hours, who chooses what, retries.

Tested without a database (tests/notifications/test_rules.py)."""

import datetime
import smtplib
from zoneinfo import ZoneInfo

from clp.notifications.kinds import Channel, kind_for

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


def wall_clock(day, time, tz=LONDON):
    """The first instant at or after `time` on `day` in `tz`.

    On the spring-forward night a wall time such as 01:30 does not exist; it means the
    moment the clocks reach it (02:30 BST). On the autumn night an ambiguous time means its
    first occurrence (fold=0)."""
    # In a gap zoneinfo reads the wall time with the offset from before the change, which
    # lands just after it; fold=0 picks the first of two ambiguous times.
    return datetime.datetime.combine(day, time, tzinfo=tz).astimezone(UTC)


def in_quiet_hours(moment, start, end, tz=LONDON):
    """Whether the aware `moment` falls in the quiet hours from `start` to `end` (local times;
    a window that crosses midnight, such as 23:00-06:00, is the usual case)."""
    if start == end:
        return False
    local = moment.astimezone(tz).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end


def after_quiet_hours(moment, start, end, tz=LONDON):
    """`moment` itself if it is outside the quiet hours, else the instant they end."""
    if not in_quiet_hours(moment, start, end, tz):
        return moment
    local = moment.astimezone(tz)
    day = local.date()
    if start > end and local.time() >= start:
        day += datetime.timedelta(days=1)  # the evening part of an overnight window
    return wall_clock(day, end, tz)


def digest_due(now, digest_at, quiet_start, quiet_end, last_sent_on, tz=LONDON):
    """Which day's digest should go now, and the moment it fell due; or None.

    Each day's digest falls due at the person's digest time (wall clock, so it keeps its
    hour across the clock changes); if that is inside their quiet hours it waits until they
    end, which may be the next morning (a digest time of 23:30 with quiet hours from 23:00
    goes at 06:00). It gathers what reached the inbox before that moment; anything later
    waits for the next one. Never sent inside quiet hours; one per day at most."""
    if in_quiet_hours(now, quiet_start, quiet_end, tz):
        return None
    today = now.astimezone(tz).date()
    for day in (today, today - datetime.timedelta(days=1)):
        due = after_quiet_hours(wall_clock(day, digest_at, tz), quiet_start, quiet_end, tz)
        if due <= now:
            return (day, due) if last_sent_on is None or last_sent_on < day else None
    return None


def channel_for(kind, *, legal=False, chosen=None, has_email=True):
    """How a notification of `kind` reaches a person: their choice, or the kind's default;
    legal deadlines always by email; nobody can be emailed without an address."""
    k = kind_for(kind)
    if not has_email:
        return Channel.INBOX
    if legal or k.legal:
        return Channel.EMAIL
    return chosen or k.default_channel


def retry_delay(attempts):
    """Backoff before retry number `attempts` (1, 2, ...): 1, 4, 16, 64 minutes, capped at 4 hours."""
    return datetime.timedelta(minutes=min(4 ** max(attempts - 1, 0), 240))


MAX_ATTEMPTS = 5


def is_transient(exc):
    """Errors that can pass: the mail server busy or unreachable. A 5xx answer (unknown
    mailbox, refused message) will not get better by trying again."""
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, ConnectionError | TimeoutError)

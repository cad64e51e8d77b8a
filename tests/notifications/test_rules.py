"""Quiet hours, channels and retries, as plain functions: no database."""

import datetime
import smtplib
from zoneinfo import ZoneInfo

from clp.notifications import rules
from clp.notifications.kinds import Channel

UTC = datetime.UTC
LONDON = ZoneInfo("Europe/London")
NIGHT, MORNING = datetime.time(23, 0), datetime.time(6, 0)


def london(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


def test_a_reminder_due_late_in_the_evening_waits_for_six_the_next_morning():
    assert rules.after_quiet_hours(london(2026, 11, 23, 23, 30), NIGHT, MORNING) == london(2026, 11, 24, 6, 0)


def test_a_reminder_due_before_dawn_waits_for_six_the_same_morning():
    assert rules.after_quiet_hours(london(2026, 11, 24, 5, 59), NIGHT, MORNING) == london(2026, 11, 24, 6, 0)


def test_a_reminder_outside_quiet_hours_goes_at_once():
    for moment in (london(2026, 11, 24, 6, 0), london(2026, 11, 24, 22, 59), london(2026, 11, 24, 12, 0)):
        assert rules.after_quiet_hours(moment, NIGHT, MORNING) == moment


def test_in_march_the_night_is_an_hour_shorter_and_the_morning_is_six_bst():
    # Clocks go forward at 01:00 GMT on Sunday 28 March 2027.
    due = london(2027, 3, 27, 23, 30)  # 23:30 GMT
    sent = rules.after_quiet_hours(due, NIGHT, MORNING)
    assert sent == datetime.datetime(2027, 3, 28, 5, 0, tzinfo=UTC)  # 06:00 BST
    assert sent.astimezone(LONDON).time() == MORNING
    assert sent - due.astimezone(UTC) == datetime.timedelta(hours=5, minutes=30)


def test_in_october_the_night_is_an_hour_longer_and_the_morning_is_six_gmt():
    # Clocks go back at 01:00 GMT (02:00 BST) on Sunday 31 October 2027.
    due = london(2027, 10, 30, 23, 30)  # 23:30 BST
    sent = rules.after_quiet_hours(due, NIGHT, MORNING)
    assert sent == datetime.datetime(2027, 10, 31, 6, 0, tzinfo=UTC)  # 06:00 GMT
    assert sent - due.astimezone(UTC) == datetime.timedelta(hours=7, minutes=30)


def test_the_repeated_hour_in_october_is_quiet_both_times():
    first = datetime.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 01:30 BST
    second = datetime.datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 01:30 GMT
    for moment in (first, second):
        assert rules.after_quiet_hours(moment, NIGHT, MORNING) == datetime.datetime(
            2027, 10, 31, 6, 0, tzinfo=UTC
        )


def test_quiet_hours_ending_in_the_missing_hour_end_when_the_clocks_reach_it():
    # 01:30 does not exist on 28 March 2027: the clocks jump from 01:00 to 02:00.
    moment = datetime.datetime(2027, 3, 28, 0, 45, tzinfo=UTC)  # 00:45 GMT
    assert rules.after_quiet_hours(moment, NIGHT, datetime.time(1, 30)) == datetime.datetime(
        2027, 3, 28, 1, 30, tzinfo=UTC
    )  # 02:30 BST


def test_a_daytime_quiet_window_and_an_empty_one():
    assert rules.in_quiet_hours(london(2026, 11, 24, 13, 0), datetime.time(12), datetime.time(14))
    assert not rules.in_quiet_hours(london(2026, 11, 24, 14, 0), datetime.time(12), datetime.time(14))
    assert not rules.in_quiet_hours(london(2026, 11, 24, 3, 0), datetime.time(0), datetime.time(0))


def test_legal_deadlines_always_email_whatever_was_chosen():
    assert rules.channel_for("quarterly_report_due", chosen=Channel.INBOX) == Channel.EMAIL
    assert rules.channel_for("meeting_reminder", legal=True, chosen=Channel.DIGEST) == Channel.EMAIL


def test_minor_kinds_go_to_the_digest_unless_chosen_otherwise():
    assert rules.channel_for("action_due") == Channel.DIGEST
    assert rules.channel_for("action_due", chosen=Channel.EMAIL) == Channel.EMAIL
    assert rules.channel_for("meeting_reminder") == Channel.EMAIL


def test_nobody_without_an_email_address_can_be_emailed():
    assert rules.channel_for("quarterly_report_due", has_email=False) == Channel.INBOX


def test_busy_or_unreachable_mail_servers_are_worth_retrying_refusals_are_not():
    assert rules.is_transient(smtplib.SMTPServerDisconnected("gone"))
    assert rules.is_transient(smtplib.SMTPDataError(451, b"try later"))
    assert rules.is_transient(ConnectionRefusedError())
    assert rules.is_transient(TimeoutError())
    assert rules.is_transient(smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"busy")}))
    assert not rules.is_transient(smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no such user")}))
    assert not rules.is_transient(smtplib.SMTPDataError(554, b"rejected"))
    assert not rules.is_transient(ValueError("a bug"))


def test_retries_back_off():
    delays = [rules.retry_delay(n) for n in range(1, 7)]
    assert delays == sorted(delays)
    assert delays[0] == datetime.timedelta(minutes=1)
    assert delays[-1] == datetime.timedelta(hours=4)


DIGEST_AT = datetime.time(7, 0)


def test_a_digest_falls_due_at_the_digest_time_once_a_day():
    assert rules.digest_due(london(2026, 11, 24, 6, 59), DIGEST_AT, NIGHT, MORNING, None) == (
        datetime.date(2026, 11, 23),
        london(2026, 11, 23, 7, 0),
    )  # yesterday's, which gathers only what came before yesterday's digest time
    assert rules.digest_due(london(2026, 11, 24, 7, 0), DIGEST_AT, NIGHT, MORNING, None) == (
        datetime.date(2026, 11, 24),
        london(2026, 11, 24, 7, 0),
    )
    assert (
        rules.digest_due(london(2026, 11, 24, 18, 0), DIGEST_AT, NIGHT, MORNING, datetime.date(2026, 11, 24))
        is None
    )


def test_a_digest_time_inside_the_quiet_hours_waits_for_them_to_end():
    late = datetime.time(23, 30)
    assert rules.digest_due(london(2026, 11, 24, 23, 30), late, NIGHT, MORNING, None) is None  # quiet
    assert rules.digest_due(london(2026, 11, 25, 5, 59), late, NIGHT, MORNING, None) is None  # still quiet
    assert rules.digest_due(
        london(2026, 11, 25, 6, 0), late, NIGHT, MORNING, datetime.date(2026, 11, 23)
    ) == (
        datetime.date(2026, 11, 24),
        london(2026, 11, 25, 6, 0),
    )


def test_the_digest_keeps_its_hour_across_both_clock_changes():
    for day in (datetime.date(2027, 3, 28), datetime.date(2027, 10, 31)):
        before = datetime.datetime.combine(day, datetime.time(6, 59), tzinfo=LONDON)
        at_seven = datetime.datetime.combine(day, DIGEST_AT, tzinfo=LONDON)
        yesterday = day - datetime.timedelta(days=1)
        assert rules.digest_due(before, DIGEST_AT, NIGHT, MORNING, yesterday) is None
        assert rules.digest_due(at_seven, DIGEST_AT, NIGHT, MORNING, yesterday) == (day, at_seven)

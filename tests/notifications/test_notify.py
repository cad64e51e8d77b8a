"""notify(): one outbox row per recipient and purpose, sent once, to the right person, by
the channel they chose, never at night."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from clp.notifications.models import KindChoice, Notification
from clp.notifications.services import notification_cancel, notify
from tests.conftest import holder
from tests.factories.notifications import PreferencesFactory
from tests.notifications.conftest import at

Status = Notification.Status
pytestmark = pytest.mark.django_db


def remind(key="meeting:42:reminder-7d", kind="meeting_reminder", **kwargs):
    kwargs.setdefault("subject", "General Meeting on Thursday")
    kwargs.setdefault("body", "The General Meeting is on Thursday at 7pm.")
    return notify(key=key, kind=kind, **kwargs)


def test_one_row_per_recipient_and_calling_twice_creates_nothing_new(secretary, chair, posts, committed):
    with committed():
        first = remind(to_people=[secretary, chair], to_posts=[posts["treasurer"]], due_at=at(2026, 12, 1, 9))
        again = remind(to_people=[secretary, chair], to_posts=[posts["treasurer"]], due_at=at(2026, 12, 1, 9))
    assert [n.key for n in first] == [
        f"meeting:42:reminder-7d:person:{secretary.pk}",
        f"meeting:42:reminder-7d:person:{chair.pk}",
        f"meeting:42:reminder-7d:post:{posts['treasurer'].pk}",
    ]
    assert [n.pk for n in again] == [n.pk for n in first]
    assert Notification.objects.count() == 3


def test_the_row_is_written_in_the_causing_transaction_and_rolls_back_with_it(secretary, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        remind(to_people=[secretary])
        raise RuntimeError("the change that caused it failed")
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_a_due_reminder_is_handed_to_a_worker_only_after_commit(
    secretary, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        remind(to_people=[secretary])
    assert mailoutbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    assert Notification.objects.get().status == Status.SENT


def test_the_email_has_text_and_html_parts_a_link_and_a_way_to_stop_that_kind(
    secretary, mailoutbox, committed
):
    with committed():
        remind(to_people=[secretary], url="/meetings/42/")
    (email,) = mailoutbox
    assert email.to == [secretary.email]
    assert email.subject == "General Meeting on Thursday"
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    for part in (email.body, html):
        assert "The General Meeting is on Thursday at 7pm." in part
        assert "http://127.0.0.1:8000/meetings/42/" in part
        assert "/notifications/stop/" in part
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_one_click_link_stops_that_kind_by_email_but_keeps_it_in_the_inbox(
    secretary, mailoutbox, committed, client
):
    with committed():
        remind(to_people=[secretary])
    stop_url = (
        mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8000")
    )
    assert client.post(stop_url).status_code == 200  # no login, no CSRF token: RFC 8058
    with committed():
        remind(key="meeting:43:reminder-7d", to_people=[secretary])
    assert len(mailoutbox) == 1
    assert Notification.objects.get(key__startswith="meeting:43").delivered_at is not None


def test_the_treasurer_cannot_opt_out_of_a_legal_deadline(treasurer, posts, mailoutbox, committed):
    KindChoice.objects.create(person=treasurer, kind="quarterly_report_due", channel="inbox")
    with committed():
        notify(
            key="finance:q3-report",
            kind="quarterly_report_due",
            subject="Quarterly report due",
            body="Due to the Electoral Commission within 30 days.",
            to_posts=[posts["treasurer"]],
        )
    (email,) = mailoutbox
    assert email.to == [treasurer.email]
    assert "always comes by email" in email.body
    assert "/notifications/stop/" not in email.body
    assert "List-Unsubscribe" not in email.extra_headers


def test_a_legal_deadline_for_a_treasurer_with_no_email_address_shows_as_failed_in_the_outbox(
    treasurer, posts, mailoutbox, committed
):
    type(treasurer).objects.filter(pk=treasurer.pk).update(email="")
    if treasurer.user_id:
        type(treasurer.user).objects.filter(pk=treasurer.user_id).update(email="")
    with committed():
        (row,) = notify(
            key="finance:q3-report",
            kind="quarterly_report_due",
            subject="Quarterly report due",
            body="Due within 30 days.",
            to_posts=[posts["treasurer"]],
        )
    row.refresh_from_db()
    assert mailoutbox == []
    assert row.status == Status.FAILED and "no email address" in row.error
    assert row.person == treasurer and row.delivered_at is not None  # still in their inbox


def test_a_post_reminder_follows_a_handover(posts, former_treasurer, mailoutbox, midday, sweep, committed):
    # The former treasurer's term ended yesterday; the new one starts the day after tomorrow.
    with committed():
        remind(key="finance:deadline", to_posts=[posts["treasurer"]], due_at=at(2026, 11, 27, 9))
    new = holder(
        posts["treasurer"], first_name="Nina", last_name="New", starts_on=datetime.date(2026, 11, 26)
    )
    midday.move_to(at(2026, 11, 27, 9, 5), tick=False)
    sweep()
    (email,) = mailoutbox
    assert email.to == [new.email]
    row = Notification.objects.get()
    assert (row.person, row.status, row.fallback) == (new, Status.SENT, False)
    assert "To you as Treasurer" in email.body


def test_a_reminder_for_a_vacant_post_goes_to_the_secretary_marked_as_such(
    posts, secretary, mailoutbox, committed
):
    with committed():
        remind(key="finance:deadline", to_posts=[posts["treasurer"]])
    (email,) = mailoutbox
    assert email.to == [secretary.email]
    assert email.subject.startswith("[Treasurer vacant]")
    assert "The post of Treasurer is vacant today, so this comes to you as Secretary." in email.body
    row = Notification.objects.get()
    assert row.fallback and row.person == secretary


def test_several_vacant_posts_reach_the_secretary_once_naming_them_all(
    posts, secretary, mailoutbox, committed
):
    with committed():
        remind(key="officers:report", to_posts=[posts["womens_officer"], posts["equality_officer"]])
    (email,) = mailoutbox
    assert email.to == [secretary.email]
    assert "The posts of Women's Officer and Equality Officer are vacant today" in email.body
    sent, folded = Notification.objects.order_by("-channel")  # the email, then the folded copy
    assert (sent.status, folded.status, sent.fallback, folded.fallback) == (
        Status.SENT,
        Status.SENT,
        True,
        True,
    )
    assert "already has this notification, so no second copy was sent" in folded.note
    assert folded.delivered_at is None  # and not a second time in the inbox


def test_a_vacant_posts_copy_is_not_sent_to_a_secretary_who_already_has_it(
    posts, secretary, mailoutbox, committed
):
    with committed():
        remind(key="meeting:9:agenda", to_posts=[posts["secretary"], posts["womens_officer"]])
    assert [(m.to, m.subject) for m in mailoutbox] == [([secretary.email], "General Meeting on Thursday")]


def test_with_no_secretary_either_it_goes_to_the_superusers(posts, mailoutbox, committed):
    get_user_model().objects.create_superuser(email="admin@example.org", password="a-long-password-1")
    with committed():
        remind(key="finance:deadline", to_posts=[posts["treasurer"]])
    (email,) = mailoutbox
    assert email.to == ["admin@example.org"]
    assert "administrator" in email.body
    assert "legal deadline" not in email.body  # an ordinary reminder, only with nobody to stop it for


def test_nothing_is_emailed_in_quiet_hours_it_waits_for_the_morning(
    secretary, mailoutbox, midday, sweep, committed
):
    midday.move_to(at(2026, 11, 24, 23, 30), tick=False)
    with committed():
        remind(to_people=[secretary])
    sweep()
    assert mailoutbox == []
    assert Notification.objects.get().send_after == at(2026, 11, 25, 6, 0)
    midday.move_to(at(2026, 11, 25, 5, 58), tick=False)
    sweep()
    assert mailoutbox == []
    midday.move_to(at(2026, 11, 25, 6, 0), tick=False)
    sweep()
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "evening, too_early, morning",
    [
        # Clocks forward on 28 March 2027: 06:00 BST is 05:00 UTC.
        (at(2027, 3, 27, 23, 30), at(2027, 3, 28, 5, 59), at(2027, 3, 28, 6, 0)),
        # Clocks back on 31 October 2027: 06:00 GMT is 06:00 UTC.
        (at(2027, 10, 30, 23, 30), at(2027, 10, 31, 5, 59), at(2027, 10, 31, 6, 0)),
    ],
    ids=["march", "october"],
)
def test_quiet_hours_across_the_clock_change(
    secretary, mailoutbox, midday, sweep, committed, evening, too_early, morning
):
    midday.move_to(evening, tick=False)
    with committed():
        remind(to_people=[secretary])
    midday.move_to(too_early, tick=False)
    sweep()
    assert mailoutbox == []
    midday.move_to(morning, tick=False)
    sweep()
    assert len(mailoutbox) == 1
    assert Notification.objects.get().sent_at == morning


def test_a_person_may_set_their_own_quiet_hours(secretary, mailoutbox, midday, sweep, committed):
    PreferencesFactory(person=secretary, quiet_start=datetime.time(21), quiet_end=datetime.time(8))
    midday.move_to(at(2026, 11, 24, 7, 30), tick=False)
    with committed():
        remind(to_people=[secretary])
    assert mailoutbox == []
    midday.move_to(at(2026, 11, 24, 8, 0), tick=False)
    sweep()
    assert len(mailoutbox) == 1


def test_in_product_only_reaches_the_inbox_and_no_email(secretary, mailoutbox, committed):
    KindChoice.objects.create(person=secretary, kind="meeting_reminder", channel="inbox")
    with committed():
        remind(to_people=[secretary])
    assert mailoutbox == []
    row = Notification.objects.get()
    assert (row.status, row.channel, row.read_at) == (Status.SENT, "inbox", None)
    assert row.delivered_at is not None


def test_minor_reminders_are_gathered_into_one_daily_digest(secretary, mailoutbox, midday, committed):
    from clp.notifications.tasks import send_digests

    with committed():
        notify(
            key="action:1",
            kind="action_due",
            subject="Book the room",
            body="For the GC.",
            to_people=[secretary],
        )
        notify(
            key="action:2",
            kind="action_due",
            subject="Order leaflets",
            body="For Saturday.",
            to_people=[secretary],
        )
    assert mailoutbox == []
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.DIGEST}
    midday.move_to(at(2026, 11, 25, 6, 59), tick=False)
    assert send_digests() == 0
    midday.move_to(at(2026, 11, 25, 7, 0), tick=False)
    assert send_digests() == 1
    (email,) = mailoutbox
    assert email.subject == "Your daily digest: 2 reminders"
    for part in (email.body, email.alternatives[0][0]):
        assert "Book the room" in part and "Order leaflets" in part
    html = email.alternatives[0][0]
    assert email.body.count("/notifications/stop/") == html.count("/notifications/stop/") == 1  # one kind
    assert "Stop the digest of" in email.body and "Stop the digest of" in html
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert send_digests() == 0  # once a day
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}


def _minor(key, person, subject="Book the room"):
    return notify(key=key, kind="action_due", subject=subject, body="For the GC.", to_people=[person])


def test_a_minor_reminder_in_the_afternoon_waits_for_the_next_mornings_digest(
    secretary, mailoutbox, midday, committed
):
    from clp.notifications.tasks import send_digests

    with committed():
        _minor("action:1", secretary)
    midday.move_to(at(2026, 11, 24, 12, 15), tick=False)  # the next beat
    assert send_digests() == 0
    midday.move_to(at(2026, 11, 25, 7, 0), tick=False)
    assert send_digests() == 1
    with committed():
        _minor("action:2", secretary, subject="Order leaflets")  # after this morning's digest
    midday.move_to(at(2026, 11, 25, 20, 0), tick=False)
    assert send_digests() == 0
    midday.move_to(at(2026, 11, 26, 7, 0), tick=False)
    assert send_digests() == 1
    assert [m.subject for m in mailoutbox] == ["Your daily digest: 1 reminder"] * 2
    assert "Order leaflets" in mailoutbox[1].body and "Book the room" not in mailoutbox[1].body


def test_a_digest_time_inside_quiet_hours_goes_when_they_end(secretary, mailoutbox, midday, committed):
    from clp.notifications.tasks import send_digests

    PreferencesFactory(person=secretary, digest_at=datetime.time(23, 30))
    with committed():
        _minor("action:1", secretary)
    for moment in (at(2026, 11, 24, 23, 30), at(2026, 11, 25, 0, 15), at(2026, 11, 25, 5, 45)):
        midday.move_to(moment, tick=False)
        assert send_digests() == 0, moment
    midday.move_to(at(2026, 11, 25, 6, 0), tick=False)
    assert send_digests() == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "day", [datetime.date(2027, 3, 28), datetime.date(2027, 10, 31)], ids=["march", "october"]
)
def test_the_digest_comes_at_seven_local_time_on_the_days_the_clocks_change(
    secretary, mailoutbox, midday, committed, day
):
    from clp.notifications.tasks import send_digests

    midday.move_to(at(day.year, day.month, day.day - 1, 12, 0), tick=False)
    with committed():
        _minor("action:1", secretary)
    midday.move_to(at(day.year, day.month, day.day, 6, 45), tick=False)
    assert send_digests() == 0
    midday.move_to(at(day.year, day.month, day.day, 7, 0), tick=False)
    assert send_digests() == 1
    assert Notification.objects.get().sent_at == at(day.year, day.month, day.day, 7, 0)


def test_cancelling_stops_what_has_not_gone(secretary, mailoutbox, sweep, committed):
    with committed():
        remind(to_people=[secretary], due_at=at(2026, 11, 30, 9))
        assert notification_cancel(key_prefix="meeting:42:") == 1
    sweep()
    assert Notification.objects.get().status == Status.CANCELLED


def test_cancelling_takes_a_reminder_out_of_the_digest_it_was_waiting_for(
    secretary, mailoutbox, midday, committed
):
    from clp.notifications.tasks import send_digests

    with committed():
        _minor("meeting:42:action", secretary, subject="Book the room")
        _minor("action:7", secretary, subject="Order leaflets")
        assert notification_cancel(key_prefix="meeting:42:") == 1
    midday.move_to(at(2026, 11, 25, 7, 0), tick=False)
    assert send_digests() == 1
    (email,) = mailoutbox
    assert "Order leaflets" in email.body and "Book the room" not in email.body
    assert Notification.objects.get(key__startswith="meeting:42:").status == Status.CANCELLED


def test_a_post_held_by_two_people_reaches_each_of_them_once(posts, mailoutbox, sweep, committed):
    youth = posts["womens_officer"]
    youth.max_holders = 2
    youth.save()
    first = holder(youth, first_name="Asha", last_name="One")
    second = holder(youth, first_name="Bea", last_name="Two")
    with committed():
        remind(key="officers:report", to_posts=[youth])
    sweep()
    sweep()
    assert sorted(email.to[0] for email in mailoutbox) == sorted([first.email, second.email])
    assert Notification.objects.filter(status=Status.SENT).count() == 2


def test_a_retried_post_reminder_goes_to_whoever_holds_the_post_now(posts, secretary, mailoutbox, committed):
    from clp.notifications.services import notification_retry

    with committed():
        (row,) = remind(key="finance:deadline", to_posts=[posts["treasurer"]])
    row.refresh_from_db()
    assert row.fallback and row.person == secretary
    Notification.objects.filter(pk=row.pk).update(status=Status.FAILED, error="bounced")
    treasurer = holder(posts["treasurer"], first_name="Tess", last_name="New")
    with committed():
        notification_retry(notification=row)
    row.refresh_from_db()
    assert (row.person, row.fallback, mailoutbox[-1].to) == (treasurer, False, [treasurer.email])

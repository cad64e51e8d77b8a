"""Never twice, never lost: claims, crashed workers, lost hand-overs, mail server trouble,
and a query count that grows with batches, not with reminders."""

import math
import smtplib
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from kombu.exceptions import OperationalError

from clp.notifications import delivery, rules, tasks
from clp.notifications.models import Notification
from clp.notifications.services import notification_retry, notify
from tests.factories.notifications import KindChoiceFactory, NotificationFactory
from tests.factories.officers import PersonFactory
from tests.notifications.backends import ScriptedBackend
from tests.notifications.conftest import at

Status = Notification.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def scripted_mail(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.notifications.backends.ScriptedBackend"
    ScriptedBackend.script = []
    yield ScriptedBackend.script
    ScriptedBackend.script = []


def test_the_same_hand_over_delivered_twice_sends_once(mailoutbox):
    n = NotificationFactory()
    delivery.deliver([n.pk])
    delivery.deliver([n.pk])  # a redelivered task message
    assert len(mailoutbox) == 1


def test_a_sweep_and_a_worker_racing_for_a_row_send_it_once(mailoutbox, sweep):
    n = NotificationFactory()
    with mock.patch.object(tasks.deliver, "delay"):
        sweep()  # claimed and handed over, but the task has not run yet
    assert Notification.objects.get(pk=n.pk).status == Status.QUEUED
    sweep()  # a second sweep leaves it alone
    delivery.deliver([n.pk])
    delivery.deliver([n.pk])
    assert len(mailoutbox) == 1


def test_a_reminder_the_broker_lost_goes_out_with_a_later_sweep(mailoutbox, midday, sweep):
    n = NotificationFactory()
    with mock.patch.object(tasks.deliver, "delay"):  # handed to Redis, which then lost it
        sweep()
    midday.move_to(at(2026, 11, 24, 12, 9), tick=False)
    sweep()
    assert mailoutbox == []  # still within the hand-over timeout
    midday.move_to(at(2026, 11, 24, 12, 11), tick=False)
    sweep()
    assert len(mailoutbox) == 1
    assert Notification.objects.get(pk=n.pk).status == Status.SENT


def test_with_the_broker_unreachable_the_reminder_waits_in_the_outbox(mailoutbox, sweep, committed):
    person = PersonFactory()
    with mock.patch.object(tasks.deliver, "delay", side_effect=OperationalError("Connection refused")):
        with committed():
            notify(key="k", kind="meeting_reminder", subject="S", body="B", to_people=[person])
        sweep()
    assert Notification.objects.get().status == Status.PENDING
    sweep()
    assert len(mailoutbox) == 1


def test_a_worker_that_died_before_sending_leaves_rows_that_are_sent_later(mailoutbox, midday, sweep):
    n = NotificationFactory()
    Notification.objects.filter(pk=n.pk).update(status=Status.SENDING, claimed_at=timezone.now())
    sweep()
    assert mailoutbox == []  # the worker might still be alive
    midday.move_to(at(2026, 11, 24, 12, 16), tick=False)
    sweep()
    assert len(mailoutbox) == 1


def test_a_worker_that_died_while_sending_is_not_resent_but_reported(mailoutbox, midday, sweep):
    n = NotificationFactory()
    now = timezone.now()
    Notification.objects.filter(pk=n.pk).update(status=Status.SENDING, claimed_at=now, attempted_at=now)
    midday.move_to(at(2026, 11, 24, 12, 16), tick=False)
    sweep()
    assert mailoutbox == []
    n.refresh_from_db()
    assert n.status == Status.FAILED
    assert "may or may not have gone" in n.error
    assert notification_retry(notification=n)
    sweep()
    assert len(mailoutbox) == 1


def test_a_busy_mail_server_is_retried_with_backoff_then_reported(scripted_mail, mailoutbox, midday, sweep):
    n = NotificationFactory()
    scripted_mail.extend(smtplib.SMTPDataError(451, b"try later") for _ in range(rules.MAX_ATTEMPTS))
    when = timezone.now()
    for attempt in range(1, rules.MAX_ATTEMPTS):
        sweep()
        n.refresh_from_db()
        assert (n.status, n.attempts) == (Status.PENDING, attempt)
        assert n.send_after == when + rules.retry_delay(attempt)
        when = n.send_after
        midday.move_to(when, tick=False)
    sweep()
    n.refresh_from_db()
    assert n.status == Status.FAILED
    assert "451" in n.error
    assert mailoutbox == []


def test_a_transient_error_puts_the_rest_of_the_batch_back_for_a_retry(scripted_mail, mailoutbox):
    rows = NotificationFactory.create_batch(3)
    scripted_mail.append(ConnectionResetError("reset by peer"))
    with pytest.raises(delivery.MailServerUnavailable):
        delivery.deliver([r.pk for r in rows])
    statuses = list(Notification.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [Status.PENDING, Status.QUEUED, Status.QUEUED]
    delivery.deliver([r.pk for r in rows])  # the task's retry
    assert len(mailoutbox) == 2


def test_a_refused_address_fails_at_once_with_the_error_and_the_rest_still_go(scripted_mail, mailoutbox):
    rows = NotificationFactory.create_batch(2)
    scripted_mail.append(smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")}))
    delivery.deliver([r.pk for r in rows])
    first, second = Notification.objects.order_by("pk")  # sent in this order: the first is refused
    assert first.status == Status.FAILED and "550" in first.error
    assert second.status == Status.SENT
    assert [m.to for m in mailoutbox] == [[second.person.email]]


def test_a_batch_is_sent_in_order_whatever_order_its_rows_lie_in_on_disk(mailoutbox):
    """This once made the test above fail under load: the batch was read without an order,
    and PostgreSQL, when it plans a sequential scan, gives rows in the order they lie on disk,
    which after deletes and a vacuum (autovacuum runs when it likes) is not the order they
    were made. Here the later row is written first, and a sequential scan is forced."""
    later = NotificationFactory(pk=10_000)
    earlier = NotificationFactory(pk=9_000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # for this test's transaction only
            cursor.execute("SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off")
    delivery.deliver([later.pk, earlier.pk])
    assert [m.subject for m in mailoutbox] == [earlier.subject, later.subject]


def test_attachments_are_made_at_send_time(mailoutbox, settings):
    n = NotificationFactory(attachments=[["tests.notifications.test_delivery.exporter", ["Q3"]]])
    delivery.deliver([n.pk])
    assert mailoutbox[0].attachments == [("report-Q3.csv", "a,b\r\n", "text/csv")]


EXPORTED = []


def exporter(quarter):
    EXPORTED.append(quarter)
    return f"report-{quarter}.csv", "text/csv", b"a,b\r\n"


def test_an_attachment_sent_to_many_is_exported_once_per_sending(mailoutbox):
    """The agenda circulated to 25 people is one PDF rendered once, not 25 renderings."""
    EXPORTED.clear()
    same = [["tests.notifications.test_delivery.exporter", ["Q3"]]]
    rows = [NotificationFactory(attachments=same) for _ in range(3)]
    rows.append(NotificationFactory(attachments=[["tests.notifications.test_delivery.exporter", ["Q4"]]]))
    delivery.deliver([r.pk for r in rows])
    assert sorted(EXPORTED) == ["Q3", "Q4"]
    assert [m.attachments[0][0] for m in mailoutbox] == ["report-Q3.csv"] * 3 + ["report-Q4.csv"]


def _sweep_queries(n, sweep):
    Notification.objects.all().delete()
    NotificationFactory.create_batch(n)
    with mock.patch.object(tasks.deliver, "delay") as handed, CaptureQueriesContext(connection) as queries:
        sweep()
    assert sum(len(call.args[0]) for call in handed.call_args_list) == n
    return len(queries)


def test_the_sweep_queries_grow_with_batches_not_with_reminders(settings, sweep):
    settings.NOTIFICATIONS_BATCH_SIZE = 10
    counts = {n: _sweep_queries(n, sweep) for n in (5, 10, 25, 40)}
    # Recovery: 3 updates. Each batch: SAVEPOINT, SELECT ... FOR UPDATE SKIP LOCKED, UPDATE,
    # RELEASE; when the last batch was full, one more claim finds nothing (no UPDATE).
    for n, count in counts.items():
        assert count == 3 + 4 * math.ceil(n / 10) + (3 if n % 10 == 0 else 0), counts


def test_on_postgresql_the_claim_skips_rows_another_sweep_has_locked(sweep):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's")
    NotificationFactory()
    with mock.patch.object(tasks.deliver, "delay"), CaptureQueriesContext(connection) as queries:
        sweep()
    assert any("FOR UPDATE SKIP LOCKED" in q["sql"] for q in queries.captured_queries)


def _deliver_queries(n, channel):
    Notification.objects.all().delete()
    rows = NotificationFactory.create_batch(n)
    for row in rows:
        KindChoiceFactory(person=row.person, kind=row.kind, channel=channel)
    with CaptureQueriesContext(connection) as queries:
        delivery.deliver([r.pk for r in rows])
    return len(queries)


def test_delivering_a_batch_takes_the_same_queries_however_many_it_holds(mailoutbox):
    # Claim, rows (with person and post), preferences, choices, one bulk update.
    assert _deliver_queries(3, "inbox") == _deliver_queries(30, "inbox") == 5
    # Each email adds exactly two: the journal before it goes and the result after.
    assert _deliver_queries(30, "email") == 5 + 2 * 30
    assert len(mailoutbox) == 30


def test_the_deliver_task_retries_a_busy_mail_server_with_backoff(scripted_mail):
    from celery.exceptions import Retry

    n = NotificationFactory()
    scripted_mail.append(smtplib.SMTPServerDisconnected("gone"))
    tasks.deliver.push_request(retries=2, is_eager=False)
    try:
        with mock.patch.object(tasks.deliver, "retry", side_effect=Retry()) as retry, pytest.raises(Retry):
            tasks.deliver.run([n.pk])
    finally:
        tasks.deliver.pop_request()
    assert retry.call_args.kwargs["countdown"] == 120  # 30s, 60s, 120s...
    n.refresh_from_db()
    assert (n.status, n.attempts) == (Status.PENDING, 1)

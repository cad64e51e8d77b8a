"""The notification sweep over 10,000 due reminders, on PostgreSQL.

    DATABASE_URL=postgres://... .venv/bin/python -m bench.sweep [N ...]

Measures, for each N: the sweep (recover, claim in batches, hand over) with its time and
SQL query count, which grows with the number of batches and not with the number of
reminders; then the delivery of the first DELIVER_SAMPLE batches (locmem email backend),
whose queries are a constant per batch plus two per email (the journal that prevents a
duplicate). Delivery is the workers' job and scales with them; the sweep is the one
serial step."""

import datetime
import math
import sys
import time
from unittest import mock
from zoneinfo import ZoneInfo

from bench import scratch_database

MIDDAY = datetime.datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("Europe/London"))  # outside quiet hours
PEOPLE = 200
DELIVER_SAMPLE = 10  # batches
SWEEP_LIMIT_S = 10.0


def _seed(n):
    from clp.notifications.models import Notification, Preferences
    from officers.models import Person

    Notification.objects.all().delete()
    if not Person.objects.exists():
        people = Person.objects.bulk_create(
            Person(first_name="Bench", last_name=str(i), email=f"bench{i}@example.org") for i in range(PEOPLE)
        )
        Preferences.objects.bulk_create(Preferences(person=p) for p in people)
    people = list(Person.objects.order_by("pk"))
    Notification.objects.bulk_create(
        (
            Notification(
                key=f"bench:{i}:person:{people[i % PEOPLE].pk}",
                kind="meeting_reminder",
                person=people[i % PEOPLE],
                subject=f"Reminder {i}",
                body="The General Meeting is on Thursday at 7pm.",
                due_at=MIDDAY - datetime.timedelta(minutes=5),
                send_after=MIDDAY - datetime.timedelta(minutes=5),
            )
            for i in range(n)
        ),
        batch_size=2000,
    )


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def run(n, connection):
    from django.conf import settings
    from django.core import mail
    from django.test.utils import override_settings

    from clp.notifications import delivery, tasks
    from clp.notifications.models import Notification

    _seed(n)
    batch = settings.NOTIFICATIONS_BATCH_SIZE
    sweep_queries = QueryCounter()
    with mock.patch.object(tasks.deliver, "delay") as handed, connection.execute_wrapper(sweep_queries):
        started = time.perf_counter()
        tasks.sweep()
        sweep_seconds = time.perf_counter() - started
    batches = [call.args[0] for call in handed.call_args_list]
    handed_over = sum(len(ids) for ids in batches)
    assert handed_over == n, (handed_over, n)
    # Statements (BEGIN/COMMIT not counted): recovery, 3 updates; per batch the SELECT ... FOR
    # UPDATE SKIP LOCKED and the UPDATE; and one claim that finds nothing if the loop ran dry.
    claims = math.ceil(n / batch) + (1 if n % batch == 0 else 0)
    expected = 3 + 2 * math.ceil(n / batch) + (1 if claims <= settings.NOTIFICATIONS_SWEEP_MAX_BATCHES else 0)

    # The pin: the sweep's statements depend on the number of batches only.
    assert sweep_queries.count == expected, (sweep_queries.count, expected)

    mail.outbox = []
    sample = batches[:DELIVER_SAMPLE]
    deliver_queries = QueryCounter()
    # Emails into memory, whatever the settings say (bench.settings prints them to the console).
    in_memory = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    with in_memory, connection.execute_wrapper(deliver_queries):
        started = time.perf_counter()
        for ids in sample:
            delivery.deliver(ids)
        deliver_seconds = time.perf_counter() - started
    sent = Notification.objects.filter(status=Notification.Status.SENT).count()
    assert sent == sum(len(ids) for ids in sample) == len(mail.outbox)
    print(
        f"N={n:>6}  batch={batch}  batches={len(batches):>3}  "
        f"sweep: {sweep_seconds * 1000:7.1f} ms, {sweep_queries.count:4d} queries "
        f"(3 + 2 per batch: {expected})  |  "
        f"deliver {len(sample)} batches: {deliver_seconds:5.2f} s, {deliver_queries.count:5d} queries, "
        f"{sent} emails, {deliver_seconds / max(sent, 1) * 1000:.1f} ms and "
        f"{(deliver_queries.count - 2 * sent) / max(len(sample), 1):.0f}+2/email queries per batch",
        flush=True,
    )
    return {
        "reminders": n,
        "sweep_s": round(sweep_seconds, 3),
        "sweep_queries": sweep_queries.count,
        "deliver_batches": len(sample),
        "deliver_s": round(deliver_seconds, 3),
        "emails": sent,
        "missed": [f"{sweep_seconds:.1f} s (target under {SWEEP_LIMIT_S:.0f} s)"]
        if sweep_seconds >= SWEEP_LIMIT_S
        else [],
    }


def run_in_scratch(sizes=(10_000,)):
    """The sweep at each size, in a scratch database (it deletes every notification)."""
    import time_machine

    with scratch_database() as connection, time_machine.travel(MIDDAY, tick=True):
        return [run(n, connection) for n in sizes]


def main(argv=None):
    import time_machine

    sizes = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or [1000, 10000]
    with scratch_database() as connection:
        if connection.vendor != "postgresql":
            print(f"(on {connection.vendor}: the numbers that matter are PostgreSQL's)")
        with time_machine.travel(MIDDAY, tick=True):
            for n in sizes:
                run(n, connection)


if __name__ == "__main__":
    main()

"""Real workers on Redis: a reminder sent, a worker killed mid-send, and Redis stopped while
reminders fall due. Mail goes to a file sink the test reads (tests/notifications/backends.py).

The shared Redis is never stopped: the outage test runs its own throwaway redis-server."""

import datetime
import os
import signal
import socket
import subprocess
import uuid
from contextlib import contextmanager

import pytest
import time_machine
from django.utils import timezone

from clp.celery import app as celery_app
from clp.notifications import tasks
from clp.notifications.models import Notification, Preferences
from clp.notifications.services import notification_retry, notify
from tests.factories.officers import PersonFactory
from tests.notifications.backends import sent_to_sink
from tests.worker import Worker, _database_url, wait_for

Status = Notification.Status
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def person_awake_at_all_hours(**kwargs):
    """A person with no quiet hours: these tests run on the real clock, night or day."""
    person = PersonFactory(**kwargs)
    Preferences.objects.create(person=person, quiet_start=datetime.time(0), quiet_end=datetime.time(0))
    return person


def _reset_producer_pools():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def producer_on(broker_url, queue):
    """Point this process's task publishing at `broker_url` and `queue`."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.task_default_queue, conf.broker_url)
    conf.task_always_eager, conf.task_default_queue, conf.broker_url = False, queue, broker_url
    _reset_producer_pools()
    try:
        yield
    finally:
        conf.task_always_eager, conf.task_default_queue, conf.broker_url = saved
        _reset_producer_pools()


@contextmanager
def mail_worker(sink, broker_url):
    """A worker whose mail goes to the file sink `sink`, consuming a queue of its own."""
    queue = f"q{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": broker_url,
        "CELERY_QUEUE": queue,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "MAIL_SINK": str(sink),
    }
    with producer_on(broker_url, queue):
        worker = Worker(queue, env).start()
        try:
            yield worker
        finally:
            worker.stop()


class ThrowawayRedis:
    """A redis-server of our own on a free port, with no persistence: stopping it loses
    every message in it, as a crash would."""

    def __init__(self, workdir):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.workdir = workdir
        self.proc = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        args = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        args += ["--dir", str(self.workdir)]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._answers, timeout=10, message="the throwaway redis-server")
        return self

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture
def throwaway_redis(tmp_path):
    server = ThrowawayRedis(tmp_path).start()
    yield server
    server.stop()


def test_a_real_worker_on_redis_sends_a_reminder(celery_worker):
    person = person_awake_at_all_hours(email="tess@example.org")
    (n,) = notify(
        key="meeting:1:reminder",
        kind="meeting_reminder",
        subject="GC tonight",
        body="7pm.",
        to_people=[person],
    )
    wait_for(
        lambda: Notification.objects.get(pk=n.pk).status == Status.SENT, message="the reminder to be sent"
    )
    n.refresh_from_db()
    assert n.email == "tess@example.org" and n.sent_at is not None
    [email] = sent_to_sink(celery_worker.sink)  # sent by the worker's process, once
    assert email["to"] == ["tess@example.org"]
    assert "GC tonight" in email["subject"]


def test_a_worker_killed_mid_send_causes_no_duplicate(tmp_path):
    sink = tmp_path / "sink"
    sink.mkdir()
    (sink / "hold").write_text("")
    alice, bob = person_awake_at_all_hours(), person_awake_at_all_hours()
    with mail_worker(sink, os.environ["REDIS_URL"]):
        first, second = notify(
            key="meeting:2:reminder",
            kind="meeting_reminder",
            subject="GC",
            body="7pm.",
            to_people=[alice, bob],
        )
        sending = wait_for(lambda: list(sink.glob("sending-*")), message="the worker to start sending")
        os.kill(int(sending[0].name.removeprefix("sending-")), signal.SIGKILL)  # the pool process, mid-send
        (sink / "hold").unlink()
        # The task message comes back (late acknowledgement) but finds both rows claimed.
        wait_for(
            lambda: Notification.objects.get(pk=first.pk).attempted_at is not None, message="the journal"
        )
        tasks.sweep()  # within the timeout a sweep leaves a claimed row alone: the worker might be alive
        assert sent_to_sink(sink) == []

        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16), tick=False):
            tasks.sweep()  # past the timeout: the dead worker's rows are recovered
        wait_for(
            lambda: Notification.objects.get(pk=second.pk).status == Status.SENT, message="the second to go"
        )
        first.refresh_from_db()
        assert first.status == Status.FAILED  # it might have gone: reported, not resent
        assert "may or may not have gone" in first.error
        assert [m["to"] for m in sent_to_sink(sink)] == [[bob.email]]

        notification_retry(notification=first)  # the Secretary checked: it did not arrive
        wait_for(lambda: Notification.objects.get(pk=first.pk).status == Status.SENT, message="the retry")
        tasks.sweep()
    sent = sorted(m["to"][0] for m in sent_to_sink(sink))
    assert sent == sorted([alice.email, bob.email])


def test_reminders_falling_due_while_redis_is_down_are_each_delivered_once_it_is_back(
    tmp_path, throwaway_redis
):
    sink = tmp_path / "sink"
    sink.mkdir()
    people = [person_awake_at_all_hours() for _ in range(3)]
    with mail_worker(sink, throwaway_redis.url) as worker:
        throwaway_redis.stop()
        rows = notify(
            key="meeting:3:reminder", kind="meeting_reminder", subject="GC", body="7pm.", to_people=people
        )
        later = notify(
            key="meeting:3:late",
            kind="meeting_reminder",
            subject="GC moved",
            body="8pm.",
            to_people=people[:1],
            due_at=timezone.now() + datetime.timedelta(seconds=1),
        )
        assert {n.status for n in Notification.objects.all()} == {Status.PENDING}  # kept, not lost
        wait_for(lambda: timezone.now() > later[0].due_at, message="the later one to fall due")
        assert tasks.sweep() == 0  # the beat's sweep cannot hand anything over either

        throwaway_redis.start()  # empty: whatever was in it is gone
        wait_for(
            lambda: celery_app.control.ping(destination=[worker.name], timeout=0.5),
            timeout=60,
            message="the worker to reconnect",
        )
        tasks.sweep.delay()  # the next beat
        ids = [n.pk for n in rows + later]
        wait_for(
            lambda: Notification.objects.filter(pk__in=ids, status=Status.SENT).count() == 4,
            timeout=60,
            message="all four to be sent",
        )
        tasks.sweep()  # and another: nothing is left to send twice
    sent = sent_to_sink(sink)
    assert len(sent) == 4
    assert len({m["message_id"] for m in sent}) == 4

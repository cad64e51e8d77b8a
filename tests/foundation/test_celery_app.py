"""The Celery app finds every app's tasks, and beat runs the schedule kept in settings."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.utils import timezone

from clp.celery import app
from clp.notifications.models import Notification
from tests.factories.officers import PersonFactory
from tests.notifications.backends import sent_to_sink
from tests.worker import wait_for


def test_every_task_on_the_beat_schedule_exists():
    app.loader.import_default_modules()
    missing = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] not in app.tasks]
    assert not missing, f"Beat would send tasks no worker knows: {missing}"


def test_tasks_are_json_and_acknowledged_late():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_acks_late is True


@pytest.mark.worker
def test_beat_sends_the_sweep_to_a_worker_that_sends_what_is_due(celery_worker, tmp_path):
    """Beat runs the schedule from settings; interval entries go out when beat starts."""
    person = PersonFactory(email="due@example.org")
    due = Notification.objects.create(
        key="beat:1",
        kind="agenda_circulation",
        person=person,
        subject="Due",
        body="Due now",
        due_at=timezone.now(),
    )
    env = {**celery_worker.env, "CELERY_EAGER": "false", "NOTIFICATIONS_SWEEP_SECONDS": "1"}
    args = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "clp",
        "beat",
        "--loglevel=INFO",
        "--schedule",
        str(tmp_path / "schedule"),
    ]
    beat = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(
            lambda: Notification.objects.get(pk=due.pk).status == Notification.Status.SENT,
            timeout=120,  # a worker and beat starting on a loaded machine
            message="beat's sweep to send the due notification",
        )
    finally:
        beat.terminate()
        beat.wait(timeout=30)
    [email] = sent_to_sink(celery_worker.sink)
    assert email["to"] == ["due@example.org"]
    assert "Due" in email["subject"]

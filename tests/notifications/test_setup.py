"""The quiet-hours setting, and the demo inbox."""

import datetime

import pytest

from clp.notifications import demo
from clp.notifications.models import Notification
from tests.foundation.test_settings import run_manage


def test_a_bad_default_for_quiet_hours_stops_start_up_naming_it():
    result = run_manage("check", DEBUG="true", NOTIFICATIONS_QUIET_HOURS="late till early")
    assert result.returncode != 0
    assert "NOTIFICATIONS_QUIET_HOURS must look like 23:00-06:00, or be off" in result.stderr


def test_a_person_with_no_preferences_gets_the_installations_quiet_hours(settings):
    from clp.notifications.models import Preferences

    settings.NOTIFICATIONS_QUIET_HOURS = (datetime.time(22, 0), datetime.time(7, 30))
    prefs = Preferences()
    assert (prefs.quiet_start, prefs.quiet_end) == (datetime.time(22, 0), datetime.time(7, 30))


@pytest.mark.django_db
def test_the_demo_gives_people_a_few_inbox_items_and_is_safe_to_run_twice(secretary, chair, posts):
    context = {"people": [secretary, chair], "posts": posts}
    demo.seed(context)
    demo.seed(context)
    inbox = Notification.objects.filter(person=secretary, delivered_at__isnull=False)
    assert inbox.count() == 3
    assert inbox.filter(read_at=None).count() == 2
    waiting = Notification.objects.filter(post=posts["treasurer"], status=Notification.Status.PENDING)
    assert waiting.count() == 1
    failed = Notification.objects.get(status=Notification.Status.FAILED)
    assert failed.person == chair and "550" in failed.error  # the outbox has an error and a retry to show


def test_celery_is_set_for_reliability():
    from clp.celery import app
    from clp.notifications import tasks

    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    assert conf.worker_prefetch_multiplier == 1
    assert (tasks.deliver.soft_time_limit, tasks.deliver.time_limit) == (240, 300)
    assert tasks.deliver.acks_late and tasks.sweep.acks_late
    # A row claimed by a worker is recovered only after the task's hard time limit.
    from django.conf import settings

    assert settings.NOTIFICATIONS_SENDING_TIMEOUT.total_seconds() > tasks.deliver.time_limit
    sweep = settings.CELERY_BEAT_SCHEDULE["notifications-sweep"]
    assert sweep["task"] == "clp.notifications.tasks.sweep" and sweep["schedule"] <= 300

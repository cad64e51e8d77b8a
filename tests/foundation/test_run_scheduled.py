"""Without a broker, `manage.py run_scheduled` does what beat would, and twice is harmless."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from clp.notifications.models import Notification
from tests.factories.officers import PersonFactory

pytestmark = pytest.mark.django_db


def test_run_scheduled_sends_what_has_fallen_due_once(capsys):
    person = PersonFactory(email="due@example.org")
    Notification.objects.create(
        key="sched:1",
        kind="agenda_circulation",
        person=person,
        subject="Agenda",
        body="Here it is",
        due_at=timezone.now(),
    )
    call_command("run_scheduled", "--only", "notifications-sweep")
    call_command("run_scheduled", "--only", "notifications-sweep")
    assert [m.to for m in mail.outbox] == [["due@example.org"]]
    assert "notifications-sweep: done" in capsys.readouterr().out


def test_run_scheduled_names_an_unknown_entry():
    with pytest.raises(CommandError, match="No such schedule entry: nightly"):
        call_command("run_scheduled", "--only", "nightly")


def test_every_entry_of_the_beat_schedule_names_an_installed_task():
    from django.conf import settings

    from clp.celery import app

    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    missing = {name: e["task"] for name, e in schedule.items() if e["task"] not in app.tasks}
    assert not missing, f"Beat would fail on: {missing}"

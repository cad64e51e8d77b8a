"""A task sent through Redis to a real worker in another process, and its effect seen."""

import pytest
from django.utils import timezone

from clp.notifications.models import Notification
from clp.notifications.tasks import sweep
from tests.factories.officers import PersonFactory
from tests.notifications.backends import sent_to_sink
from tests.worker import wait_for

pytestmark = pytest.mark.worker


def test_worker_on_redis_sends_a_due_notification(celery_worker):
    person = PersonFactory(email="someone@example.org")
    n = Notification.objects.create(
        key="test:1", kind="test", person=person, subject="Hello", body="Hi", due_at=timezone.now()
    )
    sweep.delay()
    wait_for(lambda: Notification.objects.get(pk=n.pk).status == Notification.Status.SENT, message="the send")
    [email] = sent_to_sink(celery_worker.sink)  # the worker's process really sent it, once
    assert email["to"] == ["someone@example.org"]
    assert "Hello" in email["subject"]

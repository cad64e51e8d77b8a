"""Thin tasks over clp.notifications.delivery: they take ids, and every step is a claim by
conditional update, so a redelivered message or a second worker does nothing twice."""

import logging

from celery import shared_task
from django.conf import settings
from kombu.exceptions import OperationalError

from clp.notifications import delivery

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def sweep():
    """On the beat schedule: recover what was left behind, then hand over, in bounded
    batches, whatever has fallen due. Queries: three for recovery, two per batch."""
    delivery.recover_stale()
    batch = settings.NOTIFICATIONS_BATCH_SIZE
    handed = 0
    for _ in range(settings.NOTIFICATIONS_SWEEP_MAX_BATCHES):
        ids = delivery.claim_due(limit=batch)
        if not ids:
            break
        try:
            deliver.delay(ids)
        except OperationalError as exc:
            delivery.release_to_pending(ids)
            logger.warning("Broker unreachable; the next sweep will try again: %s", exc)
            break
        handed += len(ids)
        if len(ids) < batch:
            break
    return handed


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=5,
    soft_time_limit=240,
    time_limit=300,
)
def deliver(self, notification_ids):
    """Send the given notifications, those still due and unclaimed. A transient mail error
    puts the rest back and retries the task with backoff (30s, 1, 2, 4, 8 minutes)."""
    try:
        outcome = delivery.deliver(notification_ids)
    except delivery.MailServerUnavailable as exc:
        if self.request.is_eager:
            return None  # no broker to retry through: the sweep picks the rest up
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc
    if outcome.extra_ids:
        deliver.delay(outcome.extra_ids)
    return outcome.sent


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=240, time_limit=300)
def send_digests():
    """On the beat schedule: the daily digest, for those whose digest time has come."""
    return delivery.send_digests()

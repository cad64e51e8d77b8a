from celery import shared_task
from django.utils import timezone

from officers import selectors, services

RETENTION_BATCH = 500


@shared_task
def daily_checks():
    """Changes of Chair or Treasurer recorded outside the services, weekly handover reminders
    until done, and AGM preparation for terms ending within 60 days. Idempotent: the
    notification keys make a second run today send nothing new."""
    today = timezone.localdate()
    return {
        "handovers_found": services.handovers_detect(on=today),
        "handover_reminders": services.handover_reminders_send(on=today),
        "agm_reminders": services.agm_preparation_remind(on=today),
    }


@shared_task
def apply_retention():
    """Nightly: remove the contact details of people who left more than RETENTION_DAYS ago,
    in bounded batches. Idempotent: people already cleared are no longer candidates."""
    total = 0
    while True:
        ids = list(selectors.retention_candidates().values_list("pk", flat=True)[:RETENTION_BATCH])
        if not ids:
            return total
        done = services.person_contact_remove(person_ids=ids)
        total += done
        if done == 0:  # the rest are locked by another worker doing the same work
            return total

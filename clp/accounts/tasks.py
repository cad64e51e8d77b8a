from celery import shared_task

from clp.accounts import services

BATCH = 500


@shared_task
def apply_retention():
    """Nightly: remove the contact details of people who left more than RETENTION_DAYS ago,
    in bounded batches. Idempotent: people already cleared are no longer candidates."""
    total = 0
    while True:
        ids = list(services.retention_candidates().values_list("pk", flat=True)[:BATCH])
        if not ids:
            return total
        done = services.person_contact_remove(person_ids=ids)
        total += done
        if done == 0:  # the rest are locked by another worker doing the same work
            return total

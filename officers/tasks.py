from celery import shared_task
from django.utils import timezone

from officers import services


@shared_task
def daily_checks():
    """Weekly handover reminders until done, and AGM preparation for terms ending within
    60 days. Idempotent: the notification keys make a second run today send nothing new."""
    today = timezone.localdate()
    return {
        "handover_reminders": services.handover_reminders_send(on=today),
        "agm_reminders": services.agm_preparation_remind(on=today),
    }

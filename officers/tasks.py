from celery import shared_task
from django.utils import timezone

from officers import services


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

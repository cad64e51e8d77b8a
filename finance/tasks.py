from celery import shared_task

from finance import services


@shared_task
def daily_deadlines():
    """Keep the 30-day reminders queued, flag donations deemed accepted, chase reports.
    Idempotent: every reminder is keyed, so running it twice sends nothing twice."""
    return services.deadlines_run()

"""Periodic reminders for meetings. Thin: the work and its idempotency keys are in services."""

from celery import shared_task

from meetings import services


@shared_task
def daily_reminders():
    """Agenda-not-out nudges to the Secretary and due-soon reminders to action owners."""
    return services.reminders_daily()


@shared_task
def weekly_overdue_digest():
    """One list of overdue actions a week to the Secretary (and each branch secretary)."""
    return services.overdue_digest_weekly()

"""Placeholder engine: the reminders issue replaces this with the real sweep and sender."""

from celery import shared_task
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from clp.notifications.models import Notification


@shared_task
def sweep():
    from officers.access import post_holders

    due = Notification.objects.filter(status=Notification.Status.PENDING, due_at__lte=timezone.now())
    for pk in due.values_list("pk", flat=True)[:500]:
        n = Notification.objects.select_related("person").get(pk=pk)
        people = [n.person] if n.person_id else post_holders(n.post_id)
        claimed = Notification.objects.filter(Q(pk=pk), status=Notification.Status.PENDING).update(
            status=Notification.Status.SENT, sent_at=timezone.now()
        )
        if claimed == 1:
            emails = [p.email for p in people if p.email]
            if emails:
                send_mail(n.subject, n.body, None, emails)


@shared_task
def send_digests():
    return 0

"""Demo inbox items: a few reminders already delivered, one read, and one waiting."""

import datetime

from django.utils import timezone

from clp.notifications.models import Notification

Person = Notification.person.field.related_model  # whoever notifications are for (officers.Person)


def seed(context):
    people = context.get("people") or []
    people = list(people.values()) if isinstance(people, dict) else list(people)
    targets = [p for p in people if isinstance(p, Person) and p.user_id][:6]
    if not targets:
        targets = list(Person.objects.filter(user__isnull=False).order_by("pk")[:6])
    posts = context.get("posts") or {}
    now = timezone.now()
    items = [
        (
            "welcome",
            "meeting_reminder",
            "Welcome to CLP Desk",
            "Your reminders arrive here and by email.",
            3,
            True,
        ),
        (
            "agm",
            "agm_preparation",
            "Terms ending soon: prepare the AGM",
            "Several terms end at the AGM.",
            1,
            False,
        ),
        (
            "action",
            "action_due",
            "An action of yours falls due on Friday",
            "Book the room for the GC.",
            0,
            False,
        ),
    ]
    for person in targets:
        for slug, kind, subject, body, days_ago, read in items:
            when = now - datetime.timedelta(days=days_ago)
            Notification.objects.update_or_create(
                key=f"demo:{slug}:person:{person.pk}",
                defaults={
                    "group": f"demo:{slug}",
                    "kind": kind,
                    "person": person,
                    "subject": subject,
                    "body": body,
                    "due_at": when,
                    "send_after": when,
                    "status": Notification.Status.SENT,
                    "channel": "inbox",
                    "sent_at": when,
                    "delivered_at": when,
                    "read_at": when if read else None,
                },
            )
    if targets:
        # One that failed, so that the Secretary's outbox shows an error and a retry.
        when = now - datetime.timedelta(days=2)
        Notification.objects.update_or_create(
            key=f"demo:minutes-bounced:person:{targets[-1].pk}",
            defaults={
                "group": "demo:minutes-bounced",
                "kind": "minutes_circulation",
                "person": targets[-1],
                "subject": "Approved minutes of the General Committee",
                "body": "The minutes approved at the last General Committee are attached.",
                "due_at": when,
                "send_after": when,
                "status": Notification.Status.FAILED,
                "channel": "email",
                "email": targets[-1].email,
                "attempts": 1,
                "error": "SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable",
            },
        )
    treasurer = posts.get("treasurer") if isinstance(posts, dict) else None
    if treasurer is not None:
        due = now + datetime.timedelta(days=7)
        Notification.objects.update_or_create(
            key=f"demo:quarterly-report:post:{treasurer.pk}",
            defaults={
                "group": "demo:quarterly-report",
                "kind": "quarterly_report_due",
                "post": treasurer,
                "legal": True,
                "subject": "Quarterly donation report due in 30 days",
                "body": "The quarterly report of donations and loans is due to the Electoral Commission.",
                "due_at": due,
                "send_after": due,
            },
        )

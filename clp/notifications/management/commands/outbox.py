"""`manage.py outbox [--status failed] [--retry ID]`: the Secretary's outbox page, in a shell."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clp.notifications import selectors, services
from clp.notifications.models import Notification


class Command(BaseCommand):
    help = "Show queued, sent or failed notifications (with the error), and retry a failed one."

    def add_arguments(self, parser):
        parser.add_argument(
            "--status", default="failed", choices=[*selectors.OUTBOX_FILTERS, "all"], help="Which to show."
        )
        parser.add_argument("--limit", type=int, default=50)
        parser.add_argument("--retry", type=int, metavar="ID", help="Send a failed notification again.")

    def handle(self, *args, status, limit, retry, **options):
        if retry:
            notification = Notification.objects.filter(pk=retry).first()
            if notification is None:
                raise CommandError(f"There is no notification {retry}.")
            if not services.notification_retry(notification=notification):
                raise CommandError(
                    f"Notification {retry} is {notification.get_status_display().lower()}, not failed."
                )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Notification {retry} will be sent again: now, or when the recipient's quiet hours end."
                )
            )
            return
        counts = selectors.outbox_counts()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
        for n in selectors.outbox(status)[:limit]:
            when = timezone.localtime(n.sent_at or n.send_after).strftime("%d %b %Y %H:%M")
            self.stdout.write(
                f"{n.pk:>7}  {n.get_status_display():<28} {when}  {n.recipient_label}: {n.subject}"
            )
            if n.error:
                self.stdout.write(f"         error: {n.error}")

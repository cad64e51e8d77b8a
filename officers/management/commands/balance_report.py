import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from officers import selectors


class Command(BaseCommand):
    help = "Check the officer team against the balance rules; exit 1 when a hard rule is broken."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Judge the roster as of this date (YYYY-MM-DD); today by default.")

    def handle(self, *args, date=None, **options):
        try:
            on = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date must be a date like 2026-03-14, not {date!r}.") from None
        check = selectors.balance_check(on=on)
        self.stdout.write(f"Balance rules as of {on:%-d %B %Y}: {check.status.upper()}")
        for f in check.findings:
            kind = "" if f.hard else " (warning only)"
            self.stdout.write(f"  [{f.status.upper()}] {f.rule_name}{kind}: {f.message}")
        if not check.findings:
            self.stdout.write("  No rules are in force.")
        counts = check.counts
        self.stdout.write(
            f"{counts['ok']} met, {counts['breach']} broken, {counts['warning']} warnings, "
            f"{counts['unknown']} cannot be judged (missing data: see UNKNOWN above)."
        )
        if check.breaches:
            raise CommandError(f"{len(check.breaches)} hard rule breach(es).", returncode=1)

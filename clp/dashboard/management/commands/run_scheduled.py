"""Run the beat schedule's tasks once, in this process.

For installations without a broker (REDIS_URL unset, tasks in-process), where no beat runs:
call this from cron every few minutes (`make run` does it every two minutes). Every
scheduled task is idempotent (each reminder has its unique key), so running them more
often than beat would sends nothing twice.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clp.celery import app


class Command(BaseCommand):
    help = "Run every task on the beat schedule once, in-process (for installations with no broker)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", action="append", default=[], help="Run only this schedule entry (repeatable)."
        )

    def handle(self, *args, only, **options):
        app.loader.import_default_modules()
        schedule = settings.CELERY_BEAT_SCHEDULE
        unknown = set(only) - set(schedule)
        if unknown:
            raise CommandError(
                f"No such schedule entry: {', '.join(sorted(unknown))}. Known: {', '.join(schedule)}"
            )
        failed = 0
        for name, entry in schedule.items():
            if only and name not in only:
                continue
            if entry["task"] not in app.tasks:
                failed += 1
                self.stderr.write(f"{name}: no task called {entry['task']} is installed")
                continue
            result = app.tasks[entry["task"]].apply()
            if result.failed():
                failed += 1
                self.stderr.write(f"{name}: failed: {result.result!r}")
            else:
                self.stdout.write(f"{name}: done")
        if failed:
            raise CommandError(f"{failed} scheduled task(s) failed.")

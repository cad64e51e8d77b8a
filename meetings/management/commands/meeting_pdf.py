from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings import exports
from meetings.models import Meeting


class Command(BaseCommand):
    help = "Write a meeting's agenda or minutes as a PDF."

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int)
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--agenda", action="store_true", help="The agenda with its list of papers.")
        which.add_argument("--minutes", action="store_true", help="The minutes.")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, meeting_id, agenda, minutes, output, **options):
        if not Meeting.objects.filter(pk=meeting_id).exists():
            raise CommandError(f"There is no meeting {meeting_id}.")
        filename, _, content = (exports.agenda_pdf if agenda else exports.minutes_pdf)(meeting_id)
        Path(output).write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Wrote {filename} to {output} ({len(content)} bytes)."))

"""Write the constituency directory to a file: `manage.py directory --format pdf --output d.pdf`."""

from pathlib import Path

from django.core.management.base import BaseCommand

from branches import exports

EXPORTERS = {"pdf": exports.directory_pdf, "csv": exports.directory_csv}


class Command(BaseCommand):
    help = "Export the constituency directory (personal data: share with officers only)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(EXPORTERS), required=True)
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument("--search", default="", help="Only entries matching these words.")

    def handle(self, *args, format, output, search, **options):
        filename, _content_type, content = EXPORTERS[format](search)
        Path(output).write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Wrote the directory ({len(content):,} bytes) to {output}"))

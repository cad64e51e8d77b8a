"""python manage.py quarterly_report YEAR QUARTER --format pdf|csv --output FILE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from finance import exports


class Command(BaseCommand):
    help = "Write the quarterly donation and loan report (a draft if the quarter is not over)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("quarter", type=int, choices=[1, 2, 3, 4])
        parser.add_argument("--format", dest="fmt", choices=["pdf", "csv"], default="pdf")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, year, quarter, fmt, output, **options):
        if not 2000 < year < 2200:
            raise CommandError("Give a four-digit year, e.g. 2025.")
        filename, _, content = exports.quarterly_report(year, quarter, fmt)
        Path(output).write_bytes(content)
        draft = " (DRAFT: the quarter is not over)" if "DRAFT" in filename else ""
        self.stdout.write(self.style.SUCCESS(f"Wrote Q{quarter} {year} as {fmt.upper()} to {output}{draft}."))

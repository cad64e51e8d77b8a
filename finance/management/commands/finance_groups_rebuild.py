from django.core.management.base import BaseCommand

from finance.services import groups_rebuild


class Command(BaseCommand):
    help = "Rebuild the kept donation and loan groups (GroupedBenefit) from every row."

    def handle(self, *args, **options):
        kept = groups_rebuild()
        self.stdout.write(f"Kept {kept} donations and loans in their groups.")

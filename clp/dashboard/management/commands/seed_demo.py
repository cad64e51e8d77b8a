"""Build a realistic demo CLP. Deterministic, and safe to run twice (it updates in place)."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app's demo data, in dependency order. Each module offers seed(context) -> None;
# `context` is a dict the seeders share (branches, people, posts, logins...).
SEEDERS = [
    "branches.demo",
    "officers.demo",
    "meetings.demo",
    "meetings.demo_motions",  # needs the branches' meetings and the next General Meeting
    "branches.demo_late",  # needs people (officers) and the next CLP meeting (meetings)
    "finance.demo",
    "clp.notifications.demo",
    "clp.accounts.demo",  # last: two-factor devices for every demo login the others made
]
DEFAULT_PASSWORD = "demo-clp-desk"  # noqa: S105 - demo logins only, printed on screen


class Command(BaseCommand):
    help = "Create (or refresh) the demo CLP with branches, officers, meetings and donations."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="Password for the demo logins.")

    def handle(self, *args, password, **options):
        context = {"password": password, "logins": [], "stdout": self.stdout}
        with transaction.atomic():
            for name in SEEDERS:
                try:
                    module = import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                module.seed(context)
        self.stdout.write(self.style.SUCCESS("Demo CLP ready. Log in at http://127.0.0.1:8000 with:"))
        width = max(len(role) for role, _ in context["logins"])
        for role, email in context["logins"]:
            self.stdout.write(f"  {role.ljust(width)}  {email}")
        self.stdout.write(f"  Password for all of them: {password}")
        for line in context.get("notes", []):
            self.stdout.write(line)

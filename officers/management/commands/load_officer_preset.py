from django.core.management.base import BaseCommand, CommandError

from officers import services
from officers.presets import PRESETS


class Command(BaseCommand):
    help = "Load a preset's posts and balance rules (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("preset", nargs="?", help="One of: " + ", ".join(PRESETS))
        parser.add_argument("--list", action="store_true", help="List the presets.")

    def handle(self, *args, preset=None, list=False, **options):
        if list or not preset:
            for key, p in PRESETS.items():
                superseded = f" Superseded by {p.superseded_by}." if p.superseded_by else ""
                self.stdout.write(
                    f"{key}: {p.name} ({len(p.posts)} posts, {len(p.rules)} rules). {p.source}.{superseded}"
                )
            return
        if preset not in PRESETS:
            raise CommandError(f"No preset called {preset!r}. Choose one of: {', '.join(PRESETS)}.")
        posts = services.preset_load(key=preset)
        self.stdout.write(self.style.SUCCESS(f"Loaded {PRESETS[preset].name}: {len(posts)} posts."))

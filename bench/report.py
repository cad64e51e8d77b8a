"""What a benchmark run writes: JSON under bench/results/ (one file per run, and latest.json)."""

import datetime
import json
import platform
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def prepare_static():
    """Production serves collected static files (WhiteNoise's manifest): collect them, unless
    they were collected after the last change to static/."""
    from django.conf import settings
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [p for d in settings.STATICFILES_DIRS for p in Path(d).rglob("*") if p.is_file()]
    if manifest.exists() and all(p.stat().st_mtime < manifest.stat().st_mtime for p in sources):
        return

    call_command("collectstatic", interactive=False, verbosity=0)


def machine():
    try:
        load = Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        load = []
    import os

    return {"cpus": os.cpu_count(), "load_average": load, "python": platform.python_version()}


def write(result, name=None):
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    result = {"measured_at": stamp, "machine": machine(), **result}
    text = json.dumps(result, indent=1, default=str)
    path = RESULTS / f"{name or 'bench'}-{stamp}.json"
    path.write_text(text)
    (RESULTS / f"{name or 'bench'}-latest.json").write_text(text)
    print(f"written: {path.relative_to(RESULTS.parent.parent)}")
    return path

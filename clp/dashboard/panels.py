"""Dashboard panels. Each app may offer panels through a `dashboard_panels(request, access)`
function in its `dashboard.py`; each panel is a dict with a "template" and its context."""

from importlib import import_module

APPS = ["officers", "meetings", "branches", "finance", "clp.notifications"]


def panels_for(request, access):
    panels = []
    for app in APPS:
        try:
            module = import_module(f"{app}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.dashboard":
                raise
            continue
        panels.extend(module.dashboard_panels(request, access))
    return panels

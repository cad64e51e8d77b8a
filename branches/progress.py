"""Progress of a running import, visible outside its transaction.

The import is one database transaction, so rows it writes (its own progress included) are
invisible to the page polling it until the end. The running count therefore goes to Django's
cache (Redis when there is one, see CACHES in clp/settings.py, so that the worker and the web
processes share it); without Redis the import runs in the request (tasks eager) and the
page only ever sees it finished.
"""

import contextlib

from django.core.cache import cache

TTL = 60 * 60


def _key(report_id):
    return f"branches:import:{report_id}:done"


def record(report_id, done):
    # Progress is a nicety: never fail an import over it.
    with contextlib.suppress(Exception):
        cache.set(_key(report_id), int(done), timeout=TTL)


def read(report_id):
    try:
        value = cache.get(_key(report_id))
    except Exception:  # as above
        return None
    return int(value) if value is not None else None


def clear(report_id):
    with contextlib.suppress(Exception):
        cache.delete(_key(report_id))

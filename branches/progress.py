"""Progress of a running import, visible outside its transaction.

The import is one database transaction, so rows it writes (its own progress included) are
invisible to the page polling it until the end. The running count therefore goes to Redis
when there is one; without Redis the import runs in the request (tasks eager) and the page
only ever sees it finished.
"""

import contextlib
from functools import cache

from django.conf import settings

TTL = 60 * 60


@cache
def _redis():
    if not settings.REDIS_URL:
        return None
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)


def _key(report_id):
    return f"clp:branches:import:{report_id}:done"


def record(report_id, done):
    client = _redis()
    if client is None:
        return
    # Progress is a nicety: never fail an import over it.
    with contextlib.suppress(Exception):
        client.set(_key(report_id), int(done), ex=TTL)


def read(report_id):
    client = _redis()
    if client is None:
        return None
    try:
        value = client.get(_key(report_id))
    except Exception:  # as above
        return None
    return int(value) if value is not None else None


def clear(report_id):
    client = _redis()
    if client is None:
        return
    with contextlib.suppress(Exception):
        client.delete(_key(report_id))

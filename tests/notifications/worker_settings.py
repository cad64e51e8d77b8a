"""Settings for a worker process in tests/notifications: the test settings, with mail going
to a file sink the test can read ($MAIL_SINK)."""

import os

from clp.settings_test import *  # noqa: F403

EMAIL_BACKEND = "tests.notifications.backends.SinkBackend"

# The cache the test process shares with this worker (tests.worker.celery_worker sets it):
# Redis, under a prefix of this worker's own, so that parallel test runs never meet.
if os.environ.get("CACHE_KEY_PREFIX") and os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ["CACHE_KEY_PREFIX"],
        }
    }

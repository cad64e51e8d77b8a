"""Settings for the test suite: the real settings, with test-only defaults.

DATABASE_URL and REDIS_URL come from the environment as usual (CI points them at
PostgreSQL and Redis). Tasks run eagerly unless a test starts a real worker.
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("SECRET_KEY", "test-suite-only-" + "x" * 48)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("EMAIL_URL", "consolemail://")
# No default quiet hours, so that no test depends on the time of day it runs at (workers
# started by tests inherit this); tests/notifications turns them on to test them.
os.environ.setdefault("NOTIFICATIONS_QUIET_HOURS", "off")

from clp.settings import *  # noqa: E402,F403
from clp.settings import BASE_DIR, DATABASES  # noqa: E402

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Eager unless a process started by a test (beat) must send to the real broker.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_EAGER", "true") == "true"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
# A fresh clone has no var/ yet: SQLite cannot make its test database in a missing folder.
(BASE_DIR / "var").mkdir(exist_ok=True)
# Rate-limit counters in each test process's memory (emptied before every test by
# tests/conftest.py), so that parallel test workers sharing one Redis do not count together.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so that a real Celery worker in another process sees the test data.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
# Static files straight from the source folders: no collectstatic before tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

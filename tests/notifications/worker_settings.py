"""Settings for a worker process in tests/notifications: the test settings, with mail going
to a file sink the test can read ($MAIL_SINK)."""

from clp.settings_test import *  # noqa: F403

EMAIL_BACKEND = "tests.notifications.backends.SinkBackend"

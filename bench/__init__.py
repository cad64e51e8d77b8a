"""Benchmarks: `python -m bench` runs them all, `python -m bench.<name>` one of them.

Each runs in a throwaway database created next to DATABASE_URL's (test_<name>) and
dropped afterwards, so the real data is never touched."""

import os
from contextlib import contextmanager


@contextmanager
def scratch_database():
    """Django set up on a fresh, migrated copy of the database named by DATABASE_URL."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clp.settings_test")
    import django

    django.setup()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

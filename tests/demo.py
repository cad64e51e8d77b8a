"""The demo CLP as a backdrop, for tests that open its pages (accessibility, the crawl, the
phone width, the browser walk-throughs) rather than test how it is built.

`demo_clp()` builds it as `manage.py seed_demo` does, once per test process and starting point,
then gives later callers the same rows again: every table is copied out after the first build
(PostgreSQL's COPY) and copied back in, with the sequences, in a fraction of a second instead
of a whole seeding (about 15 s here). The PDFs the demo files (its submitted quarterly
reports) are not laid out (tests/pdf_stub.py): every PDF is rendered for real and read back by
its own tests. The tests of the demo itself (tests/foundation/test_seed_demo.py and each app's
test_demo.py) still run seed_demo in full.

A copy is reused only from the same starting point: the same kind of test (inside a
transaction or not: in a transactional test the demo's on-commit work, its emails, runs), the
same day, and the same number of rows in every table as when it was made (a test that made
rows before asking for the demo gets a fresh build). On SQLite it always builds."""

import io

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from tests.pdf_stub import pdf_layout_skipped

_COPIES = {}


def demo_clp():
    """The demo CLP in the test database (see the module's docstring)."""
    if connection.vendor != "postgresql":
        _build()
        return
    inside_a_transaction = connection.in_atomic_block
    with transaction.atomic():
        tables = _tables()
        key = (inside_a_transaction, timezone.localdate(), _counts(tables))
        copy = _COPIES.get(key)
        if copy is not None:
            _restore(tables, copy)
            return
    _build()
    with transaction.atomic():
        _COPIES[key] = _copy(tables)


def _build():
    with pdf_layout_skipped():
        call_command("seed_demo", stdout=io.StringIO())


def _tables():
    return sorted(t for t in connection.introspection.table_names() if t != "django_migrations")


def _counts(tables):
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {quote(t)}" for t in tables)  # noqa: S608 - table names
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(sorted(cursor.fetchall()))


def _copy(tables):
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for table in tables:
            data = bytearray()
            with raw.copy(f"COPY {quote(table)} TO STDOUT") as copy:  # noqa: S608 - table names
                for block in copy:
                    data += block
            rows[table] = bytes(data)
        cursor.execute("SELECT schemaname, sequencename, last_value FROM pg_sequences")
        sequences = cursor.fetchall()
    return rows, sequences


def _restore(tables, copy):
    rows, sequences = copy
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)}")  # noqa: S608 - table names
        raw = cursor.cursor
        for table, data in rows.items():
            if data:
                with raw.copy(f"COPY {quote(table)} FROM STDIN") as pipe:  # noqa: S608 - table names
                    pipe.write(data)
        for schema, name, last_value in sequences:
            if last_value is None:
                cursor.execute("SELECT setval(%s, 1, false)", [f"{quote(schema)}.{quote(name)}"])
            else:
                cursor.execute("SELECT setval(%s, %s, true)", [f"{quote(schema)}.{quote(name)}", last_value])
    # The content types' ids are the copy's: forget any the process had cached.
    ContentType.objects.clear_cache()

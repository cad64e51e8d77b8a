"""The benchmark refuses a database that holds real data, and says why when it cannot start
its server (issue 18). The benchmark itself never runs in the suite."""

import pytest
from django.db import connection

from bench import build, pages

pytestmark = pytest.mark.django_db


def _url(name=None):
    s = connection.settings_dict
    where = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{where}/{name or s['NAME']}"


def test_the_benchmark_database_must_be_named_as_the_benchmarks():
    with pytest.raises(build.Refused, match="must have 'bench' in its name"):
        build.bench_url({"BENCH_DATABASE_URL": "postgres://u:p@127.0.0.1:5432/clp"})
    assert build.bench_url({"DATABASE_URL": "postgres://u:p@127.0.0.1:5432/clp"}).endswith("/clp_bench")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark runs on PostgreSQL")
def test_a_database_with_tables_but_no_marker_is_refused_and_left_alone():
    # The test database holds every table of the product, and no marker: real data, for all
    # the benchmark knows.
    with pytest.raises(build.Refused, match="no bench_marker table: it has data the benchmark did not write"):
        build.marker(_url())
    with pytest.raises(build.Refused):
        build.recreate(_url())  # never dropped
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations")
        assert cursor.fetchone()[0] > 0


def test_a_server_that_cannot_start_says_why(monkeypatch):
    monkeypatch.setattr(pages.shutil, "which", lambda *a, **k: None)
    with pytest.raises(pages.ServerError, match="gunicorn is not installed"):
        pages.Server().__enter__()

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


def _fake_pdfs(monkeypatch, exporters, bare_seconds):
    """bench.pdfs with a clock of its own: each exporter and each bare WeasyPrint run adds its
    seconds to it (bare_seconds() says how many for the next bare run); nothing is rendered."""
    import weasyprint

    from bench import pdfs

    clock = {"now": 0.0}

    class Bare:
        def __init__(self, **html):
            pass

        def write_pdf(self):
            clock["now"] += bare_seconds()

    def timed(name, seconds):
        def run():
            clock["now"] += seconds()
            return ("x.pdf", "application/pdf", b"%PDF")

        return (name, run)

    monkeypatch.setattr(pdfs, "exporters", lambda: [timed(*e) for e in exporters])
    monkeypatch.setattr(pdfs, "_captured_html", lambda e: ({}, e()))
    monkeypatch.setattr(pdfs, "_pages", lambda content: (1, "portrait"))
    monkeypatch.setattr(weasyprint, "HTML", Bare)
    monkeypatch.setattr(pdfs.time, "perf_counter", lambda: clock["now"])
    return pdfs


def test_a_short_pdf_is_timed_until_its_runs_add_up_and_a_long_one_three_times(monkeypatch):
    """A PDF of a fraction of a second varies more than its ratio's limit from run to run, so
    it is timed more often (up to MOST_RUNS pairs); a long one is timed `runs` times."""
    made = {"short": 0, "long": 0}

    def export(name, seconds):
        def run():
            made[name] += 1
            return seconds

        return run

    pdfs = _fake_pdfs(
        monkeypatch, [("short", export("short", 0.2)), ("long", export("long", 5.0))], lambda: 0.1
    )
    rows = pdfs.run(runs=3, log=lambda *a, **k: None)
    # one more each for the capture: 6 s of a 0.2 s PDF is 30 pairs, cut at the cap; 3 of 5 s
    assert (made["short"], made["long"]) == (1 + pdfs.MOST_RUNS, 1 + 3)
    assert [row["ratio"] for row in rows] == [2.0, 50.0]
    assert [row["pairs"] for row in rows] == [pdfs.MOST_RUNS, 3]


def test_a_pdfs_ratio_is_the_median_of_its_pairs_not_of_its_two_lists(monkeypatch):
    """A slow moment on a shared machine slows whichever of the pair it lands on: the
    ratio is taken pair by pair (2, 1 and 1/3 here: 1.0), where the two lists' medians
    (3 s and 9 s) would give 0.33."""
    product, bare = iter([0.0, 3.0, 9.0, 3.0]), iter([1.5, 9.0, 9.0])  # the first: the capture
    pdfs = _fake_pdfs(monkeypatch, [("minutes", lambda: next(product))], lambda: next(bare))
    (row,) = pdfs.run(runs=3, log=lambda *a, **k: None)
    assert (row["product_s"], row["weasyprint_s"], row["ratio"], row["pairs"]) == (3.0, 9.0, 1.0, 3)
    assert row["missed"] == []

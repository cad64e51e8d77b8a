"""The whole benchmark (issue 18): `make bench`, or

    DATABASE_URL=postgres://... python -m bench [--scale 1|10] [--rounds 5] [--seconds 3]
                                                [--only pages,pdfs,import,sweep] [--rebuild] [--strict]

1. builds the large CLP in the benchmark's own database (bench/build.py; reused when built
   today at this scale), 2. serves it with gunicorn and loads every key page with wrk against
   the floor and the admin changelists (bench/pages.py), 3. times the PDFs against bare
   WeasyPrint (bench/pdfs.py), 4. imports a 10,000-row Membership Action Report (rolled back,
   bench/imports.py), 5. sweeps 10,000 reminders in a scratch database (bench/sweep.py).
It prints one table, writes it as JSON under bench/results/, and lists every missed target
(with --strict it then exits 1)."""

import argparse
import signal
import sys

STEPS = ("pages", "pdfs", "import", "sweep")


def _table(result):
    from bench import pages

    out = []
    if "pages" in result:
        out += [pages.table(result["pages"]), ""]
    if "pdfs" in result:
        out.append(f"{'PDF':<30} {'product s':>10} {'bare s':>8} {'ratio':>6} {'pages':>6}  missed")
        for row in result["pdfs"]:
            out.append(
                f"{row['pdf']:<30} {row['product_s']:>10.2f} {row['weasyprint_s']:>8.2f} "
                f"{row['ratio']:>6.2f} "
                f"{row['pages']:>6}  {'; '.join(row['missed']) or 'ok'}"
            )
        out.append("")
    if "import" in result:
        r = result["import"]
        out.append(
            f"Membership Action Report, {r['rows']} rows: preview {r['preview_s']} s "
            f"+ import {r['import_s']} s "
            f"= {r['total_s']} s  {'; '.join(r['missed']) or 'ok'}"
        )
    for r in result.get("sweep", []):
        out.append(
            f"Reminder sweep, {r['reminders']} due: {r['sweep_s']} s, {r['sweep_queries']} statements  "
            f"{'; '.join(r['missed']) or 'ok'}"
        )
    return "\n".join(out)


def missed(result):
    found = []
    for row in result.get("pages", {}).get("pages", []):
        found += [f"{row['page']}: {m}" for m in row.get("missed", [])]
    found += [f"memory: {m}" for m in result.get("pages", {}).get("memory", {}).get("missed", [])]
    for row in result.get("pdfs", []):
        found += [f"{row['pdf']} PDF: {m}" for m in row["missed"]]
    found += [f"import: {m}" for m in result.get("import", {}).get("missed", [])]
    for r in result.get("sweep", []):
        found += [f"sweep: {m}" for m in r["missed"]]
    return found


def main(argv=None):
    from bench import pages

    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1, choices=[1, 10])
    parser.add_argument("--rounds", type=int, default=pages.ROUNDS)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default=",".join(STEPS), help="comma-separated: " + ",".join(STEPS))
    parser.add_argument(
        "--rebuild", action="store_true", help="build the large CLP again even if built today"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    # Stopped (kill, Ctrl-C): leave through the with-blocks, so the server is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    steps = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(steps) - set(STEPS)
    if unknown:
        parser.error(f"unknown step(s): {', '.join(sorted(unknown))}")

    from bench import report
    from bench.build import Refused, ensure
    from bench.pages import ServerError

    result = {"scale": args.scale}
    try:
        result["database"] = ensure(args.scale, rebuild=args.rebuild)
        if "pages" in steps:
            print("== pages (gunicorn + wrk)", flush=True)
            report.prepare_static()
            result["pages"] = pages.run(
                rounds=args.rounds, seconds=args.seconds, connections=args.connections, workers=args.workers
            )
        if "pdfs" in steps:
            from bench import pdfs

            print("== PDFs against bare WeasyPrint", flush=True)
            result["pdfs"] = pdfs.run()
        if "import" in steps:
            from bench import imports

            print("== the 10,000-row import", flush=True)
            result["import"] = imports.run()
        if "sweep" in steps:
            from bench import sweep

            print("== the reminder sweep (scratch database)", flush=True)
            result["sweep"] = sweep.run_in_scratch()
    except (Refused, ServerError) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    found = missed(result)
    result["missed"] = found
    report.write(result, name=f"scale{args.scale}")  # first: a table that fails to print loses nothing
    print()
    print(_table(result))
    print()
    print("Missed targets:" if found else "Every target met.")
    for line in found:
        print(f"  - {line}")
    return 1 if found and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())

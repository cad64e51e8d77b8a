"""A 10,000-row Membership Action Report imported into the large CLP (a tenth of the rows
are members it knows already), timed from the preview to the end of the import, inside a
transaction rolled back afterwards so the benchmark's CLP stays as built.

    python -m bench.imports [--rows 10000]"""

import sys
import time

IMPORT_LIMIT_S = 10.0


class _RollBack(Exception):
    pass


def report_text(rows, branch_name):
    lines = ["Membership Number,First Name,Last Name,Status,Email,Branch,Joined,Status Date"]
    statuses = ["New", "Current", "Arrears", "Lapsed", "Resigned"]
    for n in range(rows):
        number = f"B{n:07d}" if n % 10 == 0 else f"M{n:07d}"  # B...: people the builder made
        lines.append(
            f"{number},First{n},Last{n},{statuses[n % 5]},m{n}@example.org,{branch_name},"
            "01/01/2020,01/11/2026"
        )
    return "\n".join(lines) + "\n"


def run(rows=10_000, log=print):
    from django.db import transaction

    from branches import services
    from branches.models import Branch
    from officers.models import Person

    branch = Branch.objects.order_by("pk").first()
    text = report_text(rows, branch.name)
    result = {}
    try:
        with transaction.atomic():
            before = Person.objects.count()
            started = time.perf_counter()
            report = services.membership_import_preview(filename="bench.csv", text=text, by=None)
            previewed = time.perf_counter()
            done = services.membership_import_apply(report_id=report.pk)
            imported = time.perf_counter()
            result = {
                "rows": rows,
                "preview_s": round(previewed - started, 2),
                "import_s": round(imported - previewed, 2),
                "total_s": round(imported - started, 2),
                "status": done.status,
                "new_people": Person.objects.count() - before,
            }
            raise _RollBack
    except _RollBack:
        pass
    result["missed"] = (
        [f"{result['total_s']} s (target under {IMPORT_LIMIT_S:.0f} s)"]
        if result["total_s"] >= IMPORT_LIMIT_S
        else []
    )
    if result["status"] != "done":
        result["missed"].append(f"the import ended {result['status']}, not done")
    log(
        f"  {rows} rows: preview {result['preview_s']} s, import {result['import_s']} s, "
        f"{result['new_people']} new people (rolled back)",
        flush=True,
    )
    return result


def main(argv=None):
    import argparse

    from bench import report
    from bench.build import Refused, ensure

    parser = argparse.ArgumentParser(prog="python -m bench.imports")
    parser.add_argument("--scale", type=int, default=1, choices=[1, 10])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    try:
        ensure(args.scale)
    except Refused as exc:
        print(f"bench.imports: {exc}", file=sys.stderr)
        return 2
    report.write({"scale": args.scale, "import": run(args.rows)}, name="import")
    return 0


if __name__ == "__main__":
    sys.exit(main())

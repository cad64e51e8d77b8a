"""The product's PDFs against WeasyPrint rendering the same HTML directly: the quarterly
report (300 reportable donations in the last complete quarter), the directory and the
minutes of a 60-item meeting, on the large CLP.

    python -m bench.pdfs [--runs 3]

The product's time is the whole exporter (queries, the template, WeasyPrint); the bare time
is WeasyPrint alone on the HTML the exporter rendered (captured on the way), so the ratio is
what the product adds. The two are timed in pairs, one straight after the other, and the ratio
is the median over the pairs of product / bare, as the pages' ratios are: on a shared machine
the same 0.2 s PDF took 0.21-0.56 s from one run to the next, both ways, and the ratio of the
two lists' medians moved between 1.0 and 1.5 with it."""

import datetime
import io
import statistics
import sys
import time
from unittest import mock

from bench.build import LAST_EC

PDF_LIMIT = 1.5  # the product within 1.5x of bare WeasyPrint


def _last_quarter():
    today = datetime.date.today()
    end = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - datetime.timedelta(days=1)
    return end.year, (end.month - 1) // 3 + 1


def exporters():
    from branches.exports import directory_pdf
    from finance.exports import quarterly_report
    from meetings.exports import minutes_pdf
    from meetings.models import Meeting

    year, quarter = _last_quarter()
    minutes = Meeting.objects.get(title=LAST_EC)
    return [
        (f"quarterly report {year} Q{quarter}", lambda: quarterly_report(year, quarter, "pdf")),
        ("directory", lambda: directory_pdf("")),
        ("minutes, 60 items", lambda: minutes_pdf(minutes.pk)),
    ]


def _captured_html(export):
    import weasyprint

    real, seen = weasyprint.HTML, {}

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return real(*args, **kwargs)

    with mock.patch.object(weasyprint, "HTML", spy):
        exported = export()
    return seen, exported


def _pages(content):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    box = reader.pages[0].mediabox
    return len(reader.pages), "landscape" if box.width > box.height else "portrait"


ENOUGH_SECONDS = 6
MOST_RUNS = 25


def run(runs=3, log=print):
    from weasyprint import HTML

    rows = []
    for name, export in exporters():
        html, exported = _captured_html(export)
        pages, orientation = _pages(exported[2])
        product, bare = [], []
        # At least `runs` pairs, and more for a short PDF (up to MOST_RUNS, until the product
        # has taken ENOUGH_SECONDS): a 0.2 s PDF's runs varied 0.21-0.56 s each way.
        while len(product) < runs or (sum(product) < ENOUGH_SECONDS and len(product) < MOST_RUNS):
            started = time.perf_counter()
            export()
            product.append(time.perf_counter() - started)
            started = time.perf_counter()
            HTML(**html).write_pdf()
            bare.append(time.perf_counter() - started)
        p, b = statistics.median(product), statistics.median(bare)
        ratio = statistics.median([mine / theirs for mine, theirs in zip(product, bare, strict=True)])
        row = {
            "pdf": name,
            "product_s": round(p, 3),
            "weasyprint_s": round(b, 3),
            "ratio": round(ratio, 2),
            "pairs": len(product),
            "pages": pages,
            "orientation": orientation,
            "missed": [f"{ratio:.2f}x bare WeasyPrint (target {PDF_LIMIT}x)"] if ratio > PDF_LIMIT else [],
        }
        rows.append(row)
        log(
            f"  {name}: {p:.2f} s vs {b:.2f} s bare ({row['ratio']}x over {len(product)} pairs), "
            f"{pages} {orientation} pages",
            flush=True,
        )
    return rows


def main(argv=None):
    import argparse

    from bench import report
    from bench.build import Refused, ensure

    parser = argparse.ArgumentParser(prog="python -m bench.pdfs")
    parser.add_argument("--scale", type=int, default=1, choices=[1, 10])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        ensure(args.scale)
    except Refused as exc:
        print(f"bench.pdfs: {exc}", file=sys.stderr)
        return 2
    report.write({"scale": args.scale, "pdfs": run(args.runs)}, name="pdfs")
    return 0


if __name__ == "__main__":
    sys.exit(main())

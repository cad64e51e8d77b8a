"""One way to write a CSV, one way to render a PDF, one download response.

Every exporter in the project returns an `Exported` (filename, content_type, bytes), made
here, so that the view, the management command and a task hand out the same bytes.
"""

import csv
import io
from typing import NamedTuple

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

CSV = "text/csv; charset=utf-8"
PDF = "application/pdf"

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV
# injection, OWASP): "=HYPERLINK(...)" in a name would reach the Secretary's spreadsheet live.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


class Exported(NamedTuple):
    filename: str
    content_type: str
    content: bytes


def safe_cell(value) -> str:
    """The value as text a spreadsheet shows as written: None is empty, and text that a
    spreadsheet would read as a formula is quoted with a leading apostrophe."""
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_export(filename, header, rows) -> Exported:
    """A CSV file: `header` then `rows` (iterables of values), every cell through
    `safe_cell`, UTF-8 with a byte-order mark so that spreadsheet programs read accents right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(v) for v in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return Exported(filename, CSV, out.getvalue().encode("utf-8-sig"))


def render_pdf(template, context) -> bytes:
    """A PDF of `template` (an HTML template under templates/<app>/pdf/) rendered by
    WeasyPrint. `clp_name` is in every PDF's context; files are found from the project's
    folder (static files for the print stylesheet and fonts), never fetched from the network."""
    from weasyprint import HTML  # a heavy import: only when a PDF is made

    html = render_to_string(template, {"clp_name": settings.CLP_NAME, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_export(filename, template, context) -> Exported:
    return Exported(filename, PDF, render_pdf(template, context))


def download(exported) -> HttpResponse:
    """The response that hands an exported file to the browser as a download."""
    filename, content_type, content = exported
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""The constituency directory as CSV and as a printable PDF: (filename, content_type, bytes)."""

import csv
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from branches.selectors import directory, directory_sections

CSV_HEADER = ["Section", "Branch or organisation", "Role", "Name", "Email", "Phone", "Address"]


def _stamp():
    return timezone.localdate().isoformat()


def directory_csv(query=""):
    """Every directory line as CSV, with only the contact details each person lets it show."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for item in directory(query=query):
        writer.writerow(
            [item.section, item.group, item.role, item.name, item.email, item.phone, item.address]
        )
    # A byte-order mark so that spreadsheet programs read the accents right.
    return f"directory-{_stamp()}.csv", "text/csv", ("\ufeff" + out.getvalue()).encode("utf-8")


def directory_pdf(query=""):
    """The directory as a printable A4 PDF (officers only: it holds personal data)."""
    html = render_to_string(
        "branches/pdf/directory.html",
        {
            "sections": directory_sections(directory(query=query)),
            "clp_name": settings.CLP_NAME,
            "today": timezone.localdate(),
            "query": query,
        },
    )
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return f"directory-{_stamp()}.pdf", "application/pdf", pdf

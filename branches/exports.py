"""The constituency directory as CSV and as a printable PDF: (filename, content_type, bytes)."""

from django.utils import timezone

from branches.selectors import directory, directory_sections
from clp.core.exports import csv_export, pdf_export

CSV_HEADER = ["Section", "Branch or organisation", "Role", "Name", "Email", "Phone", "Address"]


def _stamp():
    return timezone.localdate().isoformat()


def directory_csv(query=""):
    """Every directory line as CSV, with only the contact details each person lets it show."""
    rows = (
        [item.section, item.group, item.role, item.name, item.email, item.phone, item.address]
        for item in directory(query=query)
    )
    return csv_export(f"directory-{_stamp()}.csv", CSV_HEADER, rows)


def directory_pdf(query=""):
    """The directory as a printable A4 PDF (officers only: it holds personal data)."""
    context = {
        "sections": directory_sections(directory(query=query)),
        "today": timezone.localdate(),
        "query": query,
    }
    return pdf_export(f"directory-{_stamp()}.pdf", "branches/pdf/directory.html", context)

"""The quarterly donation and loan report as a PDF (a formal return) and as CSV. Each
exporter returns (filename, content_type, bytes) for the view, the command and tasks."""

import csv
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

HEADERS = [
    "Reference",
    "Type",
    "Donor or lender",
    "Category",
    "Address",
    "Company or registration number",
    "Electoral number",
    "Amount or value (GBP)",
    "Cash or non-cash / terms",
    "Date received or made",
    "Date accepted",
    "Received by",
    "Permissibility check",
    "Source's total passes the EC threshold this quarter",
]


def _cell(value):
    """Keep a spreadsheet from reading a donor's name as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _name(report, ext, version=None):
    suffix = f"-v{version}" if version else ("" if report.is_over else "-DRAFT")
    return f"donation-loan-report-{report.year}-Q{report.quarter}{suffix}.{ext}"


def report_pdf(report, *, version=None, submitted_on=None, reason=""):
    """The report as a formal return. Without a version it is a draft (marked so when the
    quarter is not over yet)."""
    from weasyprint import HTML

    html = render_to_string(
        "finance/pdf/quarterly_report.html",
        {
            "report": report,
            "clp_name": settings.CLP_NAME,
            "version": version,
            "reason": reason,
            "dated": submitted_on or timezone.localdate(),
            "draft": version is None,
        },
    )
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return _name(report, "pdf", version), "application/pdf", pdf


def report_csv(report):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in report.rows:
        source = row.source
        writer.writerow(
            _cell(value)
            for value in [
                row.ref,
                row.kind,
                source.name,
                source.get_category_display(),
                " ".join(source.address.split()),
                source.registration_number,
                source.electoral_number,
                f"{row.amount:.2f}",
                row.nature,
                row.received_on.isoformat(),
                row.accepted_on.isoformat() if row.accepted_on else "",
                row.received_by,
                row.outcome,
                "yes" if row.crosses_ec_threshold else "",
            ]
        )
    if report.is_nil:
        writer.writerow(
            [f"NIL RETURN: no donations or loans of more than £{report.floor:,.2f} in the quarter"]
        )
    return _name(report, "csv"), "text/csv", buffer.getvalue().encode("utf-8-sig")


def quarterly_report(year, quarter, fmt="pdf"):
    """The live report for a quarter (a draft if the quarter is not over)."""
    from finance.selectors import quarter_report

    report = quarter_report(int(year), int(quarter), timezone.localdate())
    return report_pdf(report) if fmt == "pdf" else report_csv(report)


def submitted_report(report_id, fmt="pdf"):
    """A submitted version exactly as it was submitted."""
    from finance.models import QuarterlyReport

    saved = QuarterlyReport.objects.get(pk=report_id)
    ext = "pdf" if fmt == "pdf" else "csv"
    name = f"donation-loan-report-{saved.year}-Q{saved.quarter}-v{saved.version}.{ext}"
    content = bytes(saved.pdf if fmt == "pdf" else saved.csv)
    return name, "application/pdf" if fmt == "pdf" else "text/csv", content

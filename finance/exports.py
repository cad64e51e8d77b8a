"""The quarterly donation and loan report as a PDF (a formal return) and as CSV. Each
exporter returns (filename, content_type, bytes) for the view, the command and tasks."""

from django.utils import timezone

from clp.core.exports import CSV, PDF, Exported, csv_export, pdf_export

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


def _name(report, ext, version=None):
    suffix = f"-v{version}" if version else ("" if report.is_over else "-DRAFT")
    return f"donation-loan-report-{report.year}-Q{report.quarter}{suffix}.{ext}"


def report_pdf(report, *, version=None, submitted_on=None, reason=""):
    """The report as a formal return. Without a version it is a draft (marked so when the
    quarter is not over yet)."""
    context = {
        "report": report,
        "version": version,
        "reason": reason,
        "dated": submitted_on or timezone.localdate(),
        "draft": version is None,
    }
    return pdf_export(_name(report, "pdf", version), "finance/pdf/quarterly_report.html", context)


def report_csv(report):
    rows = [
        [
            row.ref,
            row.kind,
            row.source.name,
            row.source.get_category_display(),
            " ".join(row.source.address.split()),
            row.source.registration_number,
            row.source.electoral_number,
            f"{row.amount:.2f}",
            row.nature,
            row.received_on,
            row.accepted_on,
            row.received_by,
            row.outcome,
            "yes" if row.crosses_ec_threshold else "",
        ]
        for row in report.rows
    ]
    if report.is_nil:
        rows.append([f"NIL RETURN: no donations or loans of more than £{report.floor:,.2f} in the quarter"])
    return csv_export(_name(report, "csv"), HEADERS, rows)


def quarterly_report(year, quarter, fmt="pdf"):
    """The live report for a quarter (a draft if the quarter is not over)."""
    from finance.selectors import quarter_report

    report = quarter_report(int(year), int(quarter), timezone.localdate())
    return report_pdf(report) if fmt == "pdf" else report_csv(report)


def submitted_report(report_id, fmt="pdf"):
    """A submitted version exactly as it was submitted."""
    from finance.models import QuarterlyReport

    saved = QuarterlyReport.objects.get(pk=report_id)
    if fmt == "pdf":
        return Exported(_name(saved, "pdf", saved.version), PDF, bytes(saved.pdf))
    return Exported(_name(saved, "csv", saved.version), CSV, bytes(saved.csv))

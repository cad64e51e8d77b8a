"""The quarterly donation and loan report as a PDF (a formal return) and as CSV, both from
one selector (finance.returns.quarter_report). Each exporter returns (filename,
content_type, bytes) for the view, the command and tasks."""

from django.utils import timezone

from clp.core.exports import CSV, PDF, Exported, csv_export, pdf_export

HEADERS = [
    "Reference",
    "Type",
    "Donor or lender",
    "Category",
    "Address",
    "Postcode",
    "Company or registration number",
    "Electoral number",
    "Amount or value (GBP)",
    "Cash or non-cash / terms",
    "Date received or entered into",
    "Date accepted",
    "Status",
    "Date dealt with",
    "How received",
    "Sponsorship",
    "Bequest (whose will)",
    "Received by",
    "Permissibility check",
    "Reportable group this quarter",
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


def _row(row):
    source = row.source
    return [
        row.ref,
        row.kind,
        row.donor_name,
        source.get_category_display(),
        row.donor_address,
        "" if row.anonymous else source.postcode,
        source.registration_number,
        source.electoral_number,
        f"{row.amount:.2f}",
        row.nature,
        row.received_on,
        row.accepted_on or "",
        row.status,
        row.dealt_with_on or "",
        row.received_how,
        "yes" if row.sponsorship else "",
        row.bequest,
        row.received_by,
        row.outcome,
        row.group,
    ]


def report_csv(report):
    rows = [_row(row) for row in report.rows]
    for change in report.changes:
        c = change.change
        rows.append(
            [
                change.ref,
                f"Change to a loan (loan:{change.loan.pk})",
                change.loan.source.name,
                change.loan.source.get_category_display(),
                "",
                "",
                "",
                "",
                f"{c.new_amount:.2f}" if c.new_amount is not None else "",
                f"{c.get_what_display()}: {c.description}",
                c.changed_on,
            ]
        )
    if report.is_nil:
        rows.append([f"NIL RETURN: no donations or loans of more than £{report.floor:,.2f} in the quarter"])
    for group in report.groups:
        rows.append([])
        rows.append(
            [f"REPORTABLE GROUP: {group.label}, total £{group.total:,.2f} (over £{group.threshold:,.2f})"]
        )
        for ref, kind, on, amount in group.items:
            rows.append(
                [ref, f"In the group ({kind})", group.source.name, *[""] * 5, f"{amount:.2f}", "", on]
            )
    return csv_export(_name(report, "csv"), HEADERS, rows)


def quarterly_report(year, quarter, fmt="pdf"):
    """The live report for a quarter (a draft if the quarter is not over)."""
    from finance.returns import quarter_report

    report = quarter_report(int(year), int(quarter), timezone.localdate())
    return report_pdf(report) if fmt == "pdf" else report_csv(report)


def submitted_report(report_id, fmt="pdf"):
    """A submitted version exactly as it was submitted."""
    from finance.models import QuarterlyReport

    saved = QuarterlyReport.objects.get(pk=report_id)
    if fmt == "pdf":
        return Exported(_name(saved, "pdf", saved.version), PDF, bytes(saved.pdf))
    return Exported(_name(saved, "csv", saved.version), CSV, bytes(saved.csv))

"""The changes of role to make in the party's membership system (MemberCentre), as CSV and
as a printable list: (filename, content_type, bytes)."""

from django.utils import timezone

from clp.core.exports import csv_export, pdf_export

CSV_HEADER = [
    "Membership number", "Name", "Post (as the party names it)", "Branch", "Change", "Date",
    "Term from", "Term to", "Why", "Also to the Governance and Legal Unit",
]  # fmt: skip


def _stamp():
    return timezone.localdate().isoformat()


def _row(change):
    term = change.term
    return [
        term.person.membership_number or "",
        term.person.full_name,
        term.post.name_for_party,
        term.post.branch.name if term.post.branch_id else "",
        change.get_kind_display(),
        change.on,
        term.starts_on,
        term.ends_on,
        change.source,
        "Yes" if change.glu else "",
    ]


def role_changes_csv(changes):
    """The changes not yet made in MemberCentre, one a line (the one formula-safe writer)."""
    return csv_export(f"role-changes-{_stamp()}.csv", CSV_HEADER, (_row(c) for c in changes))


def role_changes_pdf(changes):
    context = {"changes": list(changes), "today": timezone.localdate()}
    return pdf_export(f"role-changes-{_stamp()}.pdf", "officers/pdf/role_changes.html", context)

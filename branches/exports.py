"""The constituency directory as CSV and as a printable PDF: (filename, content_type, bytes)."""

from django.utils import timezone

from branches.models import MailingAttachment
from branches.selectors import branch_contacts, directory, directory_sections
from clp.core.exports import Exported, csv_export, pdf_export

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


CONTACTS_HEADER = [
    "Name", "Membership number", "Why", "Since", "Who contacts them", "Contact by", "How", "Email", "Phone",
]  # fmt: skip


def branch_contacts_csv(branch, rows=None):
    """The branch's members to contact as CSV (through the one formula-safe writer)."""
    rows = branch_contacts(branch) if rows is None else rows
    lines = (
        [
            r.follow_up.person.full_name,
            r.follow_up.person.membership_number or "",
            r.follow_up.get_reason_display(),
            r.follow_up.opened_on.isoformat(),
            r.follow_up.assigned_to.full_name if r.follow_up.assigned_to else "",
            r.follow_up.contact_on.isoformat() if r.follow_up.contact_on else "",
            r.follow_up.get_method_display(),
            r.email,
            r.phone,
        ]
        for r in rows
    )
    return csv_export(f"{branch.slug}-members-to-contact-{_stamp()}.csv", CONTACTS_HEADER, lines)


def branch_call_sheet_pdf(branch, rows=None):
    """A printable call sheet: the members to contact with the phone number each lets the
    branch see, and room to write what came of the call."""
    rows = branch_contacts(branch) if rows is None else rows
    context = {"branch": branch, "rows": rows, "today": timezone.localdate()}
    return pdf_export(f"{branch.slug}-call-sheet-{_stamp()}.pdf", "branches/pdf/call_sheet.html", context)


def mailing_attachment(attachment_id):
    """A mailing's attachment as uploaded (attached to each email at send time)."""
    attachment = MailingAttachment.objects.get(pk=attachment_id)
    with attachment.file.open("rb") as handle:
        return Exported(attachment.filename, attachment.content_type, handle.read())

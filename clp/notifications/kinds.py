"""Every kind of notification the product sends. People choose, per kind, email, the
daily digest or in-product only; legal deadlines always email."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    label: str
    minor: bool = False  # minor kinds go to the daily digest by default
    legal: bool = False  # legal deadlines: always emailed, no opting out


KINDS = {
    # officers
    "handover_glu": Kind("Tell the Governance and Legal Unit about a new Treasurer or Chair"),
    "agm_preparation": Kind("Terms ending soon: prepare the AGM"),
    # meetings
    "meeting_reminder": Kind("Reminder of a meeting"),
    "agenda_circulation": Kind("Agenda and papers for a meeting"),
    "agenda_overdue": Kind("Agenda not yet circulated"),
    "minutes_circulation": Kind("Approved minutes"),
    "action_due": Kind("An action of yours falls due", minor=True),
    "actions_overdue_digest": Kind("Weekly list of overdue actions", minor=True),
    # branches
    "branch_mailing": Kind("The monthly branch mailing"),
    # finance
    "donation_check_deadline": Kind("Donation permissibility check deadline", legal=True),
    "quarterly_report_due": Kind("Quarterly donation and loan report due", legal=True),
    "bank_signatories": Kind("Bank account signatories need updating"),
}


def kind_label(code):
    return KINDS[code].label if code in KINDS else code.replace("_", " ").capitalize()

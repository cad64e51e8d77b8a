"""Every kind of notification the product sends. People choose, per kind, email, the
daily digest or in-product only; legal deadlines always email."""

from dataclasses import dataclass

from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    DIGEST = "digest", "Daily digest email"
    INBOX = "inbox", "In CLP Desk only"


@dataclass(frozen=True)
class Kind:
    label: str
    minor: bool = False  # minor kinds go to the daily digest by default
    legal: bool = False  # legal deadlines: always emailed, no opting out
    html: str = ""  # dotted path to a function(notification) -> the email's HTML body (safe)

    @property
    def default_channel(self):
        return Channel.DIGEST if self.minor and not self.legal else Channel.EMAIL


KINDS = {
    # officers
    "handover_glu": Kind("Tell the Governance and Legal Unit about a new Treasurer or Chair"),
    "agm_preparation": Kind("Terms ending soon: prepare the AGM"),
    "agm_nomination": Kind("AGM nominations: a nomination received, the candidates published"),
    "agm_welcome": Kind("Welcome to a new post after the AGM"),
    "officer_lapsed": Kind("An officer's membership lapsed or ended"),
    # meetings
    "meeting_reminder": Kind("Reminder of a meeting"),
    "agenda_circulation": Kind("Agenda and papers for a meeting"),
    "agenda_overdue": Kind("Agenda not yet circulated"),
    "agenda_agreement": Kind("An agenda for the Chair to agree, or a comment on one"),
    "minutes_circulation": Kind("Approved minutes"),
    "emergency_motion": Kind("An emergency motion for the Chair to accept"),
    "action_due": Kind("An action of yours falls due", minor=True),
    "actions_overdue_digest": Kind("Weekly list of overdue actions", minor=True),
    # branches
    "branch_mailing": Kind("The monthly branch mailing", html="branches.emails.mailing_html"),
    # finance
    "donation_check_deadline": Kind("Donation permissibility check deadline", legal=True),
    "quarterly_report_due": Kind("Quarterly donation and loan report due", legal=True),
    "bank_signatories": Kind("Bank account signatories need updating"),
}


def kind_for(code):
    """The Kind registered for `code`; an unregistered code is treated as an ordinary kind."""
    return KINDS.get(code) or Kind(code.replace("_", " ").capitalize())


def kind_label(code):
    return kind_for(code).label

"""The monthly mailing's email: its HTML part shows the markdown rendered, as the page does.

The notifications engine calls `mailing_html` for each email of kind "branch_mailing" (see
clp/notifications/kinds.py); the plain-text part keeps the markdown as written."""

from django.template.loader import render_to_string

from branches.markup import render_markdown
from branches.models import Mailing
from meetings.diary import NEXT_EVENTS


def business_html(business):
    """The next CLP meeting's business (the meeting on the first line, then numbered items)."""
    if not business:
        return ""
    first, _, items = business.partition("\n")
    return render_markdown(f"{first}\n\n{items}")


def events_html(body):
    """The "Next events" section of an email's text (as it was sent), rendered."""
    _, found, events = body.rpartition(f"\n\n{NEXT_EVENTS}\n")
    return render_markdown(events) if found else ""


def mailing_html(notification):
    """The HTML body of one email of a mailing, or "" (the engine then shows the text)."""
    _, _, rest = notification.key.partition("branch-mailing:")
    pk = rest.split(":", 1)[0]
    mailing = Mailing.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
    if mailing is None:
        return ""
    context = {
        "mailing": mailing,
        "body_html": render_markdown(mailing.body),  # sanitised by nh3
        "business_html": business_html(mailing.business),
        "events_html": events_html(notification.body),
    }
    return render_to_string("branches/email/mailing.html", context)  # a SafeString

import datetime

from django.utils import timezone

from finance import selectors
from finance.formats import pk_href


def dashboard_panels(request, access):
    """For the Treasurer and the Chair: donations waiting for their permissibility check."""
    if not access.can_keep_accounts:
        return []
    today = timezone.localdate()
    since = datetime.date(today.year - 1, 1, 1)
    href = pk_href("finance:donation")
    waiting = [
        selectors.DonationListRow.of(d, status, href(d.pk))
        for d, status in selectors.donations_awaiting_check(today, since=since)
    ]
    return [{"template": "finance/panels/checks.html", "waiting": waiting}]

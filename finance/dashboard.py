import datetime

from django.utils import timezone

from clp.core.links import url_of
from finance import selectors


def dashboard_panels(request, access):
    """For the Treasurer and the Chair: donations waiting for their permissibility check."""
    if not access.can_keep_accounts:
        return []
    today = timezone.localdate()
    since = datetime.date(today.year - 1, 1, 1)
    href = url_of("finance:donation")
    waiting = [
        selectors.DonationListRow.of(d, status, href(d.pk))
        for d, status in selectors.donations_awaiting_check(today, since=since)
    ]
    return [{"template": "finance/panels/checks.html", "waiting": waiting}]

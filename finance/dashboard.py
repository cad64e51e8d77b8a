import datetime

from django.utils import timezone
from django.utils.html import format_html

from clp.core.formats import money
from clp.core.links import url_of
from finance import selectors

PANEL_ROWS = 10  # the newest waiting; the rest are on the finance page, a page at a time

# A row of finance/panels/checks.html, written once here rather than by five lookups a row.
_ROW = '<li><a href="{}">{}, {}</a>: <span class="{}">{}</span></li>'


def dashboard_panels(request, access):
    """For the Treasurer and the Chair: donations waiting for their permissibility check."""
    if not access.can_keep_accounts:
        return []
    today = timezone.localdate()
    since = datetime.date(today.year - 1, 1, 1)
    href = url_of("finance:donation")
    rows, count = selectors.donations_awaiting_check_first(today, PANEL_ROWS, since=since)
    waiting = [
        format_html(_ROW, href(d.pk), str(d.source), money(d.amount), status.css, status.text)
        for d, status in rows
    ]
    more = count - len(rows)
    return [{"template": "finance/panels/checks.html", "waiting": waiting, "more": more}]

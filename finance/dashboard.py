from django.utils import timezone

from finance import selectors


def dashboard_panels(request, access):
    """For the Treasurer and the Chair: donations waiting for their permissibility check."""
    if not access.edits_finance:
        return []
    today = timezone.localdate()
    rows = selectors.with_statuses(
        selectors.donations_visible_to(access).filter(
            permissibility=None, received_on__gte=today.replace(day=1, month=1, year=today.year - 1)
        ),
        today,
    )
    waiting = [(d, s) for d, s in rows if s.code in ("due", "deemed_accepted")]
    return [{"template": "finance/panels/checks.html", "waiting": waiting}]

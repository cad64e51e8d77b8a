"""The branches panel on the dashboard: the Secretary's monthly jobs, a branch officer's branch."""

from django.utils import timezone

from branches import selectors
from branches.models import Branch, Mailing


def dashboard_panels(request, access):
    if access.is_secretary:
        today = timezone.localdate()
        report = selectors.latest_report()
        sent_this_month = Mailing.objects.filter(
            status=Mailing.Status.SENT, sent_at__year=today.year, sent_at__month=today.month
        ).exists()
        return [
            {
                "template": "branches/panels/secretary.html",
                "report": report,
                "report_age": (today - timezone.localdate(report.imported_at)).days if report else None,
                "sent_this_month": sent_this_month,
            }
        ]
    if access.branch_roles:
        return [
            {
                "template": "branches/panels/branch.html",
                "branches": Branch.objects.filter(pk__in=access.branch_ids),
            }
        ]
    return []

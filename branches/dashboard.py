"""The branches panel on the dashboard: the Secretary's monthly jobs, a branch officer's branch."""

from django.utils import timezone

from branches import selectors


def dashboard_panels(request, access):
    if access.can_send_mailings:
        today = timezone.localdate()
        report = selectors.latest_report()
        return [
            {
                "template": "branches/panels/secretary.html",
                "report": report,
                "report_age": (today - timezone.localdate(report.imported_at)).days if report else None,
                "sent_this_month": selectors.mailing_sent_in(today.year, today.month),
            }
        ]
    if access.officer_of_branch_ids:
        branches = selectors.branches(branch_ids=access.officer_of_branch_ids)
        return [{"template": "branches/panels/branch.html", "branches": branches}]
    return []

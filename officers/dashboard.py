from django.utils import timezone

from officers import plan_selectors, selectors


def dashboard_panels(request, access):
    """The plan's overdue or off-track targets to their owners; the Secretary and the Chair see
    the rule status of the team and what to report."""
    on = timezone.localdate()
    panels = []
    if targets := plan_selectors.targets_needing_attention(access.owned_post_ids, on):
        panels.append({"template": "officers/panels/targets.html", "targets": targets})
    if not access.can_oversee_team:
        return panels

    return panels + [
        {
            "template": "officers/panels/officers.html",
            "check": selectors.balance_check(on=on),
            "vacancies": selectors.vacancies(on=on),
            "pending_handovers": selectors.pending_handovers().count() if access.can_manage_officers else 0,
        }
    ]

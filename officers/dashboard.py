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

    posts = selectors.roster_posts(on=on)
    vacancies = sum(max(p.max_holders - len(p.current_terms), 0) for p in posts)
    return panels + [
        {
            "template": "officers/panels/officers.html",
            "check": selectors.balance_check(on=on),
            "vacancies": vacancies,
            "pending_handovers": selectors.pending_handovers().count() if access.can_manage_officers else 0,
        }
    ]

from django.utils import timezone

from officers import selectors


def dashboard_panels(request, access):
    """The Secretary and the Chair see the rule status of the team and what to report."""
    if not access.can_oversee_team:
        return []
    on = timezone.localdate()
    posts = selectors.roster_posts(on=on)
    vacancies = sum(max(p.max_holders - len(p.current_terms), 0) for p in posts)
    return [
        {
            "template": "officers/panels/officers.html",
            "check": selectors.balance_check(on=on),
            "vacancies": vacancies,
            "pending_handovers": selectors.pending_handovers().count() if access.can_manage_officers else 0,
        }
    ]

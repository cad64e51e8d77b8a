from django.utils import timezone
from django.utils.html import format_html

from clp.core.formats import day
from clp.core.links import url_of
from officers import plan_selectors, selectors

# A row of officers/panels/targets.html, written once here rather than by a dozen lookups,
# a reverse and a date filter a row.
_TARGET = (
    '\n    <li><a href="{}">{}</a>: <strong>{}</strong>, {}% done with {}% of the time gone '
    "(by {}; {})</li>\n  "
)


def dashboard_panels(request, access):
    """The plan's overdue or off-track targets to their owners; the Secretary and the Chair see
    the rule status of the team and what to report."""
    on = timezone.localdate()
    panels = []
    if targets := plan_selectors.targets_needing_attention(access.owned_post_ids, on):
        href = url_of("officers:target")
        rows = [
            format_html(
                _TARGET,
                href(p.target.pk),
                p.target,
                p.label,
                p.done,
                p.elapsed,
                day(p.target.due_on),
                p.target.owner,
            )
            for p in targets
        ]
        panels.append({"template": "officers/panels/targets.html", "targets": rows})
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

"""What a new officer's welcome (officers.elections) says about meetings: the open actions
their post owns and the next meetings. Handed down to officers through the
OFFICERS_WELCOME_EXTRAS setting, since officers sits below meetings."""

from django.utils import timezone

from meetings.models import Action, Meeting
from meetings.selectors import CLP_BODY_KINDS


def welcome_extras(*, post_id, branch_id=None, now=None):
    """{"actions": [lines], "meetings": [lines]} for the holder of `post_id`."""
    now = now or timezone.now()
    actions = Action.objects.open().filter(owner_post_id=post_id).order_by("due_on", "pk")[:20]
    meetings = Meeting.objects.filter(starts_at__gte=now).order_by("starts_at")
    meetings = meetings.filter(branch_id=branch_id) if branch_id else meetings.filter(kind__in=CLP_BODY_KINDS)
    return {
        "actions": [f"{a.description} (due {a.due_on:%-d %B %Y})" for a in actions],
        "meetings": [
            f"{m}: {timezone.localtime(m.starts_at):%A %-d %B %Y, %H:%M}"
            + (f", {m.venue}" if m.venue else "")
            for m in meetings[:3]
        ],
    }

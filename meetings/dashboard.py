"""The dashboard panels: the next meetings this person is expected at (with the papers and
their apologies), and the actions this person (or a post they hold) owns."""

from django.db.models import Prefetch
from django.utils import timezone

from meetings import selectors
from meetings.models import Paper

NEXT_MEETINGS = 5


def dashboard_panels(request, access):
    if not access.person_id:
        return []
    return _next_meetings(request, access) + _actions(access)


def _next_meetings(request, access):
    """Officers and delegates see their next meetings with the papers; a member with no post,
    the General Meetings and AGM they may attend. Each with their apologies, sent or not."""
    person = request.user.person
    meetings = list(
        selectors.meetings_expecting(person).prefetch_related(
            Prefetch("items__papers", queryset=Paper.objects.order_by("pk"))
        )[:NEXT_MEETINGS]
    )
    if not meetings:
        return []
    sent = selectors.apologies_of(person, meetings)
    rows = [
        {
            "meeting": m,
            "sent": m.pk in sent,
            "visible": access.can_see_meeting(m),
            "papers": [p for item in m.items.all() for p in item.papers.all()],
        }
        for m in meetings
    ]
    return [{"template": "meetings/panels/my_meetings.html", "meetings": rows}]


def _actions(access):
    today = timezone.localdate()
    # An action can come from a meeting the owner cannot open (another branch's, say):
    # it is still theirs to do, but the meeting is named without a link.
    actions = [
        (a, a.state(today), access.can_see_meeting(a)) for a in selectors.actions_for_owner(access)[:20]
    ]
    if not actions:
        return []
    return [{"template": "meetings/panels/my_actions.html", "actions": actions}]

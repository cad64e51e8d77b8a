"""The dashboard panels: the next meetings this person is expected at (with the papers and
their apologies), and the actions this person (or a post they hold) owns."""

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
    meetings = list(selectors.meetings_expecting(person)[:NEXT_MEETINGS])
    if not meetings:
        return []
    sent = selectors.apologies_of(person, meetings)
    visible = {m.pk: access.can_see_meeting(m) for m in meetings}
    # The papers of the meetings this person may open, in one query and in agenda order
    # (rather than every agenda item of five meetings, prefetched only to reach their papers).
    papers = {}
    shown = [pk for pk, v in visible.items() if v]
    if shown:
        for paper in (
            Paper.objects.filter(item__meeting_id__in=shown)
            .order_by("item__order", "item_id", "pk")
            .values("pk", "title", "item__meeting_id")
        ):
            papers.setdefault(paper["item__meeting_id"], []).append(paper)
    rows = [
        {"meeting": m, "sent": m.pk in sent, "visible": visible[m.pk], "papers": papers.get(m.pk, [])}
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

"""The dashboard panel: the actions this person (or a post they hold) owns."""

from django.utils import timezone

from meetings import selectors


def dashboard_panels(request, access):
    if not access.person_id:
        return []
    today = timezone.localdate()
    # An action can come from a meeting the owner cannot open (another branch's, say):
    # it is still theirs to do, but the meeting is named without a link.
    actions = [
        (a, a.state(today), access.can_see_meeting(a)) for a in selectors.actions_for_owner(access)[:20]
    ]
    if not actions:
        return []
    return [{"template": "meetings/panels/my_actions.html", "actions": actions}]

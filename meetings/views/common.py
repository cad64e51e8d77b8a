"""What every meetings view needs: the object a URL names, for the user who asks, and the
way back to the page a form was posted from.

Each `<object>_for_user` returns the object, or raises 404 when its meeting is out of the
user's reach (another branch's: nothing leaks) or 403 when they may not do `allow` to it
(a CLP meeting they are not entitled to see, or may see but not change). Who may do what is
decided in officers.access; these only name the permission."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from clp.core.access import object_for_user
from clp.core.forms import attempt
from meetings import selectors
from meetings.models import Action, AgendaItem, Attendance, Decision, Meeting, Paper

REACH = "reaches_meeting"


def meeting_for_user(request, pk, *, allow, agenda=()):
    """agenda: with its items and these lists of each (selectors.AGENDA for the agenda page,
    MINUTES for the minutes), read once the user may see it."""
    if not agenda:
        return object_for_user(
            request, Meeting.objects.select_related("branch"), reach=REACH, allow=allow, pk=pk
        )
    meeting = object_for_user(request, selectors.meetings_for_agenda(), reach=REACH, allow=allow, pk=pk)
    return selectors.with_agenda(meeting, agenda)


def item_for_user(request, pk, *, allow):
    items = AgendaItem.objects.select_related("meeting__branch")
    return object_for_user(request, items, reach=REACH, allow=allow, pk=pk)


def paper_for_user(request, pk, *, allow):
    papers = Paper.objects.select_related("item__meeting")
    return object_for_user(request, papers, reach=REACH, allow=allow, pk=pk)


def action_for_user(request, pk, *, allow):
    actions = Action.objects.select_related("item__meeting")
    return object_for_user(request, actions, reach=REACH, allow=allow, pk=pk)


def decision_for_user(request, pk, *, allow):
    decisions = Decision.objects.select_related("item__meeting__branch")
    return object_for_user(request, decisions, reach=REACH, allow=allow, pk=pk)


def visitor_for_user(request, pk, *, allow):
    """A visitor's attendance row (a member's row is not one: 404)."""
    rows = Attendance.objects.select_related("meeting")
    return object_for_user(request, rows, reach=REACH, allow=allow, pk=pk, person=None)


def back(meeting, anchor=""):
    return redirect(reverse("meetings:detail", kwargs={"pk": meeting.pk}) + anchor)


def minutes_back(meeting, item=None):
    return redirect(
        reverse("meetings:minutes", kwargs={"pk": meeting.pk}) + (f"#item-{item.pk}" if item else "")
    )


def step(request, pk, service, done):
    """One step in a meeting's life (agree, circulate, held, approve): the service's warnings
    and refusals are shown on the meeting's page."""
    meeting = meeting_for_user(request, pk, allow="can_edit_meeting")
    ok, warnings = attempt(request, service, meeting=meeting)
    if ok:
        for warning in warnings if isinstance(warnings, list) else []:
            messages.warning(request, warning)
        messages.success(request, done)
    return back(meeting)

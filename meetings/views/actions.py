"""Actions: the tracker, and ticking one off (recording one on an item is in views.minutes)."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clp.core.access import access_for, require
from clp.core.bounds import next_url
from clp.core.forms import attempt
from meetings import selectors, services
from meetings.views.common import action_for_user

TRACKER_LIMIT = 300


@require("can_use_meetings")
def tracker(request):
    access = access_for(request.user)
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    actions = selectors.actions_visible(access)
    if state == "overdue":
        actions = actions.overdue(today)
    elif state == "done":
        actions = actions.exclude(done_on=None).order_by("-done_on")
    else:
        state = "open"
        actions = actions.open()
    rows = [(a, a.state(today), access.can_edit_meeting(a)) for a in actions[:TRACKER_LIMIT]]
    return render(request, "meetings/actions.html", {"rows": rows, "state": state})


@require("can_use_meetings")
@require_POST
def action_done(request, pk):
    action = action_for_user(request, pk, allow="can_complete_action")
    ok, _ = attempt(request, services.action_complete, action=action)
    if ok:
        messages.success(request, "Action marked as done.")
    return HttpResponseRedirect(next_url(request, reverse("meetings:actions")))

"""Actions: the tracker, and ticking one off (recording one on an item is in views.minutes)."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clp.core import bounds
from clp.core.access import access_for, require
from clp.core.bounds import next_url
from clp.core.forms import attempt
from clp.core.pages import CountedPaginator, pager
from meetings import rows, selectors, services
from meetings.views.common import action_for_user, meeting_for_user

TRACKER_PAGE = 50


@require("can_use_meetings")
def tracker(request):
    """Every action the user's meetings hold, a page at a time with the count: open (the
    default), overdue or done; ?for=MEETING narrows it to the open actions from the earlier
    meetings of that meeting's body that are not due to report at it (the rest of its matters
    arising)."""
    access = access_for(request.user)
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    for_meeting = None
    meeting_pk = bounds.int_param(request, "for", low=1)
    if meeting_pk:
        for_meeting = meeting_for_user(request, meeting_pk, allow="can_see_meeting")
        state = "open"
        actions = selectors.other_open_actions(for_meeting).filter(
            item__meeting__in=selectors.visible_meetings(access)
        )
    else:
        actions = selectors.actions_visible(access)
        if state == "overdue":
            actions = actions.overdue(today).order_by("due_on", "pk")
        elif state == "done":
            actions = actions.exclude(done_on=None).order_by("-done_on", "-pk")
        else:
            state = "open"
            actions = actions.open().order_by("due_on", "pk")
    # Counted without the joins the rows read (the owner's, the meeting's): a COUNT over them
    # took 4 ms at the large CLP, over the actions alone 1 ms.
    listed = actions.values_list(*rows.TRACKER_FIELDS)
    page = CountedPaginator(listed, TRACKER_PAGE, count=actions.count()).get_page(request.GET.get("page"))
    query = f"for={for_meeting.pk}&" if for_meeting else f"state={state}&"
    return render(
        request,
        "meetings/actions.html",
        {
            "rows": rows.tracker_rows(request, page.object_list, access, today),
            **pager(page, query),
            "state": state,
            "for_meeting": for_meeting,
        },
    )


@require("can_use_meetings")
@require_POST
def action_done(request, pk):
    action = action_for_user(request, pk, allow="can_complete_action")
    ok, _ = attempt(request, services.action_complete, action=action)
    if ok:
        messages.success(request, "Action marked as done.")
    return HttpResponseRedirect(next_url(request, reverse("meetings:actions")))

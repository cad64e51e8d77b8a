"""Planning: the list of meetings, one meeting, a year of them, a meeting's details."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from clp.core.access import access_for, require
from clp.core.forms import attempt
from clp.core.once import submit_once
from meetings import selectors, services
from meetings.forms import CancelForm, MeetingForm, PlanYearForm
from meetings.models import Meeting
from meetings.rows import meeting_rows
from meetings.views.common import back, meeting_for_user


@require("can_use_meetings")
def index(request):
    upcoming, past = selectors.meeting_list(access_for(request.user))
    context = {"upcoming": upcoming, "past": past}
    context.update(upcoming_rows=meeting_rows(upcoming), past_rows=meeting_rows(past))
    return render(request, "meetings/index.html", context)


@require("can_plan_meetings")
@submit_once
def create(request):
    form = MeetingForm(request.POST or None, access=access_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, meeting = attempt(
            request,
            services.meeting_plan,
            kind=data["kind"],
            branch=data["branch"],
            title=data["title"],
            starts_at=data["starts_at"],
            venue=data["venue"],
            online_link=data["online_link"],
        )
        if ok:
            messages.success(request, f"{meeting} is planned, with the standing items on its agenda.")
            for warning in services.notice_warnings(meeting):
                messages.warning(request, warning)
            return back(meeting)
    return render(request, "meetings/form.html", {"form": form, "heading": "Plan a meeting"})


@require("can_plan_meetings")
@submit_once
def plan_year(request):
    form = PlanYearForm(
        request.POST or None, access=access_for(request.user), initial={"first_month": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, planned = attempt(
            request,
            services.meetings_plan_year,
            kind=data["kind"],
            branch=data["branch"],
            first_month=data["first_month"],
            months=data["months"],
            weekday=data["weekday"],
            nth=data["nth"],
            start_time=data["start_time"],
            venue=data["venue"],
            online_link=data["online_link"],
            skip_months=(8,) if data["skip_august"] else (),
        )
        if ok:
            messages.success(request, f"{len(planned)} meetings planned.")
            return redirect("meetings:index")
    return render(request, "meetings/form.html", {"form": form, "heading": "Plan a year of meetings"})


@require("can_use_meetings")
def edit(request, pk):
    meeting = meeting_for_user(request, pk, allow="can_edit_meeting")
    if meeting.minutes_locked:
        messages.info(request, "The minutes of this meeting are approved: its details no longer change.")
        return back(meeting)
    form = MeetingForm(request.POST or None, instance=meeting, access=access_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = attempt(
            request,
            services.meeting_update,
            # a fresh copy: validating the form has already set the new values on `meeting`,
            # and the service compares the date with the one saved
            meeting=Meeting.objects.get(pk=pk),
            title=data["title"],
            starts_at=data["starts_at"],
            venue=data["venue"],
            online_link=data["online_link"],
            tell=data.get("tell", False),
        )
        if ok:
            messages.success(request, "Meeting details saved.")
            if data.get("tell"):
                messages.success(request, "Those who received the papers are sent the correction.")
            for warning in services.notice_warnings(meeting) if "starts_at" in form.changed_data else []:
                messages.warning(request, warning)
            return back(meeting)
    return render(
        request, "meetings/form.html", {"form": form, "heading": f"Change {meeting}", "meeting": meeting}
    )


@require("can_use_meetings")
@submit_once
def cancel(request, pk):
    """ "Cancel this meeting": a confirmation with an optional reason (and, once the papers have
    gone out, whether to tell those who received them). A second submit is told it is done."""
    meeting = meeting_for_user(request, pk, allow="can_edit_meeting")
    if request.method == "GET" and (meeting.cancelled or meeting.reached_held):
        messages.info(
            request, "This meeting is already cancelled." if meeting.cancelled else "This meeting was held."
        )
        return back(meeting)
    form = CancelForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = attempt(
            request,
            services.meeting_cancel,
            meeting=meeting,
            reason=data["reason"],
            tell=data.get("tell", False),
        )
        if ok:
            messages.success(request, f"{meeting} is cancelled.")
            if data.get("tell"):
                messages.success(request, "Those who received the papers are sent the cancellation notice.")
        return back(meeting)
    return render(request, "meetings/cancel.html", {"form": form, "meeting": meeting})

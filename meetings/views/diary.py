"""The events diary: the month's events, putting one in, changing it, the month's PDF and
the public calendar feed."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from clp.core.access import access_for, object_for_user, require
from clp.core.bounds import int_param, year_param
from clp.core.exports import download
from clp.core.forms import attempt
from clp.core.once import submit_once
from meetings import diary, exports, feeds, services
from meetings.forms import DiaryEventForm, DiaryOutcomeForm
from meetings.models import DiaryEvent
from meetings.rows import diary_rows

FIELDS = [
    "title", "kind", "starts_at", "ends_at", "is_public", "venue", "online_link", "description",
    "organiser_post", "organiser_person", "target",
]  # fmt: skip


def _month(request):
    today = timezone.localdate()
    year = year_param(request, default=today.year)
    month = int_param(request, "month", default=today.month if year == today.year else 1, low=1, high=12)
    return year, month


def _month_url(day):
    return f"{reverse('meetings:diary')}?year={day.year}&month={day.month}"


@require("can_see_diary")
def index(request):
    year, month = _month(request)
    first = datetime.date(year, month, 1)
    previous = first - datetime.timedelta(days=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    events = diary.month_events(year, month, members=True)
    context = {
        "events": events,
        "diary_rows": diary_rows(events, access_for(request.user)),
        "month": first,
        "previous_url": _month_url(previous) if previous.year >= 1900 else "",
        "next_url": _month_url(following) if following.year <= 2100 else "",
        "chart": exports.diary_chart(diary.events_per_month(year, members=True), year),
        "public_feed_url": request.build_absolute_uri(reverse("meetings:diary_feed")),
    }
    return render(request, "meetings/diary/index.html", context)


@require("can_plan_events")
@submit_once
def create(request):
    form = DiaryEventForm(request.POST or None, access=access_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, event = attempt(
            form,
            services.event_create,
            by=request.user,
            branch=data["branch"],
            **{f: data[f] for f in FIELDS},
        )
        if ok:
            messages.success(request, f"{event} is in the diary.")
            return redirect(_month_url(timezone.localdate(event.starts_at)))
    return render(request, "meetings/diary/form.html", {"form": form, "heading": "Put an event in the diary"})


@require("can_see_diary")
def edit(request, pk):
    event = object_for_user(
        request,
        DiaryEvent.objects.select_related("branch"),
        reach="reaches_event",
        allow="can_edit_event",
        pk=pk,
    )
    form = DiaryOutcomeForm(request.POST or None, instance=event, access=access_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, event = attempt(
            form,
            services.event_update,
            event=event,
            attendance=data["attendance"],
            raised=data["raised"],
            cancelled=data["cancelled"],
            **{f: data[f] for f in FIELDS},
        )
        if ok:
            messages.success(request, f"{event} is saved.")
            return redirect(_month_url(timezone.localdate(event.starts_at)))
    return render(
        request, "meetings/diary/form.html", {"form": form, "heading": f"Change {event}", "event": event}
    )


@require("can_see_diary")
def month_pdf(request, year, month):
    if not (1 <= month <= 12 and 1900 <= year <= 2100):
        return redirect("meetings:diary")
    return download(exports.diary_month_pdf(year, month, members=True))


@login_not_required
def public_feed(request):
    """The diary's public events, for anyone and for the CLP's website: no login, nothing
    members-only."""
    response = HttpResponse(feeds.public_calendar(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "public, max-age=900"
    return response

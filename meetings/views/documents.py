"""Documents: the agenda and minutes PDFs, and each person's private calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from clp.core.access import require
from clp.core.exports import download
from meetings import exports, feeds, services
from meetings.views.common import meeting_for_user


@require("can_use_meetings")
def agenda_pdf(request, pk):
    meeting = meeting_for_user(request, pk, allow="can_see_meeting")
    return download(exports.agenda_pdf(meeting.pk))


@require("can_use_meetings")
def minutes_pdf(request, pk):
    meeting = meeting_for_user(request, pk, allow="can_read_minutes")
    return download(exports.minutes_pdf(meeting.pk))


def _person(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404("Only people on the CLP's records have a calendar feed.")
    return person


@require("can_see_diary")
def calendar(request):
    feed = services.calendar_feed_for(_person(request))
    url = request.build_absolute_uri(reverse("meetings:feed", kwargs={"token": feed.token}))
    return render(request, "meetings/calendar.html", {"feed_url": url})


@require("can_see_diary")
@require_POST
def calendar_reset(request):
    services.calendar_feed_reset(person=_person(request))
    messages.success(request, "Your calendar has a new private address; the old one no longer works.")
    return redirect("meetings:calendar")


@login_not_required
def feed(request, token):
    """The calendar feed: no login, the token in the address is the key."""
    calendar_bytes = feeds.calendar_for_token(token)
    if calendar_bytes is None:
        raise Http404("No such calendar.")
    response = HttpResponse(calendar_bytes, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"  # the address is a secret: no shared caches
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response

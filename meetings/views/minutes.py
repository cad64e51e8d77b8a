"""The minutes: the page, each item's note and decisions, approval at the next meeting, and
amendments to approved minutes. Actions recorded on an item are in views.actions."""

from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clp.core.access import access_for, require
from clp.core.forms import attempt
from clp.core.once import submit_once
from meetings import rules, selectors, services
from meetings.forms import ActionForm, AmendmentForm, DecisionForm, NoteForm
from meetings.models import Attendance
from meetings.views.common import item_for_user, meeting_for_user, minutes_back, step


@require("can_use_meetings")
def minutes(request, pk):
    meeting = meeting_for_user(request, pk, allow="can_read_minutes", agenda=True)
    access = access_for(request.user)
    attendance = list(selectors.attendance_for(meeting))
    next_meeting = selectors.next_meeting(meeting)
    context = {
        "meeting": meeting,
        # numbered as on the circulated agenda: items for information have no number
        "items": rules.agenda_numbers(meeting.items.all()),
        "present": [a.name for a in attendance if a.status == Attendance.Status.PRESENT and not a.is_visitor],
        "apologies": [a.name for a in attendance if a.status == Attendance.Status.APOLOGIES],
        "visitors": [a.name for a in attendance if a.is_visitor],
        "can_edit": access.can_edit_meeting(meeting),
        "can_see_meeting": access.can_see_meeting(meeting),
        "can_approve_now": bool(next_meeting and next_meeting.starts_at <= timezone.now()),
        "quorum": selectors.quorum_for(meeting, attendance=attendance),
        "amendment_form": AmendmentForm(meeting=meeting) if meeting.minutes_locked else None,
        "next_meeting": next_meeting,
        "today": timezone.localdate(),
    }
    return render(request, "meetings/minutes.html", context)


@require("can_use_meetings")
def item_minutes(request, pk):
    return item_minutes_page(request, item_for_user(request, pk, allow="can_edit_meeting"), status=200)


def item_minutes_page(request, item, status=400, *, decision_form=None, action_form=None):
    """The page for minuting one item; a form posted with errors comes back on it (400)."""
    context = {
        "item": item,
        "meeting": item.meeting,
        "note_form": NoteForm(instance=item),
        "decision_form": decision_form or DecisionForm(),
        "action_form": action_form or ActionForm(access=access_for(request.user)),
        "quorum": selectors.quorum_for(item.meeting),
        "decisions": item.decisions.all(),
        "actions": item.actions.select_related("owner_person", "owner_post"),
    }
    return render(request, "meetings/item_minutes.html", context, status=status)


@require("can_use_meetings")
@require_POST
def item_note(request, pk):
    item = item_for_user(request, pk, allow="can_edit_meeting")
    form = NoteForm(request.POST)
    if form.is_valid():
        ok, _ = attempt(request, services.item_note_save, item=item, note=form.cleaned_data["note"])
        if ok:
            messages.success(request, "Note saved.")
    return minutes_back(item.meeting, item)


@require("can_use_meetings")
@require_POST
@submit_once
def decision_add(request, pk):
    item = item_for_user(request, pk, allow="can_edit_meeting")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return item_minutes_page(request, item, decision_form=form)
    data = form.cleaned_data
    ok, decision = attempt(
        form,
        services.decision_record,
        item=item,
        motion=data["motion"],
        outcome=data["outcome"],
        votes_for=data["votes_for"],
        votes_against=data["votes_against"],
        abstentions=data["abstentions"],
    )
    if not ok:
        return item_minutes_page(request, item, decision_form=form)
    if not decision.quorate:
        messages.warning(
            request, "The meeting was not quorate: the decision is recorded as taken without a quorum."
        )
    messages.success(request, "Decision recorded.")
    return minutes_back(item.meeting, item)


@require("can_use_meetings")
@require_POST
def approve(request, pk):
    return step(
        request,
        pk,
        services.minutes_approve,
        "The minutes are approved, locked and sent to the branch secretaries and officers.",
    )


@require("can_use_meetings")
@require_POST
def amend(request, pk):
    meeting = meeting_for_user(request, pk, allow="can_edit_meeting")
    form = AmendmentForm(request.POST, meeting=meeting)
    if form.is_valid():
        ok, _ = attempt(
            request,
            services.amendment_record,
            meeting=meeting,
            item=form.cleaned_data["item"],
            correction=form.cleaned_data["correction"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        if ok:
            messages.success(request, "The amendment is recorded beside the approved minutes.")
    else:
        messages.error(request, "Give the correction and the reason for it.")
    return minutes_back(meeting)

"""The meeting itself: marking it held, taking attendance (with the quorum), visitors."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clp.core.access import require
from clp.core.forms import attempt
from clp.core.once import submit_once
from meetings import selectors, services
from meetings.forms import AttendanceFormSet, VisitorForm
from meetings.models import Attendance
from meetings.views.common import meeting_for_user, step, visitor_for_user


def _person_id(form):
    value = str(form["person"].value() or "")
    return int(value) if value.isdigit() and len(value) < 19 else None


@require("can_use_meetings")
@require_POST
def mark_held(request, pk):
    return step(
        request,
        pk,
        services.meeting_mark_held,
        "The meeting is marked as held: take attendance and the minutes.",
    )


@require("can_use_meetings")
def attendance(request, pk, visitor_form=None):
    meeting = meeting_for_user(request, pk, allow="can_edit_meeting")
    expected = selectors.expected_attendees(meeting)
    all_recorded = list(selectors.attendance_for(meeting))
    recorded = {a.person_id: a for a in all_recorded if not a.is_visitor}
    visitors = [a for a in all_recorded if a.is_visitor]
    people = {p.pk: p for p, _ in expected}
    people.update({a.person_id: a.person for a in recorded.values()})
    voting_by_default = {p.pk: v for p, v in expected}
    initial = [
        {
            "person": pk_,
            "status": recorded[pk_].status if pk_ in recorded else Attendance.Status.ABSENT,
            "voting": recorded[pk_].voting if pk_ in recorded else voting_by_default.get(pk_, False),
        }
        for pk_ in people
    ]
    posted = request.POST if visitor_form is None and request.method == "POST" else None
    # Rows only for the people on this meeting's list: a posted id of anyone else is refused.
    formset = AttendanceFormSet(posted, initial=initial, form_kwargs={"people": set(people)})
    if posted is not None:
        if formset.is_valid():
            rows = [
                (f.cleaned_data["person"], f.cleaned_data["status"], f.cleaned_data["voting"])
                for f in formset
            ]
            ok, _ = attempt(request, services.attendance_record, meeting=meeting, rows=rows)
            if ok:
                quorum = selectors.quorum_for(meeting, expected=expected)
                messages.success(request, "Attendance saved.")
                if not quorum.met:
                    messages.warning(
                        request,
                        f"The meeting is not quorate: {quorum.present_voting} voting members present, "
                        f"{quorum.needed} needed.",
                    )
                return redirect("meetings:attendance", pk=meeting.pk)
        elif formset.non_form_errors():
            # The rows posted are not this page's: show the list as it stands, and say why.
            for error in formset.non_form_errors():
                messages.error(request, error)
            formset = AttendanceFormSet(initial=initial, form_kwargs={"people": set(people)})
        else:
            messages.error(request, "Some rows could not be read; please check them.")
    quorum = selectors.quorum_for(meeting, attendance=all_recorded, expected=expected)
    rows = [(form, people.get(_person_id(form))) for form in formset]
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "formset": formset,
            "rows": rows,
            "quorum": quorum,
            "visitors": visitors,
            "visitor_form": visitor_form or VisitorForm(),
        },
        status=400 if visitor_form is not None else 200,
    )


@require("can_use_meetings")
@require_POST
@submit_once
def visitor_add(request, pk):
    """A visitor at the meeting: named in the minutes, never voting."""
    meeting = meeting_for_user(request, pk, allow="can_edit_meeting")
    form = VisitorForm(request.POST)
    if form.is_valid():
        ok, _ = attempt(
            request,
            services.attendance_visitor_add,
            meeting=meeting,
            name=form.cleaned_data["name"],
            visitor_from=form.cleaned_data["visitor_from"],
        )
        if ok:
            messages.success(request, f"{form.cleaned_data['name']} added as a visitor (no vote).")
            return redirect("meetings:attendance", pk=meeting.pk)
    return attendance(request, meeting.pk, visitor_form=form)


@require("can_use_meetings")
@require_POST
def visitor_remove(request, pk):
    row = visitor_for_user(request, pk, allow="can_edit_meeting")
    ok, _ = attempt(request, services.attendance_visitor_remove, attendance=row)
    if ok:
        messages.success(request, f"{row.visitor_name} removed from the visitors.")
    return redirect("meetings:attendance", pk=row.meeting_id)

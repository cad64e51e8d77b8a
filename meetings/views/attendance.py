"""The meeting itself: marking it held, taking attendance (with the quorum), visitors."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clp.core.access import access_for, require
from clp.core.bounds import next_url
from clp.core.forms import attempt
from clp.core.once import submit_once
from meetings import selectors, services
from meetings.forms import AttendanceFormSet, AttendanceRowForm, VisitorForm
from meetings.models import Attendance
from meetings.rows import attendance_rows
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


def _the_list(meeting):
    """(expected, {person id: their row}, visitors, {person id: person}) for the attendance list."""
    expected = selectors.expected_attendees(meeting)
    recorded = list(selectors.attendance_for(meeting))
    rows = {a.person_id: a for a in recorded if not a.is_visitor}
    people = {p.pk: p for p, _ in expected}
    people.update({a.person_id: a.person for a in rows.values()})
    return expected, recorded, rows, people


def _formset(meeting, posted=None):
    expected, recorded, rows, people = _the_list(meeting)
    initial = [
        {"person": pk_, "status": rows[pk_].presence if pk_ in rows else Attendance.Status.ABSENT}
        for pk_ in people
    ]
    formset = AttendanceFormSet(posted, initial=initial, form_kwargs={"people": set(people)})
    return formset, expected, recorded, people


def _save(request, meeting, formset, expected):
    """The posted list, saved; the voting comes from the list expected, never from the form."""
    voting = {p.pk: v for p, v in expected}
    chosen = [(f.cleaned_data["person"], f.cleaned_data["status"]) for f in formset]
    rows = [
        (person, Attendance.Status.PRESENT if status == "online" else status, voting.get(person.pk, False))
        for person, status in chosen
    ]
    online = [person for person, status in chosen if status == "online"]
    return attempt(request, services.attendance_record, meeting=meeting, rows=rows, online=online)


@require("can_use_meetings")
def attendance(request, pk, visitor_form=None):
    meeting = meeting_for_user(request, pk, allow="can_edit_meeting")
    posted = request.POST if visitor_form is None and request.method == "POST" else None
    if meeting.minutes_locked:
        posted = None  # approved minutes: the list is shown, not changed
    # Rows only for the people on this meeting's list: a posted id of anyone else is refused.
    formset, expected, recorded, people = _formset(meeting, posted)
    if posted is not None:
        if formset.is_valid():
            ok, _ = _save(request, meeting, formset, expected)
            if ok and not request.htmx:
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
            formset, expected, recorded, people = _formset(meeting)
        else:
            messages.error(request, "Some rows could not be read; please check them.")
        if request.htmx:  # one row changed: the quorum as it now stands
            return render(request, "meetings/_quorum.html", {"quorum": selectors.quorum_for(meeting)})
    return render(
        request,
        "meetings/attendance.html",
        _context(meeting, formset, expected, recorded, people, visitor_form),
        status=400 if visitor_form is not None else 200,
    )


def _context(meeting, formset, expected, recorded, people, visitor_form=None):
    voting = {p.pk: v for p, v in expected}
    posts = selectors.posts_held(people.values(), timezone.localdate(meeting.starts_at))
    # Each row's status is written out in Python (as the form's hidden person field and radio
    # buttons would be): the form widgets' templates, row by row, were most of the page, and
    # then the template's loop. A list not posted has its rows' prefixes and statuses from the
    # formset's initial data: its 40-odd forms need not be made only to be read back.
    if formset.is_bound:
        rows = [
            (
                form.prefix,
                person,
                posts.get(person.pk, ""),
                voting.get(person.pk, False),
                form["status"].value(),
            )
            for form in formset
            if (person := people.get(_person_id(form)))
        ]
    else:
        rows = [
            (
                formset.add_prefix(i),
                people[row["person"]],
                posts.get(row["person"], ""),
                voting.get(row["person"], False),
                row["status"],
            )
            for i, row in enumerate(formset.initial)
        ]
    return {
        "meeting": meeting,
        "formset": formset,
        "rows": rows,
        "attendance_rows": attendance_rows(rows, AttendanceRowForm.PRESENCE),
        "presence": AttendanceRowForm.PRESENCE,
        "quorum": selectors.quorum_for(meeting, attendance=recorded, expected=expected),
        "visitors": [a for a in recorded if a.is_visitor],
        "visitor_form": visitor_form or VisitorForm(),
    }


@require("can_use_meetings")
@require_POST
def all_present(request, pk):
    """ "Mark all present": everyone expected, but those who sent apologies; then the exceptions."""
    meeting = meeting_for_user(request, pk, allow="can_edit_meeting")
    ok, marked = attempt(request, services.attendance_mark_all_present, meeting=meeting)
    if ok and request.htmx:
        formset, expected, recorded, people = _formset(meeting)
        return render(
            request, "meetings/_attendance.html", _context(meeting, formset, expected, recorded, people)
        )
    if ok:
        messages.success(request, f"{marked} marked present: now change the exceptions.")
    return redirect("meetings:attendance", pk=meeting.pk)


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


@require("can_send_apologies")
def apologies(request, pk):
    """Someone's own apologies for a meeting they are expected at (from the meeting's page,
    their dashboard or the link in the circulation email). Any other meeting: 404."""
    person = request.user.person
    meeting = get_object_or_404(selectors.meetings_expecting(person), pk=pk)
    sent = meeting.pk in selectors.apologies_of(person, [meeting])
    if request.method == "POST":
        what = request.POST.get("apologies")
        if what == "send" and not sent:
            ok, _ = attempt(request, services.apologies_send, meeting=meeting, person=person)
            if ok:
                messages.success(request, f"Your apologies for {meeting} are sent to the Secretary.")
        elif what == "withdraw" and sent:
            ok, _ = attempt(request, services.apologies_withdraw, meeting=meeting, person=person)
            if ok:
                messages.success(request, f"Your apologies for {meeting} are withdrawn: see you there.")
        here = reverse("meetings:apologies", kwargs={"pk": meeting.pk})
        return HttpResponseRedirect(next_url(request, here))
    return render(
        request,
        "meetings/apologies.html",
        {
            "meeting": meeting,
            "sent": sent,
            "can_see_meeting": access_for(request.user).can_see_meeting(meeting),
        },
    )

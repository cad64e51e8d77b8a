"""Meeting pages. Thin: parse, check access (meetings.access), call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from meetings import access as rights
from meetings import exports, feeds, selectors, services
from meetings.forms import (
    ActionForm,
    AmendmentForm,
    AttendanceFormSet,
    DecisionForm,
    ItemForm,
    MeetingForm,
    NoteForm,
    PaperForm,
    PlanYearForm,
    StandingOrderForm,
    VisitorForm,
)
from meetings.models import Action, AgendaItem, Attendance, Meeting, Paper, StandingOrder
from officers.access import access_for, require

uses_meetings = require(
    rights.uses_meetings, "Meetings are for the CLP's officers, EC members and branch officers."
)
plans_meetings = require(
    rights.can_plan, "Only the Secretary, the Chair or a branch secretary plans meetings."
)


def _meeting_for_user(request, pk, *, edit=False, agenda=False, minutes=False):
    """The meeting, or 404 (another branch's) / 403 (can see it but not change it).
    minutes=True: also for a branch officer reading a CLP meeting's approved minutes."""
    access = access_for(request.user)
    meeting = (
        selectors.meeting_with_agenda(pk)
        if agenda
        else get_object_or_404(Meeting.objects.select_related("branch"), pk=pk)
    )
    check = rights.check_edit if edit else rights.check_read_minutes if minutes else rights.check_see
    check(access, meeting)
    return meeting


def _item_for_user(request, pk, *, edit=True):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__branch"), pk=pk)
    access = access_for(request.user)
    (rights.check_edit if edit else rights.check_see)(access, item.meeting)
    return item


def _errors(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def _back(meeting, anchor=""):
    return redirect(reverse("meetings:detail", kwargs={"pk": meeting.pk}) + anchor)


def _minutes_back(meeting, item=None):
    return redirect(
        reverse("meetings:minutes", kwargs={"pk": meeting.pk}) + (f"#item-{item.pk}" if item else "")
    )


# --- Lists ------------------------------------------------------------------------------


@uses_meetings
def index(request):
    access = access_for(request.user)
    upcoming, past = selectors.meeting_list(access)
    return render(
        request,
        "meetings/index.html",
        {"upcoming": upcoming, "past": past, "can_plan": rights.can_plan(access)},
    )


@uses_meetings
def actions(request):
    access = access_for(request.user)
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    qs = selectors.actions_visible(access)
    if state == "overdue":
        qs = qs.overdue(today)
    elif state == "done":
        qs = qs.exclude(done_on=None).order_by("-done_on")
    else:
        state = "open"
        qs = qs.open()
    rows = [(a, a.state(today), rights.can_edit(access, a.item.meeting)) for a in qs[:300]]
    return render(request, "meetings/actions.html", {"rows": rows, "state": state})


# --- Planning -----------------------------------------------------------------------------


@plans_meetings
def create(request):
    access = access_for(request.user)
    form = MeetingForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        if not rights.can_edit(
            access, Meeting(kind=form.cleaned_data["kind"], branch=form.cleaned_data["branch"])
        ):
            messages.error(request, "You can only plan meetings you run.")
        else:
            try:
                meeting = services.meeting_plan(**form.cleaned_data)
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, f"{meeting} is planned, with the standing items on its agenda.")
                return _back(meeting)
    return render(request, "meetings/form.html", {"form": form, "heading": "Plan a meeting"})


@plans_meetings
def plan_year(request):
    access = access_for(request.user)
    form = PlanYearForm(request.POST or None, access=access, initial={"first_month": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind, branch = data["kind"], data["branch"]
        if not rights.can_edit(access, Meeting(kind=kind, branch=branch)):
            messages.error(request, "You can only plan meetings you run.")
        else:
            planned = services.meetings_plan_year(
                kind=kind,
                branch=branch,
                first_month=data["first_month"],
                months=data["months"],
                weekday=data["weekday"],
                nth=data["nth"],
                start_time=data["start_time"],
                venue=data["venue"],
                online_link=data["online_link"],
                skip_months=(8,) if data["skip_august"] else (),
            )
            messages.success(request, f"{len(planned)} meetings planned.")
            return redirect("meetings:index")
    return render(request, "meetings/form.html", {"form": form, "heading": "Plan a year of meetings"})


@uses_meetings
def edit(request, pk):
    meeting = _meeting_for_user(request, pk, edit=True)
    form = MeetingForm(request.POST or None, instance=meeting, access=access_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=Meeting.objects.get(pk=pk), **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Meeting details saved.")
            return _back(meeting)
    return render(
        request, "meetings/form.html", {"form": form, "heading": f"Change {meeting}", "meeting": meeting}
    )


# --- The agenda ---------------------------------------------------------------------------


def _agenda_context(request, meeting):
    access = access_for(request.user)
    rule = selectors.standing_order_for(meeting.kind, timezone.localdate(meeting.starts_at))
    items = list(meeting.items.all())
    table = selectors.rules.timetable(
        items, timezone.localtime(meeting.starts_at), limit_minutes=rule.max_minutes
    )
    return {
        "meeting": meeting,
        "timetable": table,
        "correspondence": [i for i in items if not i.takes_time],
        "open_actions": list(selectors.open_actions_for_body(meeting)),
        "can_edit": rights.can_edit(access, meeting),
        "item_count": len(items),
        "today": timezone.localdate(),
    }


@uses_meetings
def detail(request, pk):
    meeting = _meeting_for_user(request, pk, agenda=True)
    context = _agenda_context(request, meeting)
    context["item_form"] = ItemForm()
    context["paper_form"] = PaperForm()
    context["Status"] = Meeting.Status
    return render(request, "meetings/detail.html", context)


def _agenda_answer(request, meeting, anchor=""):
    """htmx: the agenda fragment; a plain form post: back to the page."""
    if request.htmx:
        meeting = selectors.meeting_with_agenda(meeting.pk)
        return render(request, "meetings/_agenda.html", _agenda_context(request, meeting))
    return _back(meeting, anchor)


@uses_meetings
@require_POST
def item_add(request, pk):
    meeting = _meeting_for_user(request, pk, edit=True)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            services.item_add(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"“{form.cleaned_data['title']}” added to the agenda.")
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''}: {error}"
                )
    return _back(meeting, "#agenda")


@uses_meetings
def item_edit(request, pk):
    item = _item_for_user(request, pk)
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=AgendaItem.objects.get(pk=pk), **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Item saved.")
            return _back(item.meeting, "#agenda")
    return render(
        request, "meetings/form.html", {"form": form, "heading": f"Change “{item}”", "meeting": item.meeting}
    )


@uses_meetings
@require_POST
def item_delete(request, pk):
    item = _item_for_user(request, pk)
    try:
        services.item_delete(item=item)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"“{item}” removed from the agenda.")
    return _back(item.meeting, "#agenda")


@uses_meetings
@require_POST
def item_move(request, pk):
    item = _item_for_user(request, pk)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        messages.error(request, "Say where the item should go.")
        return _back(item.meeting, "#agenda")
    try:
        services.item_move(item=item, position=position)
    except ValidationError as exc:
        _errors(request, exc)
    return _agenda_answer(request, item.meeting, f"#item-{item.pk}")


@uses_meetings
@require_POST
def paper_upload(request, pk):
    item = _item_for_user(request, pk)
    form = PaperForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a file to upload.")
    else:
        try:
            paper = services.paper_add(
                item=item, upload=form.cleaned_data["file"], title=form.cleaned_data["title"], by=request.user
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"Paper “{paper}” attached to “{item}”.")
    return _back(item.meeting, f"#item-{item.pk}")


@uses_meetings
def paper_download(request, pk):
    paper = get_object_or_404(Paper.objects.select_related("item__meeting"), pk=pk)
    rights.check_see(access_for(request.user), paper.item.meeting)
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file of this paper is missing.") from exc
    return FileResponse(handle, as_attachment=True, filename=paper.filename, content_type=paper.content_type)


@uses_meetings
@require_POST
def paper_delete(request, pk):
    paper = get_object_or_404(Paper.objects.select_related("item__meeting"), pk=pk)
    rights.check_edit(access_for(request.user), paper.item.meeting)
    try:
        services.paper_delete(paper=paper)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Paper “{paper}” removed.")
    return _back(paper.item.meeting, f"#item-{paper.item_id}")


# --- The lifecycle --------------------------------------------------------------------------


def _step(request, pk, service, done):
    meeting = _meeting_for_user(request, pk, edit=True)
    try:
        warnings = service(meeting=meeting)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        for warning in warnings if isinstance(warnings, list) else []:
            messages.warning(request, warning)
        messages.success(request, done)
    return _back(meeting)


@uses_meetings
@require_POST
def agree(request, pk):
    return _step(request, pk, services.agenda_agree, "The agenda is recorded as agreed with the Chair.")


@uses_meetings
@require_POST
def circulate(request, pk):
    return _step(
        request,
        pk,
        services.agenda_circulate,
        "The agenda and papers are on their way to those entitled to attend.",
    )


@uses_meetings
@require_POST
def mark_held(request, pk):
    return _step(
        request,
        pk,
        services.meeting_mark_held,
        "The meeting is marked as held: take attendance and the minutes.",
    )


@uses_meetings
@require_POST
def approve(request, pk):
    return _step(
        request,
        pk,
        services.minutes_approve,
        "The minutes are approved, locked and sent to the branch secretaries and officers.",
    )


@uses_meetings
def attendance(request, pk, visitor_form=None):
    meeting = _meeting_for_user(request, pk, edit=True)
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
    formset = AttendanceFormSet(posted, initial=initial)
    if posted is not None:
        if formset.is_valid():
            rows = [
                (f.cleaned_data["person"], f.cleaned_data["status"], f.cleaned_data["voting"])
                for f in formset
            ]
            try:
                services.attendance_record(meeting=meeting, rows=rows)
            except ValidationError as exc:
                _errors(request, exc)
            else:
                quorum = selectors.quorum_for(meeting, expected=expected)
                messages.success(request, "Attendance saved.")
                if not quorum.met:
                    messages.warning(
                        request,
                        f"The meeting is not quorate: {quorum.present_voting} voting members present, "
                        f"{quorum.needed} needed.",
                    )
                return redirect("meetings:attendance", pk=meeting.pk)
        else:
            messages.error(request, "Some rows could not be read; please check them.")
    quorum = selectors.quorum_for(meeting, attendance=all_recorded, expected=expected)
    rows = [(form, people.get(int(form["person"].value()))) for form in formset]
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


@uses_meetings
@require_POST
def visitor_add(request, pk):
    """A visitor at the meeting: named in the minutes, never voting."""
    meeting = _meeting_for_user(request, pk, edit=True)
    form = VisitorForm(request.POST)
    if form.is_valid():
        try:
            services.attendance_visitor_add(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"{form.cleaned_data['name']} added as a visitor (no vote).")
            return redirect("meetings:attendance", pk=meeting.pk)
    return attendance(request, meeting.pk, visitor_form=form)


@uses_meetings
@require_POST
def visitor_remove(request, pk):
    row = get_object_or_404(Attendance.objects.select_related("meeting"), pk=pk, person=None)
    meeting = _meeting_for_user(request, row.meeting_id, edit=True)
    try:
        services.attendance_visitor_remove(attendance=row)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"{row.visitor_name} removed from the visitors.")
    return redirect("meetings:attendance", pk=meeting.pk)


# --- Minutes --------------------------------------------------------------------------------


@uses_meetings
def minutes(request, pk):
    meeting = _meeting_for_user(request, pk, agenda=True, minutes=True)
    access = access_for(request.user)
    items = list(meeting.items.all())
    attendance = list(selectors.attendance_for(meeting))
    next_meeting = selectors.next_meeting(meeting)
    context = {
        "meeting": meeting,
        # numbered as on the circulated agenda: items for information have no number
        "items": [(exports.agenda_number(item, items), item) for item in items],
        "present": [a.name for a in attendance if a.status == Attendance.Status.PRESENT and not a.is_visitor],
        "apologies": [a.name for a in attendance if a.status == Attendance.Status.APOLOGIES],
        "visitors": [a.name for a in attendance if a.is_visitor],
        "can_edit": rights.can_edit(access, meeting),
        "can_see_meeting": rights.can_see(access, meeting),
        "can_approve_now": bool(next_meeting and next_meeting.starts_at <= timezone.now()),
        "quorum": selectors.quorum_for(meeting, attendance=attendance),
        "amendment_form": AmendmentForm(meeting=meeting) if meeting.minutes_locked else None,
        "next_meeting": next_meeting,
        "today": timezone.localdate(),
    }
    return render(request, "meetings/minutes.html", context)


@uses_meetings
def item_minutes(request, pk):
    return _item_minutes_page(request, _item_for_user(request, pk), status=200)


def _item_minutes_page(request, item, status=400, **forms):
    context = {
        "item": item,
        "meeting": item.meeting,
        "note_form": forms.get("note_form") or NoteForm(instance=item),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "action_form": forms.get("action_form") or ActionForm(),
        "quorum": selectors.quorum_for(item.meeting),
        "decisions": item.decisions.all(),
        "actions": item.actions.select_related("owner_person", "owner_post"),
    }
    return render(request, "meetings/item_minutes.html", context, status=status)


def _form_errors_into(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@uses_meetings
@require_POST
def item_note(request, pk):
    item = _item_for_user(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.item_note_save(item=item, note=form.cleaned_data["note"])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Note saved.")
    return _minutes_back(item.meeting, item)


@uses_meetings
@require_POST
def decision_add(request, pk):
    item = _item_for_user(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _item_minutes_page(request, item, decision_form=form)
    try:
        decision = services.decision_record(item=item, **form.cleaned_data)
    except ValidationError as exc:
        _form_errors_into(form, exc)
        return _item_minutes_page(request, item, decision_form=form)
    if not decision.quorate:
        messages.warning(
            request, "The meeting was not quorate: the decision is recorded as taken without a quorum."
        )
    messages.success(request, "Decision recorded.")
    return _minutes_back(item.meeting, item)


@uses_meetings
@require_POST
def action_add(request, pk):
    item = _item_for_user(request, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _item_minutes_page(request, item, action_form=form)
    try:
        services.action_record(item=item, **form.cleaned_data)
    except ValidationError as exc:
        _form_errors_into(form, exc)
        return _item_minutes_page(request, item, action_form=form)
    messages.success(request, "Action recorded.")
    return _minutes_back(item.meeting, item)


@uses_meetings
@require_POST
def action_done(request, pk):
    action = get_object_or_404(Action.objects.select_related("item__meeting"), pk=pk)
    access = access_for(request.user)
    meeting = action.item.meeting
    rights.check_see(access, meeting)
    owns = action.owner_person_id == access.person_id or action.owner_post_id in access.post_ids
    if not (owns or rights.can_edit(access, meeting)):
        raise PermissionDenied("Only the owner of an action or the Secretary can tick it off.")
    try:
        services.action_complete(action=action)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, "Action marked as done.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("meetings:actions")
    return redirect(target)


@uses_meetings
@require_POST
def amend(request, pk):
    meeting = _meeting_for_user(request, pk, edit=True)
    form = AmendmentForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.amendment_record(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "The amendment is recorded beside the approved minutes.")
    else:
        messages.error(request, "Give the correction and the reason for it.")
    return _minutes_back(meeting)


@require(
    lambda a: a.is_secretary or a.is_chair,
    "Only the Secretary or the Chair changes the Standing Orders settings.",
)
def standing_orders(request):
    form = StandingOrderForm(request.POST or None, initial={"effective_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.standing_order_set(**form.cleaned_data)
        except ValidationError as exc:
            _form_errors_into(form, exc)
        else:
            messages.success(request, "Standing Orders settings saved.")
            return redirect("meetings:standing_orders")
    rules_now = [selectors.standing_order_for(kind) for kind in Meeting.Kind.values]
    history = StandingOrder.objects.all()
    return render(
        request, "meetings/standing_orders.html", {"form": form, "rules": rules_now, "history": history}
    )


# --- Documents and the calendar ------------------------------------------------------------


def _download(exported):
    filename, content_type, content = exported
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@uses_meetings
def agenda_pdf(request, pk):
    meeting = _meeting_for_user(request, pk)
    return _download(exports.agenda_pdf(meeting.pk))


@uses_meetings
def minutes_pdf(request, pk):
    meeting = _meeting_for_user(request, pk, minutes=True)
    return _download(exports.minutes_pdf(meeting.pk))


@uses_meetings
def calendar(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404("Only people on the CLP's records have a calendar feed.")
    feed = services.calendar_feed_for(person)
    url = request.build_absolute_uri(reverse("meetings:feed", kwargs={"token": feed.token}))
    return render(request, "meetings/calendar.html", {"feed_url": url})


@uses_meetings
@require_POST
def calendar_reset(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404("Only people on the CLP's records have a calendar feed.")
    services.calendar_feed_reset(person=person)
    messages.success(request, "Your calendar has a new private address; the old one no longer works.")
    return redirect("meetings:calendar")


@login_not_required
def feed(request, token):
    calendar_bytes = feeds.calendar_for_token(token)
    if calendar_bytes is None:
        raise Http404("No such calendar.")
    response = HttpResponse(calendar_bytes, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"  # the address is a secret: no shared caches
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response

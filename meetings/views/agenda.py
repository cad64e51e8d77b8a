"""The agenda: the meeting's page, its items (added, changed, removed, moved), their papers,
and the steps to agree it with the Chair and circulate it."""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clp.core.access import access_for, refusal, require
from clp.core.forms import attempt
from clp.core.once import submit_once
from meetings import rules, selectors, services
from meetings.forms import AgendaCommentForm, ItemForm, PaperForm
from meetings.models import AgendaItem, Meeting
from meetings.rows import AgendaRows
from meetings.views.common import back, item_for_user, meeting_for_user, paper_for_user, step


def _matters_arising(meeting):
    due, others = selectors.matters_arising(meeting)
    return {"open_actions": due, "other_open_actions": others}


def _agenda_context(request, meeting):
    rule = selectors.standing_order_for(meeting.kind, timezone.localdate(meeting.starts_at))
    items = list(meeting.items.all())
    access = access_for(request.user)
    timetable = rules.timetable(items, timezone.localtime(meeting.starts_at), limit_minutes=rule.max_minutes)
    context = {
        "meeting": meeting,
        "timetable": timetable,
        "correspondence": rules.correspondence(items),
        **_matters_arising(meeting),
        "can_edit": access.can_edit_meeting(meeting),
        "item_count": len(items),
        "today": timezone.localdate(),
    }
    agenda = AgendaRows(
        request,
        meeting=meeting,
        can_edit=context["can_edit"],
        matters=(context["open_actions"], context["other_open_actions"]),
        correspondence=context["correspondence"],
        can_see_plan=access.can_see_plan,
        today=context["today"],
    )
    context["agenda_rows"] = agenda.rows(timetable.slots)
    return context


@functools.cache
def _blank_item_form():
    """The form to add an item, blank: the same on every agenda (it depends on the code
    alone), so written once (rendering it was a seventh of a 60-item agenda's calls)."""
    return ItemForm().as_div()


@require("can_use_meetings")
def detail(request, pk):
    meeting = meeting_for_user(request, pk, allow="can_see_meeting", agenda=selectors.AGENDA)
    context = _agenda_context(request, meeting)
    context["item_form"] = _blank_item_form()
    context["paper_form"] = PaperForm()
    context["Status"] = Meeting.Status
    context["can_agree"] = access_for(request.user).can_agree_agenda(meeting)
    context["comment_form"] = AgendaCommentForm()
    context["started"] = meeting.starts_at <= timezone.now()  # "mark as held" only once started
    person = getattr(request.user, "person", None)
    expecting = selectors.meetings_expecting(person).filter(pk=meeting.pk) if person else []
    context["apologies_offered"] = bool(expecting)
    context["sent"] = bool(expecting) and meeting.pk in selectors.apologies_of(person, [meeting])
    return render(request, "meetings/detail.html", context)


def _agenda_answer(request, meeting, anchor=""):
    """htmx: the agenda fragment; a plain form post: back to the page."""
    if request.htmx:
        meeting = selectors.meeting_with_agenda(meeting.pk, selectors.AGENDA)
        return render(request, "meetings/_agenda.html", _agenda_context(request, meeting))
    return back(meeting, anchor)


# --- Items ---------------------------------------------------------------------------------


def _item_details(form):
    """An ItemForm's cleaned data, field by field, as item_add and item_update take it."""
    data = form.cleaned_data
    return {
        "title": data["title"],
        "kind": data["kind"],
        "presenter": data["presenter"],
        "minutes_allowed": data["minutes_allowed"],
        "description": data["description"],
    }


@require("can_use_meetings")
@require_POST
@submit_once
def item_add(request, pk):
    meeting = meeting_for_user(request, pk, allow="can_edit_meeting")
    form = ItemForm(request.POST)
    if form.is_valid():
        ok, item = attempt(request, services.item_add, meeting=meeting, **_item_details(form))
        if ok:
            messages.success(request, f"“{item}” added to the agenda.")
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''}: {error}"
                )
    return back(meeting, "#agenda")


@require("can_use_meetings")
def item_edit(request, pk):
    item = item_for_user(request, pk, allow="can_edit_meeting")
    if item.meeting.minutes_locked:
        messages.info(request, "The minutes of this meeting are approved: its agenda no longer changes.")
        return back(item.meeting, "#agenda")
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        # a fresh copy to change: validating the form has already set its values on `item`
        fresh = AgendaItem.objects.get(pk=pk)
        ok, _ = attempt(request, services.item_update, item=fresh, **_item_details(form))
        if ok:
            messages.success(request, "Item saved.")
            return back(item.meeting, "#agenda")
    return render(
        request, "meetings/form.html", {"form": form, "heading": f"Change “{item}”", "meeting": item.meeting}
    )


@require("can_use_meetings")
@require_POST
def item_delete(request, pk):
    item = item_for_user(request, pk, allow="can_edit_meeting")
    ok, _ = attempt(request, services.item_delete, item=item)
    if ok:
        messages.success(request, f"“{item}” removed from the agenda.")
    return back(item.meeting, "#agenda")


@require("can_use_meetings")
@require_POST
def item_move(request, pk):
    item = item_for_user(request, pk, allow="can_edit_meeting")
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        messages.error(request, "Say where the item should go.")
        return back(item.meeting, "#agenda")
    attempt(request, services.item_move, item=item, position=position)
    return _agenda_answer(request, item.meeting, f"#item-{item.pk}")


# --- Papers --------------------------------------------------------------------------------


@require("can_use_meetings")
@require_POST
@submit_once
def paper_upload(request, pk):
    item = item_for_user(request, pk, allow="can_edit_meeting")
    form = PaperForm(request.POST, request.FILES)
    if not form.is_valid():
        # What was wrong, in the form's words (no file, a name too long...).
        for error in [e for errors in form.errors.values() for e in errors] or ["Choose a file to upload."]:
            messages.error(request, error)
    else:
        ok, paper = attempt(
            request,
            services.paper_add,
            item=item,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            by=request.user,
        )
        if ok:
            messages.success(request, f"Paper “{paper}” attached to “{item}”.")
    return back(item.meeting, f"#item-{item.pk}")


@require("can_use_meetings")
def paper_download(request, pk):
    paper = paper_for_user(request, pk, allow="can_see_meeting")
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file of this paper is missing.") from exc
    return FileResponse(handle, as_attachment=True, filename=paper.filename, content_type=paper.content_type)


@require("can_use_meetings")
@require_POST
def paper_delete(request, pk):
    paper = paper_for_user(request, pk, allow="can_edit_meeting")
    ok, _ = attempt(request, services.paper_delete, paper=paper)
    if ok:
        messages.success(request, f"Paper “{paper}” removed.")
    return back(paper.item.meeting, f"#item-{paper.item_id}")


# --- Agreeing and circulating ----------------------------------------------------------------


@require("can_use_meetings")
@require_POST
def agree(request, pk):
    """The Chair agrees the agenda; whoever runs the meeting may record it on their behalf."""
    meeting = meeting_for_user(request, pk, allow="can_see_meeting")
    access = access_for(request.user)
    if access.can_agree_agenda(meeting):
        ok, _ = attempt(request, services.agenda_agree, meeting=meeting, by=request.user)
        done = "You have agreed the agenda: the Secretary can circulate it."
    elif access.can_edit_meeting(meeting):
        ok, _ = attempt(request, services.agenda_agree, meeting=meeting, by=request.user, on_behalf=True)
        done = "The agenda is recorded as agreed, on the Chair's behalf."
    else:
        raise PermissionDenied(refusal("can_agree_agenda"))
    if ok:
        messages.success(request, done)
    return back(meeting)


@require("can_use_meetings")
@require_POST
def agree_request(request, pk):
    meeting = meeting_for_user(request, pk, allow="can_edit_meeting")
    ok, _ = attempt(request, services.agenda_agreement_request, meeting=meeting, by=request.user)
    if ok:
        messages.success(request, "The Chair is asked to agree the agenda (or comment on it) from this page.")
    return back(meeting)


@require("can_use_meetings")
@require_POST
def agree_comment(request, pk):
    meeting = meeting_for_user(request, pk, allow="can_agree_agenda")
    form = AgendaCommentForm(request.POST)
    if form.is_valid():
        ok, _ = attempt(
            request,
            services.agenda_comment,
            meeting=meeting,
            comment=form.cleaned_data["comment"],
            by=request.user,
        )
        if ok:
            messages.success(request, "Your comment is sent to the Secretary.")
    else:
        messages.error(request, "Write the comment for the Secretary.")
    return back(meeting)


@require("can_use_meetings")
@require_POST
def circulate(request, pk):
    return step(
        request,
        pk,
        services.agenda_circulate,
        "The agenda and papers are on their way to those entitled to attend.",
    )

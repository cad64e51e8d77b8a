"""The minutes, taken on one page as the meeting goes: each item's note, decisions and
actions added, corrected and removed in place (htmx swaps the item; without JavaScript each
form posts and comes back to the item), approval at the next meeting, and amendments to
approved minutes. Actions' own views (the tracker) are in views.actions."""

import functools

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from clp.core.access import access_for, require
from clp.core.forms import attempt
from clp.core.once import submit_once
from meetings import rules, selectors, services
from meetings.forms import ActionForm, AmendmentForm, DecisionForm, NoteFields, NoteForm, owner_choices
from meetings.models import Attendance, Meeting
from meetings.rows import MinuteItems, clock_entries
from meetings.views.common import (
    action_for_user,
    decision_for_user,
    item_for_user,
    meeting_for_user,
    minutes_back,
    step,
)


class Owners:
    """Who an action on this meeting can be given to, within the caller's reach: the people
    at the meeting, the posts, the others expected (and anyone already owning one)."""

    def __init__(self, meeting, access, attendance, expected):
        branch_ids = access.plans_for_branch_ids
        present = {a.person_id for a in attendance if a.status == Attendance.Status.PRESENT and a.person_id}
        people = {p.pk: p for p, _ in expected}
        people.update({a.person_id: a.person for a in attendance if a.person_id})
        people.update(
            {
                a.owner_person_id: a.owner_person
                for i in meeting.items.all()
                for a in i.action_list
                if a.owner_person_id
            }
        )
        if branch_ids is not None:
            people = {
                pk: p for pk, p in people.items() if p.branch_id in branch_ids or pk == access.person_id
            }
        self.people = people
        self.posts = {p.pk: p for p in selectors.owner_posts(branch_ids=branch_ids)}
        held = selectors.posts_held(people.values(), timezone.localdate(meeting.starts_at))
        self.choices = owner_choices(
            present=[p for pk, p in people.items() if pk in present],
            others=[p for pk, p in people.items() if pk not in present],
            posts=self.posts.values(),
            posts_held=held,
        )

    def form(self, data=None, **kwargs):
        return ActionForm(data, choices=self.choices, people=self.people, posts=self.posts, **kwargs)


def _owners(request, meeting):
    # The meeting with its items and actions prefetched (a posted action's meeting comes bare).
    meeting = selectors.meeting_with_agenda(meeting.pk, selectors.MINUTES)
    attendance = list(selectors.attendance_for(meeting))
    return Owners(meeting, access_for(request.user), attendance, selectors.expected_attendees(meeting))


def _dress(item, owners, notes, failed=None, *, full=True):
    """Give an item, its decisions and its actions their forms (`failed`: (what, pk, form), the
    one form posted with errors, shown in place of its blank).

    On the page as a whole (`full=False`) only the notes are written out: the forms to add
    and correct decisions and actions (an action's offers every owner, a long list) are
    fetched when one is opened (GET on the form's own address, htmx), or, without JavaScript,
    the page is opened on that item with all its forms."""
    what, pk, bad = failed or (None, None, None)
    item.opened = ""  # which of its forms a page opened without JavaScript shows open (minutes())
    item.note_field = bad.as_div() if what == "note" else notes.for_item(item)
    item.decision_form = bad if what == "decision" else (_blank_decision_form(item) if full else None)
    item.action_form = bad if what == "action" else (_blank_action_form(item, owners) if full else None)
    for decision in item.decision_list:
        decision.opened = False
        decision.form = (
            bad
            if (what, pk) == ("decision_edit", decision.pk)
            else (_decision_correction_form(decision) if full else None)
        )
    for action in item.action_list:
        action.opened = False
        action.form = (
            bad
            if (what, pk) == ("action_edit", action.pk)
            else (_action_correction_form(action, owners) if full else None)
        )
    return item


def _blank_decision_form(item):
    return DecisionForm(auto_id=f"id_i{item.pk}_d_%s")


def _decision_correction_form(decision):
    return DecisionForm(instance=decision, auto_id=f"id_d{decision.pk}_%s")


def _blank_action_form(item, owners):
    return owners.form(auto_id=f"id_i{item.pk}_a_%s")


def _action_correction_form(action, owners):
    return owners.form(initial=ActionForm.initial_for(action), auto_id=f"id_a{action.pk}_%s")


def _form_anchor(item_pk, opened):
    """The id of the <details> holding one of an item's forms ("decision" and "action" add
    one; "d<pk>" and "a<pk>" correct one)."""
    return f"form-{opened}-{item_pk}" if opened in ("decision", "action") else f"form-{opened}"


def _form_answer(request, item, opened, template, make_form, **context):
    """GET on one of an item's forms: htmx gets the form alone (made by `make_form`), to put
    in place; without JavaScript, the minutes page opened on the item with its forms, at that
    one, open. Minutes locked (or not open) meanwhile: htmx reloads the page, which says so."""
    if not request.htmx:
        url = reverse("meetings:minutes", kwargs={"pk": item.meeting_id})
        response = redirect(f"{url}?item={item.pk}&open={opened}#{_form_anchor(item.pk, opened)}")
    elif not _editable(request, item.meeting):
        response = HttpResponse(status=204, headers={"HX-Refresh": "true"})
    else:
        response = render(request, template, {"item": item, "form": make_form(), **context})
    patch_vary_headers(response, ["HX-Request"])  # one address, two answers
    return response


def _shown_item(request, items):
    """The item of this meeting whose forms a page opened without JavaScript shows (`?item=`)."""
    value = request.GET.get("item", "")
    if not (value.isascii() and value.isdigit() and len(value) < 10):
        return None
    return next((item.pk for item in items if item.pk == int(value)), None)


def _editable(request, meeting):
    """The minutes are taken once the meeting is held, until they are approved."""
    return (
        meeting.reached(Meeting.Status.HELD)
        and not meeting.minutes_locked
        and access_for(request.user).can_edit_meeting(meeting)
    )


def _minutes_context(request, meeting, *, failed_item=None, failed=None, full_item=None):
    access = access_for(request.user)
    attendance = list(selectors.attendance_for(meeting))
    full = {failed_item, full_item} - {None}
    # who is expected, by name, only for the owners of an action (an item's full forms)
    expected = selectors.expected_attendees(meeting) if full else None
    next_meeting = selectors.next_meeting(meeting)
    rule = selectors.standing_order_for(meeting.kind, timezone.localdate(meeting.starts_at))
    items = list(meeting.items.all())
    timetable = rules.timetable(items, timezone.localtime(meeting.starts_at), limit_minutes=rule.max_minutes)
    editable = _editable(request, meeting)
    if editable:
        owners = Owners(meeting, access, attendance, expected) if full else None
        notes = NoteFields()
        for item in items:
            _dress(item, owners, notes, failed if item.pk == failed_item else None, full=item.pk in full)
    return {
        "meeting": meeting,
        # numbered as on the circulated agenda: items for information have no number
        "slots": timetable.slots,
        "timetable": timetable,
        "editable": editable,
        "present": [a.name for a in attendance if a.status == Attendance.Status.PRESENT and not a.is_visitor],
        "apologies": [a.name for a in attendance if a.status == Attendance.Status.APOLOGIES],
        "visitors": [a.name for a in attendance if a.is_visitor],
        "can_edit": access.can_edit_meeting(meeting),
        "can_see_meeting": access.can_see_meeting(meeting),
        "can_approve_now": bool(next_meeting and next_meeting.starts_at <= timezone.now()),
        "quorum": selectors.quorum_for(meeting, attendance=attendance, expected=expected, rule=rule),
        "amendment_form": AmendmentForm(meeting=meeting) if meeting.minutes_locked else None,
        "next_meeting": next_meeting,
        "today": timezone.localdate(),
    }


@require("can_use_meetings")
def minutes(request, pk):
    meeting = meeting_for_user(request, pk, allow="can_read_minutes", agenda=selectors.MINUTES)
    shown = _shown_item(request, meeting.items.all())
    context = _minutes_context(request, meeting, full_item=shown)
    opened = request.GET.get("open", "")[:20]
    for slot in context["slots"]:
        if slot.item.pk == shown:  # the form asked for, open
            slot.item.opened = opened
            for decision in slot.item.decision_list:
                decision.opened = opened == f"d{decision.pk}"
            for action in slot.item.action_list:
                action.opened = opened == f"a{action.pk}"
    return _page(request, context)


def _page(request, context, status=200):
    """The minutes page: its items written in Python (meetings.rows), the rest by its template."""
    items = MinuteItems(request, editable=context["editable"])
    context["minute_items"] = mark_safe("".join(items.item(slot) for slot in context["slots"]))  # noqa: S308
    context["clock_entries"] = clock_entries(context["slots"])
    return render(request, "meetings/minutes.html", context, status=status)


def _answer(request, item, *, failed=None, done=""):
    """htmx: the item, fresh, in place (with the form that failed, if one did). A plain form
    post: back to the item on the minutes page, or the page with the failed form (400)."""
    meeting = selectors.meeting_with_agenda(item.meeting_id, selectors.MINUTES)
    if failed and not _editable(request, meeting):
        # Nothing to correct on the page (the minutes are locked, or not open yet): say why.
        for errors in failed[2].errors.values():
            for error in errors:
                messages.error(request, error)
        failed = None
        if not request.htmx:
            return _page(request, _minutes_context(request, meeting), status=400)
    if request.htmx:
        context = _minutes_context(request, meeting, failed_item=item.pk, failed=failed, full_item=item.pk)
        (slot,) = [s for s in context["slots"] if s.item.pk == item.pk]
        items = MinuteItems(request, editable=context["editable"])
        return HttpResponse(items.item(slot, fragment=True, done=done))
    if failed:
        context = _minutes_context(request, meeting, failed_item=item.pk, failed=failed)
        return _page(request, context, status=400)
    if done:
        messages.success(request, done)
    return minutes_back(meeting, item)


def _decision_details(data):
    return {
        "motion": data["motion"],
        "outcome": data["outcome"],
        "votes_for": data["votes_for"],
        "votes_against": data["votes_against"],
        "abstentions": data["abstentions"],
    }


def _action_details(data):
    return {
        "description": data["description"],
        "due_on": data["due_on"],
        "owner_person": data["owner_person"],
        "owner_post": data["owner_post"],
    }


# --- Notes -----------------------------------------------------------------------------------


@require("can_use_meetings")
@require_POST
def item_note(request, pk):
    item = item_for_user(request, pk, allow="can_edit_meeting")
    form = NoteForm(request.POST, auto_id=f"id_i{item.pk}_%s")
    if (
        form.is_valid()
        and attempt(form, services.item_note_save, item=item, note=form.cleaned_data["note"])[0]
    ):
        return _answer(request, item, done="Note saved.")
    return _answer(request, item, failed=("note", item.pk, form))


# --- Decisions -------------------------------------------------------------------------------


@require("can_use_meetings")
@require_http_methods(["GET", "POST"])
@submit_once
def decision_add(request, pk):
    item = item_for_user(request, pk, allow="can_edit_meeting")
    if request.method == "GET":
        template = "meetings/_decision_add_form.html"
        return _form_answer(
            request, item, "decision", template, functools.partial(_blank_decision_form, item)
        )
    form = DecisionForm(request.POST, auto_id=f"id_i{item.pk}_d_%s")
    if not form.is_valid():
        return _answer(request, item, failed=("decision", item.pk, form))
    ok, decision = attempt(form, services.decision_record, item=item, **_decision_details(form.cleaned_data))
    if not ok:
        return _answer(request, item, failed=("decision", item.pk, form))
    if not decision.quorate:
        messages.warning(
            request, "The meeting was not quorate: the decision is recorded as taken without a quorum."
        )
    return _answer(request, item, done="Decision recorded.")


@require("can_use_meetings")
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk):
    decision = decision_for_user(request, pk, allow="can_edit_meeting")
    if request.method == "GET":
        template = "meetings/_decision_correct_form.html"
        make = functools.partial(_decision_correction_form, decision)
        return _form_answer(request, decision.item, f"d{decision.pk}", template, make, d=decision)
    form = DecisionForm(request.POST, auto_id=f"id_d{decision.pk}_%s")
    if form.is_valid():
        ok, _ = attempt(
            form, services.decision_update, decision=decision, **_decision_details(form.cleaned_data)
        )
        if ok:
            return _answer(request, decision.item, done="Decision corrected.")
    return _answer(request, decision.item, failed=("decision_edit", decision.pk, form))


@require("can_use_meetings")
@require_POST
def decision_delete(request, pk):
    decision = decision_for_user(request, pk, allow="can_edit_meeting")
    ok, _ = attempt(request, services.decision_delete, decision=decision)
    return _answer(request, decision.item, done="Decision removed." if ok else "")


# --- Actions ---------------------------------------------------------------------------------


@require("can_use_meetings")
@require_http_methods(["GET", "POST"])
@submit_once
def action_add(request, pk):
    item = item_for_user(request, pk, allow="can_edit_meeting")
    if request.method == "GET":

        def blank():
            return _blank_action_form(item, _owners(request, item.meeting))

        return _form_answer(request, item, "action", "meetings/_action_add_form.html", blank)
    form = _owners(request, item.meeting).form(request.POST, auto_id=f"id_i{item.pk}_a_%s")
    if (
        form.is_valid()
        and attempt(form, services.action_record, item=item, **_action_details(form.cleaned_data))[0]
    ):
        return _answer(request, item, done="Action recorded.")
    return _answer(request, item, failed=("action", item.pk, form))


@require("can_use_meetings")
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = action_for_user(request, pk, allow="can_edit_meeting")
    if request.method == "GET":

        def correction():
            return _action_correction_form(action, _owners(request, action.item.meeting))

        template = "meetings/_action_correct_form.html"
        return _form_answer(request, action.item, f"a{action.pk}", template, correction, a=action)
    form = _owners(request, action.item.meeting).form(request.POST, auto_id=f"id_a{action.pk}_%s")
    if (
        form.is_valid()
        and attempt(form, services.action_update, action=action, **_action_details(form.cleaned_data))[0]
    ):
        return _answer(request, action.item, done="Action corrected.")
    return _answer(request, action.item, failed=("action_edit", action.pk, form))


@require("can_use_meetings")
@require_POST
def action_delete(request, pk):
    action = action_for_user(request, pk, allow="can_edit_meeting")
    ok, _ = attempt(request, services.action_delete, action=action)
    return _answer(request, action.item, done="Action removed." if ok else "")


# --- Approval and amendments -------------------------------------------------------------------


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

"""Motions: a meeting's motions, submitting and changing one, amendments on numbered lines,
the agenda, the votes, sending on, the booklet, the register and compositing. Thin: parse,
check access (officers.access through clp.core.access), call a service, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clp.core.access import access_for, object_for_user, refusal, require
from clp.core.bounds import year_param
from clp.core.exports import download
from clp.core.forms import attempt
from clp.core.once import submit_once
from clp.core.pages import pager
from meetings import motion_exports
from meetings import motion_selectors as selectors
from meetings import motions as rules
from meetings.models import Meeting, MotionAmendment, MotionSending
from meetings.motion_forms import (
    CompositeForm,
    MotionAmendmentForm,
    MotionEditForm,
    MotionForm,
    RegisterForm,
    ReplyForm,
    SendForm,
    VoteForm,
)
from meetings.rows import motion_list_rows, register_rows
from meetings.services import motions as services

REACH = "reaches_motion"
REGISTER_PAGE = 50


def _meeting(request, pk, allow="can_read_motions"):
    meeting = object_for_user(
        request, Meeting.objects.select_related("branch"), reach="reaches_meeting_motions", allow=allow, pk=pk
    )
    return selectors.with_motion_rules(meeting)


def _motion(request, pk, allow="can_read_motion"):
    return object_for_user(request, selectors.motions_with_details(), reach=REACH, allow=allow, pk=pk)


def _amendment(request, pk, allow):
    amendments = MotionAmendment.objects.select_related("motion__meeting")
    return object_for_user(request, amendments, reach=REACH, allow=allow, pk=pk)


def _to_motion(motion, anchor=""):
    return redirect(reverse("meetings:motion", kwargs={"pk": motion.pk}) + anchor)


# --- A meeting's motions -------------------------------------------------------------------


@require("can_use_motions")
def motions(request, pk):
    meeting = _meeting(request, pk)
    access = access_for(request.user)
    motions = selectors.motions_listed_for(meeting)
    context = {
        "meeting": meeting,
        "motions": motions,
        "motion_rows": motion_list_rows(motions),
        "can_submit": access.can_submit_motion(meeting),
        "can_manage": access.can_manage_motions(meeting),
        "can_see_meeting": access.can_see_meeting(meeting),
        "today": timezone.localdate(),
    }
    return render(request, "meetings/motions/list.html", context)


@require("can_use_motions")
@submit_once
def submit(request, pk):
    meeting = _meeting(request, pk)
    access = access_for(request.user)
    if not access.can_submit_motion(meeting):
        raise PermissionDenied(refusal("can_submit_motion"))
    form = MotionForm(request.POST or None, access=access, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, motion = attempt(
            form,
            services.motion_submit,
            meeting=meeting,
            title=data["title"],
            text=data["text"],
            proposer=data["proposer"],
            seconder=data["seconder"],
            submitted_from=data["submitted_from"],
            branch=data.get("branch"),
            affiliate=data.get("affiliate"),
            source_decision=data.get("source_decision"),
            by=request.user,
        )
        if ok:
            if motion.emergency:
                messages.warning(
                    request,
                    f"The deadline was {motion.deadline:%-d %B %Y}: this is an emergency motion, "
                    "and the Chair must accept it before it is debated.",
                )
            messages.success(request, f"Motion {motion.number} submitted.")
            return _to_motion(motion)
    status = 400 if request.method == "POST" else 200
    context = {"meeting": meeting, "form": form, "heading": f"Submit a motion to {meeting}"}
    return render(request, "meetings/motions/form.html", context, status=status)


# --- One motion ------------------------------------------------------------------------------


def _detail(request, motion, status=200, **forms):
    access = access_for(request.user)
    meeting = motion.meeting
    amendments = list(motion.amendments.all())
    conflicts = selectors.amendment_conflicts(motion)
    lines = motion.lines
    manage = access.can_manage_motions(meeting)
    voting = manage and meeting.reached(Meeting.Status.HELD) and not meeting.minutes_locked
    context = {
        "motion": motion,
        "meeting": meeting,
        "lines": lines,
        "amendments": [
            {
                "amendment": a,
                "conflicts": conflicts.get(a.pk, []),
                "rows": rules.marked(lines, a.change),
                "can_change": a.status == a.Status.PROPOSED and access.can_change_amendment(a),
                # ids unique on the page: one vote form per amendment
                "vote_form": VoteForm(auto_id=f"id_a{a.pk}_%s"),
            }
            for a in amendments
        ],
        "amended": any(a.status in selectors.IN_THE_MOTION for a in amendments),
        "amended_text": selectors.amended_text(motion, amendments),
        "can_edit": access.can_edit_motion(motion),
        "can_amend": motion.open and access.can_submit_motion(selectors.with_motion_rules(meeting)),
        "can_manage": manage,
        "can_accept": motion.awaits_chair and access.can_accept_emergency_motion(motion),
        "can_vote": voting and motion.open,
        "vote_form": forms.get("vote_form") or VoteForm(),
        "send_form": forms.get("send_form") or SendForm(initial={"sent_on": timezone.localdate()}),
        "sendings": [_with_reply_form(s, forms.get("reply_form")) for s in motion.sendings.all()],
        "edits": list(motion.edits.all()),
        "composited_from": list(motion.composited_from.all()),
    }
    return render(request, "meetings/motions/detail.html", context, status=status)


def _with_reply_form(sending, posted):
    posted_here = posted is not None and posted.sending_id == sending.pk
    sending.reply_form = (
        posted
        if posted_here
        else ReplyForm(auto_id=f"id_s{sending.pk}_%s", initial={"replied_on": timezone.localdate()})
    )
    return sending


@require("can_use_motions")
def motion(request, pk):
    return _detail(request, _motion(request, pk))


@require("can_use_motions")
def edit(request, pk):
    motion = _motion(request, pk, allow="can_edit_motion")
    form = MotionEditForm(request.POST or None, instance=motion)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = attempt(
            form,
            services.motion_update,
            motion=motion,
            title=data["title"],
            text=data["text"],
            proposer=data["proposer"],
            seconder=data["seconder"],
            reason=data["reason"],
            by=request.user,
        )
        if ok:
            messages.success(request, "The motion is changed.")
            return _to_motion(motion)
    context = {
        "meeting": motion.meeting,
        "form": form,
        "heading": f"Change motion {motion.number}",
        "after_deadline": timezone.localdate() > motion.deadline,
        "motion": motion,
    }
    return render(
        request, "meetings/motions/form.html", context, status=400 if request.method == "POST" else 200
    )


@require("can_use_motions")
@require_POST
def withdraw(request, pk):
    motion = _motion(request, pk, allow="can_edit_motion")
    if attempt(request, services.motion_withdraw, motion=motion)[0]:
        messages.success(request, f"Motion {motion.number} is withdrawn.")
    return _to_motion(motion)


@require("can_use_motions")
@require_POST
def accept_emergency(request, pk):
    motion = _motion(request, pk, allow="can_accept_emergency_motion")
    if attempt(request, services.motion_accept_emergency, motion=motion)[0]:
        messages.success(request, "The emergency motion is accepted: it can go on the agenda.")
    return _to_motion(motion)


@require("can_use_motions")
@require_POST
def vote(request, pk):
    motion = _motion(request, pk, allow="can_manage_motions")
    form = VoteForm(request.POST)
    if form.is_valid():
        ok, _ = attempt(form, services.motion_vote, motion=motion, **form.cleaned_data)
        if ok:
            messages.success(request, "The vote is recorded in the minutes.")
            return _to_motion(motion)
    return _detail(request, motion, status=400, vote_form=form)


@require("can_use_motions")
@require_POST
@submit_once
def send(request, pk):
    motion = _motion(request, pk, allow="can_manage_motions")
    form = SendForm(request.POST)
    if form.is_valid():
        ok, sending = attempt(
            form,
            services.motion_send,
            motion=motion,
            body=form.cleaned_data["body"],
            sent_on=form.cleaned_data["sent_on"],
            by=request.user,
        )
        if ok:
            messages.success(request, f"Recorded as sent to the {sending.get_body_display()}.")
            return _to_motion(motion, "#onwards")
    return _detail(request, motion, status=400, send_form=form)


@require("can_use_motions")
@require_POST
def reply(request, pk):
    sending = object_for_user(
        request,
        MotionSending.objects.select_related("motion__meeting"),
        reach=REACH,
        allow="can_manage_motions",
        pk=pk,
    )
    form = ReplyForm(request.POST, auto_id=f"id_s{sending.pk}_%s")
    form.sending_id = sending.pk
    if form.is_valid():
        ok, _ = attempt(
            form,
            services.sending_reply,
            sending=sending,
            reply=form.cleaned_data["reply"],
            replied_on=form.cleaned_data["replied_on"],
        )
        if ok:
            messages.success(request, "The reply is recorded.")
            return _to_motion(sending.motion, "#onwards")
    motion = selectors.motions_with_details().get(pk=sending.motion_id)
    return _detail(request, motion, status=400, reply_form=form)


# --- Amendments ------------------------------------------------------------------------------


@require("can_use_motions")
@submit_once
def amend(request, pk):
    motion = _motion(request, pk)
    access = access_for(request.user)
    if not access.can_submit_motion(selectors.with_motion_rules(motion.meeting)):
        raise PermissionDenied(refusal("can_submit_motion"))
    form = MotionAmendmentForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, amendment = attempt(
            form,
            services.amendment_propose,
            motion=motion,
            op=data["op"],
            first_line=data["first_line"],
            last_line=data["last_line"],
            text=data["text"],
            mover=data["mover"],
            branch=data["branch"],
            by=request.user,
        )
        if ok:
            messages.success(request, f"Amendment {amendment.number} is proposed.")
            return _to_motion(motion, f"#amendment-{amendment.pk}")
    context = {"motion": motion, "meeting": motion.meeting, "lines": motion.lines, "form": form}
    return render(
        request, "meetings/motions/amend.html", context, status=400 if request.method == "POST" else 200
    )


def _amendment_step(request, pk, service, done):
    amendment = _amendment(request, pk, allow="can_change_amendment")
    if attempt(request, service, amendment=amendment)[0]:
        messages.success(request, done)
    return _to_motion(amendment.motion, f"#amendment-{amendment.pk}")


@require("can_use_motions")
@require_POST
def amendment_withdraw(request, pk):
    return _amendment_step(request, pk, services.amendment_withdraw, "The amendment is withdrawn.")


@require("can_use_motions")
@require_POST
def amendment_friendly(request, pk):
    return _amendment_step(
        request, pk, services.amendment_accept_friendly, "The amendment is accepted as friendly."
    )


@require("can_use_motions")
@require_POST
def amendment_vote(request, pk):
    amendment = _amendment(request, pk, allow="can_manage_motions")
    form = VoteForm(request.POST)
    if form.is_valid():
        ok, _ = attempt(form, services.amendment_vote, amendment=amendment, **form.cleaned_data)
        if ok:
            messages.success(request, f"The vote on amendment {amendment.number} is recorded in the minutes.")
            return _to_motion(amendment.motion, f"#amendment-{amendment.pk}")
    else:
        messages.error(request, "Give the outcome, and the votes as whole numbers.")
    for error in form.non_field_errors():
        messages.error(request, error)
    return _to_motion(amendment.motion, f"#amendment-{amendment.pk}")


# --- The meeting's papers and the register ---------------------------------------------------


@require("can_use_motions")
@require_POST
def to_agenda(request, pk):
    meeting = _meeting(request, pk, allow="can_manage_motions")
    ok, warnings = attempt(request, services.motions_to_agenda, meeting=meeting)
    if ok:
        for warning in warnings:
            messages.warning(request, warning)
        messages.success(request, "The motions and their amendments are on the agenda, amendments first.")
    return redirect("meetings:motions", pk=meeting.pk)


@require("can_use_motions")
def booklet(request, pk):
    meeting = _meeting(request, pk)
    return download(motion_exports.motions_booklet(meeting.pk))


@require("can_use_motions")
def register(request):
    access = access_for(request.user)
    year = year_param(request, default=timezone.localdate().year)
    form = RegisterForm(request.GET or None, initial={"year": year})
    search = form.cleaned_data["q"] if form.is_valid() else ""
    if request.GET.get("format") == "csv":
        found = selectors.motion_register(access, year=year, search=search)
        return download(motion_exports.motion_register_csv(found, year=year))
    page = Paginator(selectors.motion_register_ids(access, year=year, search=search), REGISTER_PAGE).get_page(
        request.GET.get("page")
    )
    motions = selectors.motion_register_rows(page.object_list)
    context = {
        "form": form,
        "motions": motions,
        "rows": register_rows(motions),
        **pager(page, urlencode({"year": year, "q": search}) + "&"),
        "year": year,
        "search": search,
    }
    return render(request, "meetings/motions/register.html", context)


@require("can_use_motions")
@submit_once
def composite(request, pk):
    meeting = _meeting(request, pk, allow="can_manage_motions")
    form = CompositeForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, made = attempt(
            form,
            services.motions_composite,
            motions=list(data["motions"]),
            title=data["title"],
            text=data["text"],
            proposer=data["proposer"],
            seconder=data["seconder"],
            movers_agreed=data["movers_agreed"],
            by=request.user,
        )
        if ok:
            messages.success(
                request, f"Composite motion {made.number} made from {len(data['motions'])} motions."
            )
            return _to_motion(made)
    context = {"meeting": meeting, "form": form, "heading": f"Composite motions to {meeting}"}
    return render(
        request, "meetings/motions/form.html", context, status=400 if request.method == "POST" else 200
    )

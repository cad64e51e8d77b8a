"""The minutes: a note and the decisions per item, approval at the next meeting (locked and
sent out), and amendments recorded beside approved minutes. Actions are in
meetings.services.actions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clp.notifications.services import notify
from meetings import rules, selectors
from meetings.models import AgendaItem, Decision, Meeting, MinutesAmendment
from meetings.services.common import Status, advance, check_can_minute
from officers.models import Post
from officers.selectors import branch_secretary_posts


@transaction.atomic
def item_note_save(*, item, note) -> AgendaItem:
    check_can_minute(item.meeting)
    item.note = note
    item.full_clean()
    item.save(update_fields=["note"])
    advance(item.meeting, Status.MINUTES_DRAFTED)
    return item


def _check_decision(meeting, *, motion, outcome, votes_for, votes_against, abstentions):
    """The checks every decision passes: a motion, an outcome that adds up with the count, and
    no more votes than voting members present."""
    if not (motion or "").strip():
        raise ValidationError({"motion": "Give the motion: what the meeting decided."})
    refusal = rules.decision_refusal(outcome=outcome, votes_for=votes_for, votes_against=votes_against)
    if refusal:
        raise ValidationError({"outcome": refusal})
    quorum = selectors.quorum_for(meeting)
    cast = sum(v or 0 for v in (votes_for, votes_against, abstentions))
    if quorum.present_voting and cast > quorum.present_voting:
        raise ValidationError(
            f"{cast} votes are counted but only {quorum.present_voting} voting members are recorded "
            "as present: check the count, or the attendance."
        )
    return quorum


@transaction.atomic
def decision_record(
    *, item, motion, outcome, votes_for=None, votes_against=None, abstentions=None
) -> Decision:
    """Record a decision, with whether the meeting was quorate at that moment (without a
    quorum it is still recorded, marked as not quorate). An outcome that does not add up with
    the count (carried with more against than for, say) is refused."""
    meeting = item.meeting
    check_can_minute(meeting)
    quorum = _check_decision(
        meeting,
        motion=motion,
        outcome=outcome,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
    )
    decision = Decision(
        item=item,
        motion=motion,
        outcome=outcome,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        quorate=quorum.met,
    )
    decision.full_clean()
    decision.save()
    advance(meeting, Status.MINUTES_DRAFTED)
    return decision


@transaction.atomic
def decision_update(
    *, decision, motion, outcome, votes_for=None, votes_against=None, abstentions=None
) -> Decision:
    """Correct a draft decision (until the minutes are approved). Whether the meeting was
    quorate stays as it was when the decision was taken."""
    meeting = decision.item.meeting
    check_can_minute(meeting)
    _check_decision(
        meeting,
        motion=motion,
        outcome=outcome,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
    )
    decision.motion, decision.outcome = motion, outcome
    decision.votes_for, decision.votes_against, decision.abstentions = votes_for, votes_against, abstentions
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def decision_delete(*, decision):
    """Remove a draft decision (until the minutes are approved)."""
    check_can_minute(decision.item.meeting)
    decision.delete()


def _minutes_recipients(meeting):
    """A branch meeting's minutes go to the branch's posts; a CLP meeting's to the CLP's
    officers and every branch secretary."""
    if meeting.branch_id:
        return list(Post.objects.filter(branch_id=meeting.branch_id))
    officers = Post.objects.filter(scope=Post.Scope.CLP, kind=Post.Kind.OFFICER)
    return list(dict.fromkeys([*officers, *branch_secretary_posts()]))


@transaction.atomic
def minutes_approve(*, meeting) -> Meeting:
    """Approve the minutes at the next meeting of the same body, lock them and send them to
    the branch secretaries and officers."""
    if meeting.status != Status.MINUTES_DRAFTED:
        raise ValidationError("Only drafted minutes can be approved.")
    at = selectors.next_meeting(meeting)
    if at is None:
        raise ValidationError("Minutes are approved at the next meeting; plan it first.")
    if at.starts_at > timezone.now():
        raise ValidationError(
            f"Minutes are approved at the next meeting, on {timezone.localtime(at.starts_at):%-d %B %Y}."
        )
    meeting.status = Status.MINUTES_APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.approved_at_meeting = at
    meeting.save(update_fields=["status", "minutes_approved_at", "approved_at_meeting"])
    notify(
        key=f"meeting:{meeting.pk}:minutes",
        kind="minutes_circulation",
        subject=f"Approved minutes: {meeting}",
        body=f"The minutes of {meeting} were approved at the meeting of "
        f"{timezone.localtime(at.starts_at):%-d %B %Y}. They are attached as a PDF.",
        to_posts=_minutes_recipients(meeting),
        url=reverse("meetings:minutes", kwargs={"pk": meeting.pk}),
        attachments=[["meetings.exports.minutes_attachment", [meeting.pk]]],
    )
    return meeting


@transaction.atomic
def amendment_record(*, meeting, correction, reason, item=None, by=None, at_meeting=None) -> MinutesAmendment:
    """A correction to approved minutes, recorded beside them (and at the item it corrects)
    with who made it, why, and the meeting that agreed it: by default the latest meeting of
    the same body that has started."""
    if not meeting.minutes_locked:
        raise ValidationError(
            "These minutes are not approved yet: correct them directly on the minutes page."
        )
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError("That item is not on this meeting's agenda.")
    if not (correction or "").strip() or not (reason or "").strip():
        raise ValidationError("Give the correction and the reason for it.")
    if at_meeting is None:
        at_meeting = selectors.latest_meeting_after(meeting)
    amendment = MinutesAmendment(
        meeting=meeting,
        item=item,
        correction=correction,
        reason=reason,
        recorded_by=by,
        at_meeting=at_meeting,
    )
    amendment.full_clean()
    amendment.save()
    return amendment

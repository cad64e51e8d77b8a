"""Motions: submitted to a meeting before its deadline (late ones are emergency motions for
the Chair to accept), amended on numbered lines, put on the agenda in the Standing Orders'
order, voted (the outcomes go into the minutes through meetings.services.minutes), sent on
to other bodies, and composited. The line rules are in meetings.motions."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from clp.notifications.services import notify
from meetings import motion_selectors as selectors
from meetings import motions as rules
from meetings.models import AgendaItem, Decision, Meeting, Motion, MotionAmendment, MotionEdit, MotionSending
from meetings.services.agenda import item_add, item_move
from meetings.services.minutes import decision_record
from officers.models import Post

Status = Motion.Status
AStatus = MotionAmendment.Status


def _check_words(text, limit, where="the Standing Orders allow"):
    words = rules.word_count(text)
    if limit and words > limit:
        raise ValidationError(
            {
                "text": f"This motion has {words} words; {where} at most {limit}. "
                f"Shorten it by {words - limit}."
            }
        )


def _check_not_a_duplicate(meeting, text, exclude=None):
    same = Motion.objects.filter(meeting=meeting, digest=rules.digest(text)).exclude(
        status__in=[Status.WITHDRAWN, Status.COMPOSITED]
    )
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    first = same.first()
    if first:
        raise ValidationError(
            {"text": f"This motion has already been submitted to this meeting, as motion {first.number}."}
        )


def _check_source(*, submitted_from, branch, affiliate, source_decision):
    if submitted_from == Motion.From.BRANCH and branch is None:
        raise ValidationError({"branch": "Choose the branch the motion comes from."})
    if submitted_from == Motion.From.AFFILIATE and affiliate is None:
        raise ValidationError({"affiliate": "Choose the affiliated organisation the motion comes from."})
    if source_decision is not None:
        meeting = source_decision.item.meeting
        if source_decision.outcome != Decision.Outcome.CARRIED or meeting.branch_id != getattr(
            branch, "pk", None
        ):
            raise ValidationError(
                {"source_decision": "Link the decision by which the branch carried this motion."}
            )


@transaction.atomic
def motion_submit(
    *,
    meeting,
    title,
    text,
    proposer,
    seconder,
    submitted_from,
    branch=None,
    affiliate=None,
    source_decision=None,
    by=None,
) -> Motion:
    """Submit a motion to `meeting`. After the deadline (days before the meeting, from the
    Standing Orders) it is an emergency motion and waits for the Chair's acceptance."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)  # numbers and duplicates, one at a time
    if meeting.reached(Meeting.Status.HELD):
        raise ValidationError("This meeting has been held: submit the motion to the next one.")
    rule = selectors.motion_rules_for(meeting)
    if submitted_from == Motion.From.MEMBERS and not rule.members_may_submit:
        raise ValidationError(
            {"submitted_from": "The Standing Orders do not let members submit motions to this meeting."}
        )
    if submitted_from != Motion.From.BRANCH:
        branch, source_decision = None, None
    if submitted_from != Motion.From.AFFILIATE:
        affiliate = None
    _check_source(
        submitted_from=submitted_from, branch=branch, affiliate=affiliate, source_decision=source_decision
    )
    if not rules.paragraphs(text):
        raise ValidationError({"text": "Give the motion's text."})
    _check_words(text, rule.motion_word_limit)
    _check_not_a_duplicate(meeting, text)
    now = timezone.now()
    deadline = rules.motion_deadline(timezone.localdate(meeting.starts_at), rule.motion_deadline_days)
    motion = Motion(
        meeting=meeting,
        number=(meeting.motions.aggregate(n=Max("number"))["n"] or 0) + 1,
        title=title,
        text=text.strip(),
        proposer=proposer,
        seconder=seconder,
        submitted_from=submitted_from,
        branch=branch,
        affiliate=affiliate,
        source_decision=source_decision,
        submitted_by=by,
        submitted_at=now,
        deadline=deadline,
        digest=rules.digest(text),
        emergency=rules.is_late(timezone.localdate(now), deadline),
    )
    motion.full_clean()
    motion.save()
    if motion.emergency:
        _tell_the_chair(motion)
    return motion


def _tell_the_chair(motion):
    """A late motion waits for the Chair (a branch meeting's: the Branch Chair): tell them."""
    meeting = motion.meeting
    if meeting.branch_id:
        chairs = Post.objects.filter(branch_id=meeting.branch_id, role=Post.Role.BRANCH_CHAIR)
    else:
        chairs = Post.objects.filter(scope=Post.Scope.CLP, role=Post.Role.CHAIR)
    notify(
        key=f"motion:{motion.pk}:emergency",
        kind="emergency_motion",
        subject=f"An emergency motion for {meeting}: {motion.title}",
        body=f'{motion.submitter} submitted "{motion.title}" after the deadline of '
        f"{motion.deadline:%-d %B %Y}. It goes on the agenda only if you accept it as an emergency motion.",
        to_posts=list(chairs),
        url=reverse("meetings:motion", kwargs={"pk": motion.pk}),
    )


@transaction.atomic
def motion_update(*, motion, title, text, proposer, seconder, reason="", by=None) -> Motion:
    """Change a motion. After the deadline the change is recorded, with the words before and
    the reason (who may change it then is decided in officers.access: the Secretary)."""
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != Status.SUBMITTED:
        raise ValidationError(
            f"This motion is {motion.get_status_display().lower()}: it can no longer change."
        )
    text = text.strip()
    if text != motion.text and motion.amendments.exclude(status=AStatus.WITHDRAWN).exists():
        raise ValidationError(
            {"text": "Amendments refer to this motion's numbered lines, so its text cannot change now."}
        )
    if not rules.paragraphs(text):
        raise ValidationError({"text": "Give the motion's text."})
    _check_words(text, selectors.motion_rules_for(motion.meeting).motion_word_limit)
    _check_not_a_duplicate(motion.meeting, text, exclude=motion)
    late = timezone.localdate() > motion.deadline
    if late and not reason.strip():
        raise ValidationError(
            {"reason": "After the deadline every change is recorded: give the reason for it."}
        )
    if late:
        MotionEdit.objects.create(
            motion=motion, title_before=motion.title, text_before=motion.text, reason=reason.strip(), by=by
        )
    motion.title, motion.text, motion.proposer, motion.seconder = title, text, proposer, seconder
    motion.digest = rules.digest(text)
    motion.full_clean()
    motion.save()
    return motion


@transaction.atomic
def motion_withdraw(*, motion) -> Motion:
    if motion.status != Status.SUBMITTED:
        raise ValidationError("Only a motion not yet voted on can be withdrawn.")
    motion.status = Status.WITHDRAWN
    motion.save(update_fields=["status"])
    return motion


@transaction.atomic
def motion_accept_emergency(*, motion) -> Motion:
    """The Chair accepts a late motion as an emergency motion: it can then go on the agenda."""
    if not motion.emergency:
        raise ValidationError("This motion arrived before the deadline: it needs no acceptance.")
    if motion.emergency_accepted_at:
        raise ValidationError("The Chair has already accepted this emergency motion.")
    motion.emergency_accepted_at = timezone.now()
    motion.save(update_fields=["emergency_accepted_at"])
    return motion


# --- Amendments ------------------------------------------------------------------------------


@transaction.atomic
def amendment_propose(*, motion, op, first_line, text, mover, last_line=None, branch=None, by=None):
    """An amendment on the motion's numbered lines: refused if the lines do not exist."""
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != Status.SUBMITTED:
        raise ValidationError("Only a motion not yet voted on can be amended.")
    if op == MotionAmendment.Op.INSERT:
        last_line = None
    change = rules.Change(op, first_line, last_line or first_line, text or "")
    found = rules.problems(change, len(motion.lines))
    if found:
        raise ValidationError(found)
    amendment = MotionAmendment(
        motion=motion,
        number=(motion.amendments.aggregate(n=Max("number"))["n"] or 0) + 1,
        op=op,
        first_line=first_line,
        last_line=last_line,
        text=(text or "").strip(),
        mover=mover,
        branch=branch,
        submitted_by=by,
    )
    amendment.full_clean()
    amendment.save()
    return amendment


def _check_fits_the_motion(amendment):
    """An amendment joining the motion as amended may not change lines another one already changed."""
    taken = [a for a in amendment.motion.amendments.all() if a.status in selectors.IN_THE_MOTION]
    for other in taken:
        if other.pk != amendment.pk and rules.conflicts(other.change, amendment.change):
            raise ValidationError(
                f"Amendment {amendment.number} changes the same lines as amendment {other.number}, "
                "which is already part of the motion: it must be withdrawn or redrafted."
            )


@transaction.atomic
def amendment_withdraw(*, amendment) -> MotionAmendment:
    if amendment.status != AStatus.PROPOSED:
        raise ValidationError("Only an amendment not yet decided can be withdrawn.")
    amendment.status = AStatus.WITHDRAWN
    amendment.save(update_fields=["status"])
    return amendment


@transaction.atomic
def amendment_accept_friendly(*, amendment) -> MotionAmendment:
    """The motion's mover accepts the amendment: it becomes part of the motion without a vote."""
    if amendment.status != AStatus.PROPOSED or amendment.motion.status != Status.SUBMITTED:
        raise ValidationError(
            "Only an amendment not yet decided, to a motion not yet voted, can be accepted."
        )
    _check_fits_the_motion(amendment)
    amendment.status = AStatus.FRIENDLY
    amendment.save(update_fields=["status"])
    return amendment


# --- On the agenda ---------------------------------------------------------------------------


def _agenda_order(meeting):
    """What goes on the agenda, in the Standing Orders' order: each motion's amendments, then
    the motion; ordinary motions by number, then the emergency motions the Chair accepted."""
    order, waiting = [], []
    for motion in selectors.motions_for(meeting):
        if motion.status != Status.SUBMITTED:
            continue
        if motion.awaits_chair:
            waiting.append(motion)
            continue
        order += [a for a in motion.amendments.all() if a.status == AStatus.PROPOSED]
        order.append(motion)
    return order, waiting


@transaction.atomic
def motions_to_agenda(*, meeting) -> list:
    """Put the meeting's motions and amendments on its agenda as items for decision, in the
    Standing Orders' order (items already there are moved into it). Returns warnings: the
    emergency motions still waiting for the Chair."""
    order, waiting = _agenda_order(meeting)
    if not order:
        raise ValidationError("There are no motions to put on the agenda.")
    items = []
    for entry in order:
        if entry.agenda_item_id is None:
            entry.agenda_item = item_add(
                meeting=meeting,
                kind=AgendaItem.Kind.DECISION,
                minutes_allowed=5 if isinstance(entry, MotionAmendment) else 10,
                **_item_words(entry),
            )
            entry.save(update_fields=["agenda_item"])
        items.append(entry.agenda_item)
    start = min(item.order for item in AgendaItem.objects.filter(pk__in=[i.pk for i in items]))
    for offset, item in enumerate(items):
        item_move(item=item, position=start + offset)
    return [
        f"Emergency motion {m.number} ({m.title}) waits for the Chair's acceptance: it is not on the agenda."
        for m in waiting
    ]


def _item_words(entry):
    if isinstance(entry, MotionAmendment):
        motion = entry.motion
        return {
            "title": f"Amendment {entry.number} to motion {motion.number}: {motion.title}"[:200],
            "presenter": entry.mover[:120],
            "description": f"{entry.summary}: {entry.text}" if entry.text else entry.summary,
        }
    kind = "Emergency motion" if entry.emergency else "Motion"
    return {
        "title": f"{kind} {entry.number}: {entry.title}"[:200],
        "presenter": entry.proposer[:120],
        "description": entry.text,
    }


# --- Voting --------------------------------------------------------------------------------


def _check_on_agenda(entry, what):
    if entry.agenda_item_id is None:
        raise ValidationError(f"Put the {what} on the agenda before recording the vote.")


@transaction.atomic
def amendment_vote(*, amendment, outcome, votes_for=None, votes_against=None, abstentions=None):
    """Record the vote on an amendment as a decision in the minutes."""
    amendment = MotionAmendment.objects.select_for_update().select_related("motion").get(pk=amendment.pk)
    if amendment.status != AStatus.PROPOSED:
        raise ValidationError(
            f"Amendment {amendment.number} is already {amendment.get_status_display().lower()}."
        )
    if amendment.motion.status != Status.SUBMITTED:
        raise ValidationError("The motion has already been voted on.")
    _check_on_agenda(amendment, "amendment")
    if outcome == Decision.Outcome.CARRIED:
        _check_fits_the_motion(amendment)
    words = f"Amendment {amendment.number} to motion {amendment.motion.number}: {amendment.summary}"
    decision = decision_record(
        item=amendment.agenda_item,
        motion=f"{words}: {amendment.text}" if amendment.text else words,
        outcome=outcome,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
    )
    amendment.decision = decision
    amendment.status = {Decision.Outcome.CARRIED: AStatus.CARRIED, Decision.Outcome.LOST: AStatus.LOST}.get(
        outcome, AStatus.WITHDRAWN
    )
    amendment.save(update_fields=["decision", "status"])
    return decision


@transaction.atomic
def motion_vote(*, motion, outcome, votes_for=None, votes_against=None, abstentions=None):
    """Record the vote on the motion as amended (its amendments voted first) as a decision."""
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != Status.SUBMITTED:
        raise ValidationError(f"This motion is already {motion.get_status_display().lower()}.")
    if motion.awaits_chair:
        raise ValidationError("This emergency motion has not been accepted by the Chair.")
    _check_on_agenda(motion, "motion")
    pending = [a.number for a in motion.amendments.all() if a.status == AStatus.PROPOSED]
    if pending:
        numbers = ", ".join(str(n) for n in pending)
        raise ValidationError(
            f"Vote on the amendments first (amendment {numbers}), or record them withdrawn."
        )
    final = selectors.amended_text(motion)
    amended = any(a.status in selectors.IN_THE_MOTION for a in motion.amendments.all())
    decision = decision_record(
        item=motion.agenda_item,
        motion=f"Motion {motion.number}: {motion.title}{' (as amended)' if amended else ''}\n{final}",
        outcome=outcome,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
    )
    motion.decision = decision
    motion.final_text = final
    motion.status = {Decision.Outcome.CARRIED: Status.CARRIED, Decision.Outcome.LOST: Status.LOST}.get(
        outcome, Status.WITHDRAWN
    )
    motion.save(update_fields=["decision", "final_text", "status"])
    return decision


# --- Onwards -------------------------------------------------------------------------------


@transaction.atomic
def motion_send(*, motion, body, sent_on, by=None) -> MotionSending:
    """Send a carried motion on (the National Policy Forum, regional or annual conference,
    the council group), within the party's word limit and deadline for that body."""
    if motion.status != Status.CARRIED:
        raise ValidationError("Only a carried motion can be sent on.")
    rule = selectors.conference_rule_for(body, sent_on)
    name = rule.get_body_display()
    _check_words(motion.final_text or motion.text, rule.word_limit, where=f"motions to the {name} have")
    if rule.deadline and sent_on > rule.deadline:
        raise ValidationError(
            {"sent_on": f"The deadline for motions to the {name} was {rule.deadline:%-d %B %Y}."}
        )
    if motion.sendings.filter(body=body).exists():
        raise ValidationError({"body": f"This motion has already been sent to the {name}."})
    sending = MotionSending(motion=motion, body=body, sent_on=sent_on, sent_by=by)
    sending.full_clean()
    try:
        with transaction.atomic():
            sending.save()
    except IntegrityError:
        raise ValidationError({"body": f"This motion has already been sent to the {name}."}) from None
    return sending


@transaction.atomic
def sending_reply(*, sending, reply, replied_on) -> MotionSending:
    """What the body did with the motion, or its reply."""
    if replied_on < sending.sent_on:
        raise ValidationError({"replied_on": "The reply cannot come before the motion was sent."})
    if not reply.strip():
        raise ValidationError({"reply": "Give the reply, or what happened to the motion."})
    sending.reply, sending.replied_on = reply.strip(), replied_on
    sending.full_clean()
    sending.save(update_fields=["reply", "replied_on"])
    return sending


# --- Compositing ---------------------------------------------------------------------------


@transaction.atomic
def motions_composite(*, motions, title, text, proposer, seconder, movers_agreed, by=None) -> Motion:
    """Composite motions on the same subject into one, with their movers' agreement: the
    composite keeps where each came from (`composited_from`), the originals are marked."""
    motions = list(Motion.objects.select_for_update().filter(pk__in=[m.pk for m in motions]))
    if len(motions) < 2:
        raise ValidationError({"motions": "Choose at least two motions to composite."})
    if len({m.meeting_id for m in motions}) != 1:
        raise ValidationError({"motions": "Only motions to the same meeting can be composited."})
    if any(m.status != Status.SUBMITTED for m in motions):
        raise ValidationError({"motions": "Only motions not yet voted on can be composited."})
    if not movers_agreed:
        raise ValidationError({"movers_agreed": "A composite needs the agreement of the motions' movers."})
    meeting = motions[0].meeting
    for m in motions:  # the composite's own digest must be free, the originals' are released
        m.status = Status.COMPOSITED
        m.save(update_fields=["status"])
    composite = motion_submit(
        meeting=meeting,
        title=title,
        text=text,
        proposer=proposer,
        seconder=seconder,
        submitted_from=Motion.From.COMPOSITE,
        by=by,
    )
    # A composite is late only if every motion in it was; the Chair's acceptance of them all carries over.
    composite.emergency = all(m.emergency for m in motions)
    accepted = [m.emergency_accepted_at for m in motions]
    composite.emergency_accepted_at = max(accepted) if composite.emergency and all(accepted) else None
    composite.deadline = min(m.deadline for m in motions)
    composite.save(update_fields=["emergency", "emergency_accepted_at", "deadline"])
    Motion.objects.filter(pk__in=[m.pk for m in motions]).update(composited_into=composite)
    return composite

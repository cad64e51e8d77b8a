"""Reads for motions: each returns a queryset (or plain data) with its joins already on."""

import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from meetings import motions as rules
from meetings import selectors
from meetings.models import ConferenceRule, Decision, Meeting, Motion, MotionAmendment

Status = MotionAmendment.Status
IN_THE_MOTION = (Status.FRIENDLY, Status.CARRIED)  # amendments that are part of the motion as amended


def motion_rules_for(meeting):
    """The Standing Orders for motions to `meeting`, in force on the meeting's day."""
    return selectors.standing_order_for(meeting.kind, on=timezone.localdate(meeting.starts_at))


def motion_deadline_for(meeting) -> datetime.date:
    rule = motion_rules_for(meeting)
    return rules.motion_deadline(timezone.localdate(meeting.starts_at), rule.motion_deadline_days)


def with_motion_rules(meeting):
    """The meeting with `members_may_submit` and `motion_deadline` from its Standing Orders,
    for the access question 'may this member submit?' and the pages."""
    rule = motion_rules_for(meeting)
    meeting.members_may_submit = rule.members_may_submit
    meeting.motion_deadline = rules.motion_deadline(
        timezone.localdate(meeting.starts_at), rule.motion_deadline_days
    )
    meeting.motion_word_limit = rule.motion_word_limit
    return meeting


def _amendments():
    return Prefetch(
        "amendments",
        queryset=MotionAmendment.objects.select_related("branch", "decision").order_by("number", "pk"),
    )


def motions_with_details():
    """Motions with their meeting, submitter, amendments, onward sendings and edits."""
    return Motion.objects.select_related(
        "meeting__branch", "branch", "affiliate", "decision", "source_decision__item__meeting__branch"
    ).prefetch_related(_amendments(), "sendings", "edits", "composited_from__branch")


def _in_order(motions):
    """The Standing Orders' order: ordinary motions by number, then emergency motions;
    composited and withdrawn ones last."""
    done = [Motion.Status.WITHDRAWN, Motion.Status.COMPOSITED]
    return sorted(motions, key=lambda m: (m.status in done, m.emergency, m.number, m.pk))


def motions_for(meeting):
    """The meeting's motions, with their details, in the Standing Orders' order."""
    return _in_order(motions_with_details().filter(meeting=meeting))


def motions_listed_for(meeting):
    """The meeting's motions as its list of motions shows them, in the same order as
    `motions_for`: each with its submitter and the number of its amendments
    (`amendment_count`), and nothing else (one query)."""
    motions = Motion.objects.filter(meeting=meeting).select_related("branch", "affiliate")
    return _in_order(motions.annotate(amendment_count=Count("amendments")))


def amended_text(motion, amendments=None):
    """The motion as amended: the amendments accepted as friendly or carried, applied."""
    amendments = motion.amendments.all() if amendments is None else amendments
    changes = [a.change for a in amendments if a.status in IN_THE_MOTION]
    return (
        rules.apply(motion.lines, changes)
        if changes
        else rules.text_of([(line.text, line.ends_paragraph) for line in motion.lines])
    )


def amendment_conflicts(motion):
    """{amendment pk: [numbers of the live amendments on the same lines]}."""
    live = [a for a in motion.amendments.all() if a.live]
    pairs = rules.conflicting_pairs([a.change for a in live])
    found = {}
    for i, j in pairs:
        found.setdefault(live[i].pk, []).append(live[j].number)
        found.setdefault(live[j].pk, []).append(live[i].number)
    return found


def conference_rule_for(body, on):
    """The party's rule for motions to `body` in force on `on`; one with no limits if none."""
    rule = (
        ConferenceRule.objects.filter(body=body, effective_from__lte=on).order_by("-effective_from").first()
    )
    return rule or ConferenceRule(body=body, effective_from=on)


def branch_decisions(branch_ids):
    """Carried decisions of branch meetings (of `branch_ids`, None for every branch): what a
    branch secretary submits to the CLP as a motion."""
    qs = Decision.objects.select_related("item__meeting__branch").filter(
        outcome=Decision.Outcome.CARRIED, item__meeting__kind=Meeting.Kind.BRANCH
    )
    if branch_ids is not None:
        qs = qs.filter(item__meeting__branch_id__in=branch_ids)
    return qs.order_by("-item__meeting__starts_at", "pk")


def _register(year, search, motions=Motion.objects):
    qs = motions.filter(meeting__starts_at__year=year).order_by("meeting__starts_at", "number")
    for word in search.split()[:10]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(text__icontains=word)
            | Q(proposer__icontains=word)
            | Q(branch__name__icontains=word)
            | Q(affiliate__name__icontains=word)
        )
    return qs


def motion_register(access, *, year, search=""):
    """Motions to meetings in `year` that the person may read, with their outcomes; `search`
    matches words in the title, text, submitter or proposer."""
    return list(_register(year, search, motions_with_details()).filter(access.motions_scope()))


def motion_register_ids(access, *, year, search=""):
    """The ids of the register's motions the person may read, in its order (one light query:
    who may read which is a condition in it, access.motions_scope)."""
    return list(_register(year, search).filter(access.motions_scope()).values_list("pk", flat=True))


def motion_register_rows(ids):
    """The register's rows for `ids` (a page of them), in that order, with what the page shows:
    meeting, submitter, decision and onward sendings, and only that of each (a whole motion,
    meeting, branch and decision a row cost a third of the page's Python calls)."""
    qs = Motion.objects.filter(pk__in=ids).select_related("meeting", "branch", "affiliate", "decision")
    qs = qs.only(
        *("meeting", "number", "title", "submitted_from", "branch", "affiliate", "status", "decision"),
        *("meeting__title", "meeting__kind", "meeting__starts_at", "branch__name", "affiliate__name"),
        *("decision__votes_for", "decision__votes_against"),
    )
    found = qs.prefetch_related("sendings").in_bulk()
    return [found[pk] for pk in ids if pk in found]


def motions_of_branch(branch_id, *, limit=20):
    """The motions a branch submitted, newest first, with where they went (two queries)."""
    return (
        Motion.objects.filter(branch_id=branch_id)
        .select_related("meeting")
        .prefetch_related("sendings")
        .order_by("-submitted_at")[:limit]
    )

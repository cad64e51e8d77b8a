"""What the CLP's Standing Orders say about each kind of meeting, from a date."""

from django.db import transaction

from meetings.models import StandingOrder


@transaction.atomic
def standing_order_set(
    *,
    kind,
    effective_from,
    notice_days,
    branch_notice_days,
    reminder_days,
    action_reminder_days,
    max_minutes,
    quorum_number=None,
    quorum_fraction=None,
    source="",
    motion_deadline_days=None,
    motion_word_limit=None,
    members_may_submit=None,
) -> StandingOrder:
    """Record what Standing Orders say about a kind of meeting from a date (a rule already
    recorded for that date is replaced). Earlier rules stay as they were, so past meetings
    are judged by the rules of their day. The quorum is a number or a fraction, not both.
    For motions: the days before the meeting they are due and whether members may submit
    (None: as they were, or the defaults), and the word limit (None: no limit)."""
    rule = StandingOrder.objects.filter(kind=kind, effective_from=effective_from).first() or StandingOrder(
        kind=kind, effective_from=effective_from
    )
    rule.quorum_number = quorum_number
    rule.quorum_fraction = quorum_fraction
    rule.notice_days = notice_days
    rule.branch_notice_days = branch_notice_days
    rule.reminder_days = reminder_days
    rule.action_reminder_days = action_reminder_days
    rule.max_minutes = max_minutes
    rule.source = source
    if motion_deadline_days is not None:
        rule.motion_deadline_days = motion_deadline_days
    rule.motion_word_limit = motion_word_limit
    if members_may_submit is not None:
        rule.members_may_submit = members_may_submit
    rule.full_clean()
    rule.save()
    return rule

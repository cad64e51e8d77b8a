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
) -> StandingOrder:
    """Record what Standing Orders say about a kind of meeting from a date (a rule already
    recorded for that date is replaced). Earlier rules stay as they were, so past meetings
    are judged by the rules of their day. The quorum is a number or a fraction, not both."""
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
    rule.full_clean()
    rule.save()
    return rule

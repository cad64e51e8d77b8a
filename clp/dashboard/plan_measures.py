"""The development plan's automatic targets, counted where the data is visible: the
PLAN_MEASURES_PROVIDER (officers.plan names it; officers may not import the apps above it).

- new members: people marked New in an imported Membership Action Report, who joined from the
  plan's start to the target's date (of the target's branch, if it names one);
- money raised: fundraising income in the ledger over the same days (CLP and branches, or the
  target's branch);
- events held, attendance, money raised at events: the diary's events that count toward the
  target (not cancelled, already started), their attendance and what they raised.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from branches.models import MembershipImport, MembershipReportEntry
from finance.models import LedgerEntry
from officers.models import Target

ZERO = Decimal("0")
M = Target.Measure


def _new_members(target, first, last):
    entries = MembershipReportEntry.objects.filter(
        status=MembershipReportEntry.Status.NEW,
        report__status=MembershipImport.Status.DONE,
        person__joined_on__gte=first,
        person__joined_on__lte=last,
    )
    if target.branch_id:
        entries = entries.filter(branch_id=target.branch_id)
    return Decimal(entries.values("person_id").distinct().count())


def _money_raised(target, first, last):
    entries = LedgerEntry.objects.filter(
        direction=LedgerEntry.Direction.INCOME,
        category=LedgerEntry.Category.FUNDRAISING,
        on__gte=first,
        on__lte=last,
    )
    if target.branch_id:
        entries = entries.filter(branch_id=target.branch_id)
    return entries.aggregate(total=Sum("amount"))["total"] or ZERO


def _events(targets):
    """{target id: (held, attendance, raised)} in one query."""
    held = Q(events__cancelled=False, events__starts_at__lte=timezone.now())
    rows = (
        Target.objects.filter(pk__in=[t.pk for t in targets])
        .annotate(
            held=Count("events", filter=held),
            came=Sum("events__attendance", filter=held),
            raised=Sum("events__raised", filter=held),
        )
        .values_list("pk", "held", "came", "raised")
    )
    return {pk: (Decimal(n), Decimal(came or 0), raised or ZERO) for pk, n, came, raised in rows}


def achieved(targets, today) -> dict:
    """{target id: what it has reached} for automatic targets, counted to `today`."""
    found = {}
    from_diary = [t for t in targets if t.measure in (M.EVENTS_HELD, M.ATTENDANCE, M.EVENT_MONEY)]
    events = _events(from_diary) if from_diary else {}
    for target in targets:
        first = target.objective.plan.starts_on
        last = min(target.due_on, today)
        if target.measure == M.NEW_MEMBERS:
            found[target.pk] = _new_members(target, first, last)
        elif target.measure == M.MONEY_RAISED:
            found[target.pk] = _money_raised(target, first, last)
        elif target.pk in events:
            held, came, raised = events[target.pk]
            found[target.pk] = {M.EVENTS_HELD: held, M.ATTENDANCE: came, M.EVENT_MONEY: raised}[
                target.measure
            ]
    return found

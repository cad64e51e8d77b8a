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


def _window(target, today):
    """What counts toward `target`: the days from its plan's start to its date (or today), and
    its branch if it names one (None: every branch)."""
    return target.objective.plan.starts_on, min(target.due_on, today), target.branch_id


def _within(windows, *, on):
    """The filter of the days of every window (what any of the targets counts)."""
    return {f"{on}__gte": min(w[0] for w in windows), f"{on}__lte": max(w[1] for w in windows)}


# The two below read the rows of the plan's days in one query and count each target's in
# Python: an aggregate with a filter a target (as they were) cost a thousand calls a target
# to build, and the SQL compared every row with every target's window.


def _new_members(targets, today):
    """{target id: new members} in one query for every target."""
    if not targets:
        return {}
    windows = {t.pk: _window(t, today) for t in targets}
    entries = MembershipReportEntry.objects.filter(
        status=MembershipReportEntry.Status.NEW,
        report__status=MembershipImport.Status.DONE,
        **_within(windows.values(), on="person__joined_on"),
    )
    rows = list(entries.order_by().values_list("person__joined_on", "branch_id", "person_id").distinct())
    return {
        pk: Decimal(len({who for on, at, who in rows if first <= on <= last and branch in (None, at)}))
        for pk, (first, last, branch) in windows.items()
    }


def _money_raised(targets, today):
    """{target id: fundraising income} in one query for every target."""
    if not targets:
        return {}
    windows = {t.pk: _window(t, today) for t in targets}
    entries = LedgerEntry.objects.filter(
        direction=LedgerEntry.Direction.INCOME,
        category=LedgerEntry.Category.FUNDRAISING,
        **_within(windows.values(), on="on"),
    )
    days = list(entries.order_by().values_list("on", "branch_id").annotate(total=Sum("amount")))
    return {
        pk: sum((total for on, at, total in days if first <= on <= last and branch in (None, at)), ZERO)
        for pk, (first, last, branch) in windows.items()
    }


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
    """{target id: what it has reached} for automatic targets, counted to `today` (one query
    per measure, whatever the number of targets)."""
    found = {}
    from_diary = [t for t in targets if t.measure in (M.EVENTS_HELD, M.ATTENDANCE, M.EVENT_MONEY)]
    events = _events(from_diary) if from_diary else {}
    found.update(_new_members([t for t in targets if t.measure == M.NEW_MEMBERS], today))
    found.update(_money_raised([t for t in targets if t.measure == M.MONEY_RAISED], today))
    for target in from_diary:
        if target.pk in events:
            held, came, raised = events[target.pk]
            found[target.pk] = {M.EVENTS_HELD: held, M.ATTENDANCE: came, M.EVENT_MONEY: raised}[
                target.measure
            ]
    return found

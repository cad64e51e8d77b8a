"""The money law as pure functions over plain data (PPERA 2000 and its amendments).

Every figure the law sets lives in the Threshold table with the date it took effect; the
functions here take those tables (lists of (effective_from, value)) so that they can be
tested without a database and stay right when a statutory instrument changes a figure.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

# Threshold kinds (the Threshold model's `kind`).
FLOOR = "donation_floor"  # more than this: check permissibility and report to head office
AU_REPORTING = "au_reporting"  # per source per calendar year: head office reports it to the EC
ACCOUNTS_TO_EC = "accounts_to_ec"  # gross income or total expenditure over it: accounts to the EC
CHECK_PERIOD = "check_period_days"  # PPERA s.56(2): the period to check and return a donation

# The figures as enacted: the data migration seeds the Threshold table with them, and the
# table is re-seeded from here if it is ever found empty (a flushed database). A new figure
# is a new row in the table (admin), never an edit here.
STATUTORY = [
    (FLOOR, datetime.date(2010, 1, 1), Decimal("500.00"), "PPERA, as amended by the PPE Act 2009"),
    (
        AU_REPORTING,
        datetime.date(2010, 1, 1),
        Decimal("1500.00"),
        "PPERA s.62, as amended by the PPE Act 2009",
    ),
    (AU_REPORTING, datetime.date(2024, 1, 1), Decimal("2230.00"), "PPERA s.62, raised from 1 January 2024"),
    (ACCOUNTS_TO_EC, datetime.date(2010, 1, 1), Decimal("25000.00"), "PPERA s.45"),
    (CHECK_PERIOD, datetime.date(2001, 2, 16), Decimal("30"), "PPERA s.56(2)"),
]

# Accounting units send their annual statement of accounts by 30 April (PPERA s.45).
ACCOUNTS_DUE_MONTH, ACCOUNTS_DUE_DAY = 4, 30


class NoThreshold(LookupError):
    """No value of the threshold was in force on the date asked about."""


def value_on(table, on):
    """The value in force on `on` from `table`, a list of (effective_from, value)."""
    applicable = [(start, value) for start, value in table if start <= on]
    if not applicable:
        raise NoThreshold(f"no value in force on {on:%d %B %Y}")
    return max(applicable, key=lambda row: row[0])[1]


def is_reportable(amount, floor):
    """'More than £500': £500.00 is outside the law, £500.01 must be checked and reported."""
    return Decimal(amount) > Decimal(floor)


def check_last_day(received_on, period_days):
    """The last day to check a donation (and return it if impermissible).

    PPERA s.56(2): "within the period of 30 days beginning with the date" of receipt, so the
    day of receipt is day 1: received 10 February, the last day is 11 March.
    """
    return received_on + datetime.timedelta(days=int(period_days) - 1)


def check_reminder_days(last_day):
    """When to remind: 10 and 3 days before the last day and on it (to the Treasurer), and on
    the last day to the Chair as Deputy Treasurer. Returns [(date, audience, label)]."""
    return [
        (last_day - datetime.timedelta(days=10), "treasurer", "10 days left"),
        (last_day - datetime.timedelta(days=3), "treasurer", "3 days left"),
        (last_day, "treasurer", "last day"),
        (last_day, "chair", "last day"),
    ]


def quarter_of(on):
    return (on.month - 1) // 3 + 1


def quarter_bounds(year, quarter):
    """First and last day of a quarter: Q1 January to March ... Q4 October to December."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("A quarter is 1, 2, 3 or 4.")
    first = datetime.date(year, 3 * quarter - 2, 1)
    last = (
        datetime.date(year, 12, 31)
        if quarter == 4
        else datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)
    )
    return first, last


def quarter_label(year, quarter):
    first, last = quarter_bounds(year, quarter)
    return f"Q{quarter} {year} ({first:%B} to {last:%B})"


def quarter_is_over(year, quarter, today):
    return quarter_bounds(year, quarter)[1] < today


def not_over_message(year, quarter):
    last = quarter_bounds(year, quarter)[1]
    return (
        f"Q{quarter} {year} is not over until {last:%d %B %Y}: you can download a draft, "
        "but it cannot be submitted yet."
    )


def report_due_on(year, quarter, days_after):
    """The CLP's quarterly report to head office falls due `days_after` the quarter ends."""
    return quarter_bounds(year, quarter)[1] + datetime.timedelta(days=days_after)


def previous_quarter(today):
    """The last quarter that is over on `today`: (year, quarter)."""
    quarter = quarter_of(today) - 1
    return (today.year - 1, 4) if quarter == 0 else (today.year, quarter)


def quarters_over(today, count):
    """The last `count` quarters that are over on `today`, newest first: [(year, quarter)]."""
    year, quarter = previous_quarter(today)
    quarters = []
    for _ in range(count):
        quarters.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return quarters


def accounts_due_on(year):
    """The annual statement of accounts for calendar year `year` is due by 30 April next."""
    return datetime.date(year + 1, ACCOUNTS_DUE_MONTH, ACCOUNTS_DUE_DAY)


def accounts_go_to_ec(income, expenditure, threshold):
    """An accounting unit with gross income or total expenditure over £25,000 sends its
    accounts to the Electoral Commission as well as to the party."""
    return Decimal(income) > Decimal(threshold) or Decimal(expenditure) > Decimal(threshold)


# Received, accepted, dealt with ---------------------------------------------------------------


def deemed_accepted_on(received_on, period_days):
    """The day a donation kept without a decision is deemed accepted: day 31 when the day of
    receipt is day 1 (PPERA s.56(2) gives 30 days "beginning with" the date of receipt; EC,
    "When do you receive and accept a donation": kept after the 30-day period, it is deemed
    accepted). Received 10 February 2026, deemed accepted 12 March 2026."""
    return check_last_day(received_on, period_days) + datetime.timedelta(days=1)


@dataclass(frozen=True)
class Acceptance:
    """Where a donation stands in law on a given day."""

    on: datetime.date | None  # the day it was (or was deemed) accepted; None if it was not
    deemed: bool = False  # accepted by keeping it past the 30 days, not by a decision
    returned_in_time: bool = False  # returned within the 30 days: never accepted


def acceptance(*, received_on, period_days, today, accepted_on=None, returned_on=None):
    """When a donation was accepted, if it was.

    - Returned within the 30 days (day of receipt is day 1): never accepted, never counts.
    - Accepted by a decision within the 30 days: accepted that day.
    - Otherwise, from day 31 it is deemed accepted on day 31, even if it is returned later
      (returning it then is a refund, not a return under s.56) and even if a decision to
      accept it was recorded after the period.
    """
    last_day = check_last_day(received_on, period_days)
    deemed_on = last_day + datetime.timedelta(days=1)
    if returned_on is not None and returned_on <= last_day:
        return Acceptance(None, returned_in_time=True)
    if accepted_on is not None and accepted_on <= last_day:
        return Acceptance(accepted_on)
    if today >= deemed_on or accepted_on is not None or returned_on is not None:
        return Acceptance(deemed_on, deemed=True)
    return Acceptance(None)


def reported_on(*, permissible, accepted_on=None, dealt_with_on=None):
    """The day that decides a donation's quarter (EC, "Parties with accounting units"): a
    permissible donation in the quarter it was accepted (or deemed accepted), an
    impermissible one in the quarter it was dealt with (returned or sent to the Commission).
    A loan is reported in the quarter it was entered into: pass that day as `accepted_on`."""
    return accepted_on if permissible else dealt_with_on


# Grouping benefits ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Benefit:
    """A donation or loan, as the grouping rules see it: `on` is the day it was accepted (a
    donation) or entered into (a loan)."""

    source_id: int
    on: datetime.date
    amount: Decimal
    ref: str = ""
    kind: str = "donation"  # "donation" or "loan"


@dataclass
class Group:
    """Benefits from one source to the accounting unit in one calendar year, added in the
    order accepted since the last reportable group."""

    source_id: int
    year: int
    threshold: Decimal
    benefits: list = field(default_factory=list)
    total: Decimal = Decimal("0.00")
    reportable_on: datetime.date | None = None  # the day its total passed the threshold

    @property
    def reportable(self):
        return self.reportable_on is not None

    @property
    def quarter(self):
        return quarter_of(self.reportable_on) if self.reportable_on else None

    @property
    def refs(self):
        return [b.ref for b in self.benefits]

    @property
    def mixed(self):
        """A group holding both donations and loans, marked as such on the report."""
        return len({b.kind for b in self.benefits}) > 1


def group_benefits(benefits, floor_table, au_table):
    """The groups of permissible benefits, per source per calendar year, the CLP and its
    branches together (one accounting unit), donations and loans together.

    EC, "Parties with accounting units": report permissible benefits to an accounting unit
    "each time the total of benefits accepted from the same source in the same calendar year
    that have not previously been required to be reported exceeds" the threshold (£2,230 from
    2024). So benefits over the floor are added in the order accepted; the group is
    reportable on the day its total passes the threshold in force, listing every benefit in
    it; the next benefit starts a new group, reportable when it in turn passes the threshold.
    £500 or less is not a donation in law and never counts. Impermissible benefits are not
    grouped (they are each reported in the quarter dealt with): pass only permissible ones.
    Returns [Group], reportable or still open, ordered by source, year and first benefit.
    """
    open_groups, done = {}, []
    for benefit in sorted(benefits, key=lambda b: (b.on, b.ref)):
        if not is_reportable(benefit.amount, value_on(floor_table, benefit.on)):
            continue
        key = (benefit.source_id, benefit.on.year)
        threshold = value_on(au_table, benefit.on)
        group = open_groups.get(key)
        if group is None:
            group = open_groups[key] = Group(benefit.source_id, benefit.on.year, threshold)
        group.threshold = threshold
        group.benefits.append(benefit)
        group.total += Decimal(benefit.amount)
        if group.total > threshold:
            group.reportable_on = benefit.on
            done.append(open_groups.pop(key))
    groups = done + list(open_groups.values())
    groups.sort(key=lambda g: (g.source_id, g.year, g.benefits[0].on, g.benefits[0].ref))
    return groups


def groups_reportable_in(groups, year, quarter):
    """The groups that became reportable in the quarter (each listed with every benefit)."""
    return [g for g in groups if g.reportable and (g.year, g.quarter) == (year, quarter)]

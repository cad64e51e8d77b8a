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


@dataclass(frozen=True)
class Benefit:
    """A donation or loan, as the aggregation rules see it."""

    source_id: int
    on: datetime.date
    amount: Decimal
    ref: str = ""


@dataclass
class SourceYear:
    source_id: int
    year: int
    threshold: Decimal
    total: Decimal = Decimal("0.00")
    crossed_on: datetime.date | None = None
    refs: list = field(default_factory=list)

    @property
    def crossed_quarter(self):
        return quarter_of(self.crossed_on) if self.crossed_on else None


def group_by_source_year(benefits, floor_table, au_table):
    """Running totals per source per calendar year, donations and loans together, CLP and
    branches together (the CLP is one accounting unit).

    Only benefits over the floor count: £500 or less is not a donation in law. A source is
    reportable to the Electoral Commission when its total for the year is more than the
    accounting-unit threshold in force; `crossed_on` is the date of the benefit that took
    it over, so its quarter is the quarter it must be reported in.
    Returns {(source_id, year): SourceYear}.
    """
    groups = {}
    for benefit in sorted(benefits, key=lambda b: (b.on, b.ref)):
        if not is_reportable(benefit.amount, value_on(floor_table, benefit.on)):
            continue
        key = (benefit.source_id, benefit.on.year)
        threshold = value_on(au_table, benefit.on)
        group = groups.setdefault(
            key, SourceYear(source_id=benefit.source_id, year=benefit.on.year, threshold=threshold)
        )
        group.threshold = threshold
        group.total += Decimal(benefit.amount)
        group.refs.append(benefit.ref)
        if group.crossed_on is None and group.total > threshold:
            group.crossed_on = benefit.on
    return groups

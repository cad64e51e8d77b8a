"""Reads for the finance pages: querysets with their joins on, and the derived views of the
money law (statuses, the quarterly report's rows, running totals, the annual accounts)."""

import datetime
import functools
import operator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, Sum
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from clp.core.formats import day, money
from clp.core.pages import first_and_count
from finance import thresholds as law
from finance.models import (
    BankAccount,
    Donation,
    LedgerEntry,
    Loan,
    PermissibilityCheck,
    Signatory,
    Source,
    Threshold,
)
from officers.models import Term

ZERO = Decimal("0.00")


def threshold_tables():
    """{kind: [(effective_from, value), ...]} for every threshold (one query). A kind with no
    rows at all (a flushed database, until `services.thresholds_restore` runs) reads as the
    figures as enacted, so that the law is never missing."""
    tables = {kind: [] for kind, _ in Threshold.Kind.choices}
    for row in Threshold.objects.values_list("kind", "effective_from", "value"):
        tables[row[0]].append((row[1], row[2]))
    empty = {kind for kind, rows in tables.items() if not rows}
    for kind, effective_from, value, _source in law.STATUTORY:
        if kind in empty:
            tables[kind].append((effective_from, value))
    return tables


def threshold(kind, on, tables=None):
    return law.value_on((tables or threshold_tables())[kind], on)


def report_due_days():
    return getattr(settings, "FINANCE_REPORT_DUE_DAYS", 14)


# Donations and loans -------------------------------------------------------------------------


def donations(*, branch_ids=None):
    """Donations with their source, branch and check: of the branches `branch_ids` only (the
    CLP's own are in none of them), or every one with None."""
    qs = Donation.objects.select_related("source", "branch", "permissibility__checked_by")
    return qs if branch_ids is None else qs.filter(branch_id__in=branch_ids)


# What a row of a donations table reads (DonationListRow.of and donation_status): not the
# donor's address and notes, the check's evidence, nor who checked it.
LISTED_FIELDS = (
    "source__name", "branch__name", "nature", "description", "amount", "received_on", "accepted_on",
    "permissibility__outcome", "permissibility__checked_on", "permissibility__returned_on",
    "permissibility__returned_to",
)  # fmt: skip


def donations_listed(*, branch_ids=None):
    """donations(), reading only what a table of them shows (LISTED_FIELDS)."""
    qs = Donation.objects.select_related("source", "branch", "permissibility").only(*LISTED_FIELDS)
    return qs if branch_ids is None else qs.filter(branch_id__in=branch_ids)


def loans():
    return Loan.objects.select_related("source", "branch", "permissibility__checked_by")


def sources(*, branch_ids=None):
    """The donors and lenders someone recording for `branch_ids` may see (every one with
    None): those who gave or lent to those branches, and those not yet recorded as giving
    anything (just added, perhaps by them). A branch treasurer sees no other CLP donor."""
    qs = Source.objects.order_by("name")
    if branch_ids is None:
        return qs
    theirs = Q(donations__branch_id__in=branch_ids) | Q(loans__branch_id__in=branch_ids)
    unused = Q(donations=None, loans=None)
    return qs.filter(pk__in=Source.objects.filter(theirs | unused).values("pk"))


def sources_with_totals(*, branch_ids=None):
    return sources(branch_ids=branch_ids).annotate(
        donated=Sum("donations__amount", distinct=True), lent=Sum("loans__amount", distinct=True)
    )


@dataclass
class Status:
    """Where a donation stands under the 30-day rule, in words."""

    code: str  # below_floor, due, deemed_accepted, permissible, returned, forfeited
    text: str
    css: str
    last_day: datetime.date | None = None
    accepted: str = "Not yet"  # the "Accepted" line: a date, "deemed", or why it was not


def donation_status(donation, today, tables):
    """The donation's standing today. A returned donation never reads "accepted" unless the
    law says it was (returned after the 30 days: deemed accepted first, so a refund)."""
    floor = law.value_on(tables[law.FLOOR], donation.received_on)
    period = law.value_on(tables[law.CHECK_PERIOD], donation.received_on)
    last_day = law.check_last_day(donation.received_on, period)
    check = getattr(donation, "permissibility", None)
    returned_on = (
        check.returned_on if check is not None and check.outcome != check.Outcome.PERMISSIBLE else None
    )
    state = law.acceptance(
        received_on=donation.received_on,
        period_days=period,
        today=today,
        accepted_on=donation.accepted_on,
        returned_on=returned_on,
    )
    if state.returned_in_time:
        accepted = f"Not accepted: returned on {returned_on:%d %B %Y}, within the 30 days"
    elif state.deemed:
        accepted = f"Deemed accepted on {state.on:%d %B %Y} (kept past the 30 days without a decision)"
    else:
        accepted = f"{state.on:%d %B %Y}" if state.on else "Not yet"
    if check is not None:
        late = (
            " (checked after the 30-day period: deemed accepted first)" if check.checked_on > last_day else ""
        )
        if check.outcome == check.Outcome.PERMISSIBLE:
            return Status("permissible", f"Permissible{late}", "status-ok", last_day, accepted)
        verb = "returned" if check.outcome == check.Outcome.RETURNED else "sent to the Electoral Commission"
        text = f"Impermissible: {verb} on {returned_on:%d %B %Y}"
        if check.returned_to:
            text += f" to {check.returned_to}"
        if not state.returned_in_time:
            text += (
                f" (after the last day, {last_day:%d %B %Y}: it was deemed accepted first, so it still "
                "counts, and the party may be ordered to forfeit its value)"
            )
        code = "returned" if check.outcome == check.Outcome.RETURNED else "forfeited"
        return Status(
            code, text, "status-warning" if state.returned_in_time else "status-breach", last_day, accepted
        )
    if not law.is_reportable(donation.amount, floor):
        return Status("below_floor", f"£{floor} or less: no check or report needed", "status-unknown")
    if today <= last_day:
        days = (last_day - today).days
        return Status(
            "due",
            f"Check due by {last_day:%d %B %Y} ({days} day{'s' if days != 1 else ''} left)",
            "status-warning",
            last_day,
            accepted,
        )
    return Status(
        "deemed_accepted",
        f"Deemed accepted on {state.on:%d %B %Y}, not checked: not checked by {last_day:%d %B %Y}. If the "
        "donor was impermissible, the party may be ordered to forfeit its value (PPERA s.58).",
        "status-breach",
        last_day,
        accepted,
    )


@dataclass
class DonationListRow:
    """A row of the donations list, written out once in Python: the template only places it."""

    href: str
    donor: str
    amount: str
    nature: str
    received_on: str
    received_by: str
    status: Status

    @classmethod
    def of(cls, donation, status, href):
        nature = donation.get_nature_display()
        return cls(
            href=href,
            donor=str(donation.source),
            amount=money(donation.amount),
            nature=f"{nature}: {donation.description}" if donation.description else nature,
            received_on=day(donation.received_on),
            received_by=donation.received_by,
            status=status,
        )


# The columns of a table of donations: the donations list's, and the finance page's donations
# to check (who gave, how much, when, and where it stands).
LIST_COLUMNS = ("amount", "nature", "received_on", "received_by")
CHECK_COLUMNS = ("amount", "received_on")


def donation_rows(rows, columns=LIST_COLUMNS):
    """The <tr>s of a table of DonationListRows: the donor linked, `columns`, and the status.
    Written here once rather than by a template's eight tags a row (the template loop was half
    the donations list's time); every value is escaped."""
    e = conditional_escape
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'\n  <tr>\n    <th scope="row"><a href="{e(r.href)}">{e(r.donor)}</a></th>\n'
            + "".join(f"    <td>{e(getattr(r, c))}</td>\n" for c in columns)
            + f'    <td class="{e(r.status.css)}">{e(r.status.text)}</td>\n  </tr>'
            for r in rows
        )
    )


def with_statuses(donations, today, tables=None):
    tables = tables or threshold_tables()
    return [(d, donation_status(d, today, tables)) for d in donations]


def over_the_floor(tables, on):
    """More than the floor in force on the day in the field `on`, in SQL: one condition a
    period (law.is_reportable on each row's day)."""
    table = sorted(tables[law.FLOOR])
    parts = []
    for i, (start, value) in enumerate(table):
        part = Q(**{f"{on}__gte": start, "amount__gt": value})
        if i + 1 < len(table):
            part &= Q(**{f"{on}__lt": table[i + 1][0]})
        parts.append(part)
    return functools.reduce(operator.or_, parts)


def _awaiting_check(tables, since):
    """The unchecked donations over the floor in force on the day each was received: every one
    has its 30 days running or run out (donation_status says "due" or "deemed_accepted")."""
    # NOT EXISTS, not the outer join's IS NULL: PostgreSQL reads the latter as a filter after
    # the join, judges it to leave one row and joins the rest by loops (37 ms at 100,000
    # donations, against 4 ms as an anti-join).
    checked = PermissibilityCheck.objects.filter(donation=OuterRef("pk"))
    unchecked = donations_listed().filter(~Exists(checked)).filter(over_the_floor(tables, "received_on"))
    return unchecked if since is None else unchecked.filter(received_on__gte=since)


def donations_awaiting_check(today, *, since=None, tables=None):
    """[(donation, status)] of the unchecked donations whose 30 days are running or have run
    out (deemed accepted), received on or after `since` (any time with None). The database
    finds them (issue 18: the overview loaded every unchecked donation ever received to keep
    a few dozen); each one's status is then worked out as everywhere else."""
    tables = tables or threshold_tables()
    return with_statuses(_awaiting_check(tables, since), today, tables)


def donations_awaiting_check_page(today, number, per_page, *, since=None, tables=None):
    """The same, a page at a time: ([(donation, status)] of page `number`, the page), the count
    from the database and the statuses worked out for the page's rows only."""
    tables = tables or threshold_tables()
    page = Paginator(_awaiting_check(tables, since), per_page).get_page(number)
    return with_statuses(page.object_list, today, tables), page


def donations_awaiting_check_first(today, n, *, since=None, tables=None):
    """The same, the first `n` only: ([(donation, status)], how many are waiting), from one
    query (a dashboard's panel)."""
    tables = tables or threshold_tables()
    rows, count = first_and_count(_awaiting_check(tables, since), n)
    return with_statuses(rows, today, tables), count


# Annual accounts -----------------------------------------------------------------------------


@dataclass
class Accounts:
    year: int
    income: list  # [(label, amount)]
    expenditure: list
    threshold: Decimal
    due_on: datetime.date

    @property
    def total_income(self):
        return sum((a for _, a in self.income), ZERO)

    @property
    def total_expenditure(self):
        return sum((a for _, a in self.expenditure), ZERO)

    @property
    def goes_to_ec(self):
        return law.accounts_go_to_ec(self.total_income, self.total_expenditure, self.threshold)


def annual_accounts(year, tables=None):
    """Income and expenditure by category for the calendar year, CLP and branches together.
    Donations count as income unless returned or forfeited."""
    tables = tables or threshold_tables()
    labels = dict(LedgerEntry.Category.choices)
    sums = (
        LedgerEntry.objects.filter(on__year=year)
        .values("direction", "category")
        .annotate(total=Sum("amount"))
        .order_by("category")
    )
    income, expenditure = [], []
    for row in sums:
        target = income if row["direction"] == LedgerEntry.Direction.INCOME else expenditure
        target.append((labels[row["category"]], row["total"]))
    donated = (
        Donation.objects.filter(received_on__year=year)
        .exclude(permissibility__outcome__in=["returned", "forfeited"])
        .aggregate(total=Sum("amount"))["total"]
    )
    if donated:
        income.append(("Donations (cash and non-cash)", donated))
    end = datetime.date(year, 12, 31)
    return Accounts(
        year=year,
        income=income,
        expenditure=expenditure,
        threshold=law.value_on(tables[law.ACCOUNTS_TO_EC], end),
        due_on=law.accounts_due_on(year),
    )


def ledger_entries(*, branch_ids=None):
    """Income and expenditure: of the branches `branch_ids` only, or every entry with None."""
    qs = LedgerEntry.objects.select_related("branch")
    return qs if branch_ids is None else qs.filter(branch_id__in=branch_ids)


# Bank accounts -------------------------------------------------------------------------------


@dataclass
class AccountSignatories:
    account: BankAccount
    current: list  # [(signatory, is_current_officer)]

    @property
    def officer_count(self):
        return sum(1 for _, officer in self.current if officer)

    @property
    def warning(self):
        if self.officer_count < 3:
            return (
                f"Only {self.officer_count} of the signatories are current officers: the bank "
                "mandate needs at least 3 (two to sign each payment). Update it with the bank."
            )
        if len(self.current) > 4:
            return (
                f"{len(self.current)} people can sign: an account has 3 or 4 officer signatories, two "
                "to sign each payment. Take the others off the mandate with the bank."
            )
        return ""


def bank_accounts(today):
    current = Signatory.objects.filter(Q(removed_on=None) | Q(removed_on__gt=today)).select_related("person")
    accounts = BankAccount.objects.select_related("branch").prefetch_related(
        Prefetch("signatories", queryset=current, to_attr="current_signatories")
    )
    officers = set(
        Term.objects.current(today).filter(post__kind="officer").values_list("person_id", flat=True)
    )
    return [
        AccountSignatories(a, [(s, s.person_id in officers) for s in a.current_signatories]) for a in accounts
    ]

"""Reads for the finance pages: querysets with their joins on, and the derived views of the
money law (statuses, the quarterly report's rows, running totals, the annual accounts)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q, Sum

from finance import thresholds as law
from finance.models import (
    BankAccount,
    Donation,
    LedgerEntry,
    Loan,
    QuarterlyReport,
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


def donation_status(donation, today, tables):
    floor = law.value_on(tables[law.FLOOR], donation.received_on)
    last_day = law.check_last_day(
        donation.received_on, law.value_on(tables[law.CHECK_PERIOD], donation.received_on)
    )
    check = getattr(donation, "permissibility", None)
    if check is not None:
        late = " (checked after the 30-day period)" if check.checked_on > last_day else ""
        if check.outcome == check.Outcome.PERMISSIBLE:
            return Status("permissible", f"Permissible: accepted{late}", "status-ok", last_day)
        if check.outcome == check.Outcome.RETURNED:
            if check.returned_on > last_day:
                late = (
                    f" (after the last day, {last_day:%d %B %Y}: it was deemed accepted first, so "
                    "the party may still be ordered to forfeit its value)"
                )
            return Status(
                "returned",
                f"Impermissible: returned on {check.returned_on:%d %B %Y} to {check.returned_to}{late}",
                "status-warning",
                last_day,
            )
        return Status("forfeited", "Forfeited", "status-breach", last_day)
    if not law.is_reportable(donation.amount, floor):
        return Status("below_floor", f"£{floor} or less: no check or report needed", "status-unknown")
    if today <= last_day:
        days = (last_day - today).days
        return Status(
            "due",
            f"Check due by {last_day:%d %B %Y} ({days} day{'s' if days != 1 else ''} left)",
            "status-warning",
            last_day,
        )
    return Status(
        "deemed_accepted",
        f"Deemed accepted: not checked by {last_day:%d %B %Y}. If the donor was impermissible, "
        "the party may be ordered to forfeit its value (PPERA s.58).",
        "status-breach",
        last_day,
    )


def with_statuses(donations, today, tables=None):
    tables = tables or threshold_tables()
    return [(d, donation_status(d, today, tables)) for d in donations]


def donations_awaiting_check(today, *, since=None, tables=None):
    """[(donation, status)] of the unchecked donations whose 30 days are running or have run
    out (deemed accepted), received on or after `since` (any time with None)."""
    unchecked = donations().filter(permissibility=None)
    if since is not None:
        unchecked = unchecked.filter(received_on__gte=since)
    rows = with_statuses(unchecked, today, tables)
    return [(d, s) for d, s in rows if s.code in ("due", "deemed_accepted")]


# The quarterly report ------------------------------------------------------------------------


@dataclass
class ReportRow:
    ref: str
    kind: str  # "Donation" or the loan's kind
    source: Source
    amount: Decimal
    nature: str
    received_on: datetime.date
    accepted_on: datetime.date | None
    received_by: str
    check: object
    outcome: str
    crosses_ec_threshold: bool = False


@dataclass
class QuarterReport:
    year: int
    quarter: int
    first: datetime.date
    last: datetime.date
    rows: list
    is_over: bool
    due_on: datetime.date
    treasurer_name: str
    submitted: list  # QuarterlyReport versions, newest first
    floor: Decimal = Decimal("500.00")

    @property
    def label(self):
        return law.quarter_label(self.year, self.quarter)

    @property
    def total(self):
        return sum((r.amount for r in self.rows), ZERO)

    @property
    def donations_total(self):
        return sum((r.amount for r in self.rows if r.kind == "Donation"), ZERO)

    @property
    def loans_total(self):
        return sum((r.amount for r in self.rows if r.kind != "Donation"), ZERO)

    @property
    def is_nil(self):
        return not self.rows

    @property
    def refs(self):
        return [r.ref for r in self.rows]

    @property
    def latest(self):
        return self.submitted[0] if self.submitted else None

    @property
    def needs_amendment(self):
        return self.latest is not None and sorted(self.latest.item_refs) != sorted(self.refs)


RETURNED = "returned"


def _returned(check):
    """A donation returned within the 30 days was never accepted: it is reported with what
    was done, but it does not add to the source's total (PPERA s.56)."""
    return check is not None and check.outcome == RETURNED


def _outcome(check):
    if check is None:
        return "Not yet checked"
    text = f"{check.get_outcome_display()} (checked {check.checked_on:%d/%m/%Y} by {check.checked_by})"
    if check.outcome == check.Outcome.RETURNED:
        text += f"; returned {check.returned_on:%d/%m/%Y} to {check.returned_to}"
    return text


def treasurer_name(on):
    term = (
        Term.objects.current(on)
        .filter(post__role="treasurer", post__scope="clp")
        .select_related("person")
        .order_by("starts_on")
        .first()
    )
    return term.person.full_name if term else "(no Treasurer in post)"


def quarter_report(year, quarter, today):
    """Every reportable donation and loan received in the quarter, with what head office
    needs, and whether the source's total for the year passes the EC threshold in it."""
    first, last = law.quarter_bounds(year, quarter)
    tables = threshold_tables()
    year_start = datetime.date(year, 1, 1)
    donations = list(
        Donation.objects.filter(received_on__range=(year_start, last)).select_related(
            "source", "branch", "permissibility__checked_by"
        )
    )
    loans = list(
        Loan.objects.filter(made_on__range=(year_start, last)).select_related(
            "source", "branch", "permissibility__checked_by"
        )
    )
    benefits = [
        law.Benefit(d.source_id, d.received_on, d.amount, f"donation:{d.pk}")
        for d in donations
        if not _returned(getattr(d, "permissibility", None))
    ]
    benefits += [law.Benefit(ln.source_id, ln.made_on, ln.amount, f"loan:{ln.pk}") for ln in loans]
    groups = law.group_by_source_year(benefits, tables[law.FLOOR], tables[law.AU_REPORTING])
    crossing_in_quarter = {
        g.source_id for g in groups.values() if g.crossed_on and first <= g.crossed_on <= last
    }
    rows = []
    for d in donations:
        if d.received_on < first or not law.is_reportable(
            d.amount, law.value_on(tables[law.FLOOR], d.received_on)
        ):
            continue
        check = getattr(d, "permissibility", None)
        nature = "Cash" if d.nature == Donation.Nature.CASH else f"Non-cash: {d.description}"
        rows.append(
            ReportRow(
                f"donation:{d.pk}", "Donation", d.source, d.amount, nature, d.received_on, d.accepted_on,
                d.received_by, check, _outcome(check), d.source_id in crossing_in_quarter,
            )
        )  # fmt: skip
    for ln in loans:
        if ln.made_on < first or not law.is_reportable(
            ln.amount, law.value_on(tables[law.FLOOR], ln.made_on)
        ):
            continue
        check = getattr(ln, "permissibility", None)
        terms = "; ".join(
            x
            for x in [
                f"interest {ln.interest}" if ln.interest else "",
                f"repayable {ln.repayment_on:%d/%m/%Y}" if ln.repayment_on else "",
                f"security {ln.security}" if ln.security else "",
            ]
            if x
        )
        rows.append(
            ReportRow(
                f"loan:{ln.pk}", ln.get_kind_display(), ln.source, ln.amount, terms, ln.made_on, ln.made_on,
                ln.received_by, check, _outcome(check), ln.source_id in crossing_in_quarter,
            )
        )  # fmt: skip
    rows.sort(key=lambda r: (r.received_on, r.ref))
    return QuarterReport(
        year=year,
        quarter=quarter,
        first=first,
        last=last,
        rows=rows,
        is_over=law.quarter_is_over(year, quarter, today),
        due_on=law.report_due_on(year, quarter, report_due_days()),
        treasurer_name=treasurer_name(today),
        submitted=list(QuarterlyReport.objects.filter(year=year, quarter=quarter).defer("pdf", "csv")),
        floor=law.value_on(tables[law.FLOOR], last),
    )


def submitted_reports():
    return QuarterlyReport.objects.defer("pdf", "csv").select_related("submitted_by")


def quarter_statuses(today):
    """The last four quarters, newest first, each with its due date and its latest
    submitted report (or None)."""
    submitted = {}
    for report in submitted_reports().filter(year__gte=today.year - 1):
        submitted.setdefault((report.year, report.quarter), report)
    return [
        {
            "year": year,
            "quarter": quarter,
            "label": law.quarter_label(year, quarter),
            "due_on": law.report_due_on(year, quarter, report_due_days()),
            "report": submitted.get((year, quarter)),
        }
        for year, quarter in law.quarters_over(today, 4)
    ]


# Running totals per source -------------------------------------------------------------------


@dataclass
class SourceYearRow:
    source: Source
    group: law.SourceYear

    @property
    def crossed(self):
        return self.group.crossed_on is not None


def source_year_totals(year):
    """Each source's total of reportable donations and loans in `year`, CLP and branches
    together, and the quarter it passed the EC reporting threshold (if it did)."""
    tables = threshold_tables()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    donations = Donation.objects.filter(received_on__range=(start, end)).exclude(
        permissibility__outcome=RETURNED
    )
    benefits = [
        law.Benefit(s, on, a, f"donation:{pk}")
        for pk, s, on, a in donations.values_list("pk", "source_id", "received_on", "amount")
    ]
    benefits += [
        law.Benefit(s, on, a, f"loan:{pk}")
        for pk, s, on, a in Loan.objects.filter(made_on__range=(start, end)).values_list(
            "pk", "source_id", "made_on", "amount"
        )
    ]
    groups = law.group_by_source_year(benefits, tables[law.FLOOR], tables[law.AU_REPORTING])
    sources = Source.objects.in_bulk([g.source_id for g in groups.values()])
    rows = [SourceYearRow(sources[g.source_id], g) for g in groups.values()]
    rows.sort(key=lambda r: (-r.group.total, r.source.name))
    return rows, law.value_on(tables[law.AU_REPORTING], end), law.value_on(tables[law.FLOOR], end)


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

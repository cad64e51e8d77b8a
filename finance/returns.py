"""The quarterly donation and loan return, as the Electoral Commission counts it: the one
place that decides which donations and loans are reported in which quarter, how they group
and what the totals are. The page, the CSV, the PDF, the submitted copy and the totals page
all read from here.

The database selects (the year, the amount over the floor, accepted or dealt with, the
quarter); the pure rules in finance.thresholds decide the grouping and deemed acceptance.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    Q,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Concat, ExtractYear, Least
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from clp.core.formats import LONG_MONTHS, day, money
from finance import thresholds as law
from finance.models import (
    Donation,
    GroupedBenefit,
    Loan,
    LoanChange,
    PermissibilityCheck,
    QuarterlyReport,
    Source,
    received_by,
)
from finance.selectors import over_the_floor, report_due_days, threshold_tables
from officers.models import Person, Term

ZERO = Decimal("0.00")
IMPERMISSIBLE = [PermissibilityCheck.Outcome.RETURNED, PermissibilityCheck.Outcome.FORFEITED]


def _floor_min(tables):
    return min(value for _, value in tables[law.FLOOR])


def _counted_on():
    """The day a donation counts as accepted, in SQL: the day it was accepted, but never
    later than day 31 (kept past the 30 days, it was deemed accepted then)."""
    return Least(Coalesce("accepted_on", "deemed_accepted_on"), F("deemed_accepted_on"))


def _returned_in_time():
    """Returned (or sent to the Commission) within the 30 days: never accepted (PPERA s.56)."""
    return Q(
        permissibility__outcome__in=IMPERMISSIBLE, permissibility__returned_on__lt=F("deemed_accepted_on")
    )


def donations_in_law(*, start, end, today, tables=None):
    """Donations over the floor that were accepted (or deemed accepted) between `start` and
    `end`, up to `today`, annotated with `counted_on`: the grouping's input. One query."""
    tables = tables or threshold_tables()
    return (
        Donation.objects.filter(amount__gt=_floor_min(tables))
        .exclude(_returned_in_time())
        .annotate(counted_on=_counted_on())
        .filter(counted_on__range=(start, min(end, today)))
        .select_related("source", "branch", "permissibility__checked_by")
    )


def impermissible_dealt_with(*, start, end, tables=None):
    """Impermissible donations returned or sent to the Commission within the 30 days, dealt
    with between `start` and `end`: each reported in that quarter, never grouped."""
    tables = tables or threshold_tables()
    return (
        Donation.objects.filter(amount__gt=_floor_min(tables))
        .filter(_returned_in_time(), permissibility__returned_on__range=(start, end))
        .select_related("source", "branch", "permissibility__checked_by")
    )


def loans_entered(*, start, end, tables=None):
    tables = tables or threshold_tables()
    return Loan.objects.filter(amount__gt=_floor_min(tables), made_on__range=(start, end)).select_related(
        "source", "branch", "permissibility__checked_by"
    )


def _benefits(donations, loans, tables):
    """The grouping's input, keeping only what is over the floor in force on its day."""
    floor = tables[law.FLOOR]
    out = [
        law.Benefit(d.source_id, d.counted_on, d.amount, f"donation:{d.pk}", "donation")
        for d in donations
        if law.is_reportable(d.amount, law.value_on(floor, d.counted_on))
    ]
    out += [
        law.Benefit(ln.source_id, ln.made_on, ln.amount, f"loan:{ln.pk}", "loan")
        for ln in loans
        if law.is_reportable(ln.amount, law.value_on(floor, ln.made_on))
    ]
    return out


def year_groups(year, today, tables=None):
    """Every group of the year so far (reportable or still open), with the donations and
    loans behind them, worked out from every row: (groups, {ref: donation or loan}). The
    reference the kept groups (GroupedBenefit) are tested against; the pages read those."""
    tables = tables or threshold_tables()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    donations = list(donations_in_law(start=start, end=end, today=today, tables=tables))
    loans = list(loans_entered(start=start, end=end, tables=tables))
    groups = law.group_benefits(
        _benefits(donations, loans, tables), tables[law.FLOOR], tables[law.AU_REPORTING]
    )
    items = {f"donation:{d.pk}": d for d in donations} | {f"loan:{ln.pk}": ln for ln in loans}
    return groups, items


# The groups kept in step ---------------------------------------------------------------------
#
# GroupedBenefit holds the grouping above for each source and year as it will stand once every
# donation still awaiting a decision is deemed accepted (its day 31): finance.services keeps it,
# recomputing one source's year from its rows whenever one of them changes. On a given day a
# donation whose day is still to come does not count yet; since benefits group in the order
# accepted, everything up to today groups exactly as stored, and only the few sources holding
# such a donation are regrouped here, from their kept rows, at read time.


def source_year_groups(source_ids, years, tables=None):
    """The groups of these sources in these years, as they will stand once every undecided
    donation is deemed accepted: the rows GroupedBenefit keeps. {(source_id, year): [Group]}"""
    tables = tables or threshold_tables()
    floor_min = _floor_min(tables)
    donations = (
        Donation.objects.filter(source_id__in=source_ids, amount__gt=floor_min)
        .exclude(_returned_in_time())
        .annotate(counted_on=_counted_on())
        .annotate(counted_year=ExtractYear("counted_on"))
        .filter(counted_year__in=years)
        .only("pk", "source_id", "amount", "accepted_on", "deemed_accepted_on")
    )
    loans = Loan.objects.filter(source_id__in=source_ids, amount__gt=floor_min, made_on__year__in=years).only(
        "pk", "source_id", "amount", "made_on"
    )
    out = {}
    for g in law.group_benefits(
        _benefits(donations, loans, tables), tables[law.FLOOR], tables[law.AU_REPORTING]
    ):
        out.setdefault((g.source_id, g.year), []).append(g)
    return out


@dataclass
class KeptGroup:
    """A group read from the kept rows: what the pages show of it."""

    source_id: int
    year: int
    total: Decimal
    threshold: Decimal
    reportable_on: datetime.date | None
    mixed: bool
    number: int | None = None  # the source's first, second... reportable group of the year
    items: list = field(default_factory=list)  # [(ref, kind, on, amount)], when read
    source: Source | None = None

    @property
    def reportable(self):
        return self.reportable_on is not None

    @property
    def quarter(self):
        return law.quarter_of(self.reportable_on) if self.reportable_on else None

    @property
    def refs(self):
        return [ref for ref, *_ in self.items]


def _stale_sources(year, today):
    """The sources with a donation of `year` counted in the kept rows from a day after `today`."""
    return (
        GroupedBenefit.objects.filter(year=year, kind=GroupedBenefit.Kind.DONATION, on__gt=today)
        .values("source_id")
        .distinct()
    )


def _regroup(rows, today, tables):
    """The groups of a source's year on `today` from its kept rows (donations not counted yet
    left out), by the same rules: [KeptGroup], each with its items."""
    benefits = [
        law.Benefit(r.source_id, r.on, r.amount, r.ref, r.kind)
        for r in rows
        if r.kind == GroupedBenefit.Kind.LOAN or r.on <= today
    ]
    sources = {r.source_id: r.source for r in rows}
    out, numbers = [], {}
    for g in law.group_benefits(benefits, tables[law.FLOOR], tables[law.AU_REPORTING]):
        number = None
        if g.reportable:
            number = numbers[g.source_id] = numbers.get(g.source_id, 0) + 1
        out.append(
            KeptGroup(
                g.source_id,
                g.year,
                g.total,
                g.threshold,
                g.reportable_on,
                g.mixed,
                number,
                [(b.ref, b.kind, b.on, b.amount) for b in g.benefits],
                sources.get(g.source_id),
            )  # fmt: skip
        )
    return out


def _from_rows(rows):
    """[KeptGroup] from kept rows as stored, each with the items among `rows`."""
    groups = {}
    for r in rows:
        g = groups.get((r.source_id, r.group_seq))
        if g is None:
            g = groups[(r.source_id, r.group_seq)] = KeptGroup(
                r.source_id, r.year, r.group_total, r.group_threshold, r.group_reportable_on, r.group_mixed,
                r.number, source=r.source,
            )  # fmt: skip
        g.items.append((r.ref, r.kind, r.on, r.amount))
    return list(groups.values())


# What the groups are made of: the kept rows' plain values (a model a row, and its source's, were
# most of the quarterly report's time), the source's name with them.
_KEPT_FIELDS = (
    "source_id", "year", "group_seq", "group_total", "group_threshold", "group_reportable_on",
    "group_mixed", "number", "first_in_group", "ref", "kind", "on", "amount", "source__name",
)  # fmt: skip


@dataclass
class _KeptRow:
    """A kept row's values, with its source holding only its name (what the groups show)."""

    source_id: int
    year: int
    group_seq: int
    group_total: Decimal
    group_threshold: Decimal
    group_reportable_on: datetime.date | None
    group_mixed: bool
    number: int | None
    first_in_group: bool
    ref: str
    kind: str
    on: datetime.date
    amount: Decimal
    source: Source


def _with_sources(rows):
    """[_KeptRow] from the kept rows' values, one Source (its name read, the rest deferred)
    for each source."""
    sources, out = {}, []
    for *values, name in rows:
        source = sources.get(values[0])
        if source is None:
            source = sources[values[0]] = Source.from_db("default", ("id", "name"), (values[0], name))
        out.append(_KeptRow(*values, source))
    return out


def kept_groups(year, today, tables=None, *, reportable_in=None, source_ids=None, refs=None):
    """The groups of `year` on `today` from the kept rows, in one query: every group (first
    row of each), or with `reportable_in=(first, last)` only the groups that became
    reportable between those days, each with all its items, or with `refs` too only its first
    item and those among `refs` (enough to count the groups and label those rows); of the
    sources `source_ids` only, or of every one with None. [KeptGroup], ordered by source then
    as accepted."""
    tables = tables or threshold_tables()
    stale = _stale_sources(year, today)
    wanted = Q(group_reportable_on__range=reportable_in) if reportable_in else Q(first_in_group=True)
    if reportable_in and refs is not None:
        wanted &= Q(first_in_group=True) | Q(ref__in=refs)
    kept = GroupedBenefit.objects.filter(year=year)
    if source_ids is not None:
        kept = kept.filter(source_id__in=source_ids)
    rows = _with_sources(
        kept.filter(wanted | Q(source_id__in=stale))
        .order_by("source_id", "position")
        .values_list(*_KEPT_FIELDS)
    )
    stale_ids = {r.source_id for r in rows if r.kind == GroupedBenefit.Kind.DONATION and r.on > today}
    groups = _from_rows([r for r in rows if r.source_id not in stale_ids and (
        r.group_reportable_on is not None and reportable_in[0] <= r.group_reportable_on <= reportable_in[1]
        and (refs is None or r.first_in_group or r.ref in refs)
        if reportable_in else r.first_in_group
    )])  # fmt: skip
    for source_id in stale_ids:
        regrouped = _regroup([r for r in rows if r.source_id == source_id], today, tables)
        if reportable_in:
            regrouped = [
                g
                for g in regrouped
                if g.reportable and reportable_in[0] <= g.reportable_on <= reportable_in[1]
            ]
        groups += regrouped
    groups.sort(key=lambda g: (g.source_id, g.items[0][2], g.items[0][0]))
    return groups


# The quarter's return --------------------------------------------------------------------------


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
    received_how: str = ""
    sponsorship: bool = False
    bequest: str = ""
    deemed: bool = False  # deemed accepted, not checked by day 30
    accepted: bool = True  # False: impermissible, returned or sent to the Commission in time
    dealt_with_on: datetime.date | None = None
    group: str = ""  # the reportable group it belongs to this quarter, if any
    group_number: int | None = None  # that group's number (the source's nth of the year)
    anonymous: bool = False  # an anonymous elector: named by electoral number only

    @property
    def crosses_ec_threshold(self):
        return bool(self.group)

    # The page's cells, written once here instead of a template filter each.
    @property
    def amount_text(self):
        return money(self.amount)

    @property
    def received_text(self):
        return day(self.received_on)

    @property
    def accepted_text(self):
        return day(self.accepted_on) if self.accepted_on else ""

    @property
    def dealt_with_text(self):
        return day(self.dealt_with_on) if self.dealt_with_on else ""

    @property
    def donor_name(self):
        if self.anonymous:
            return f"Anonymous elector (electoral number {self.source.electoral_number})"
        return self.source.name

    @property
    def donor_address(self):
        if self.anonymous:
            return ""
        if self.source.category == Source.Category.COMPANY and self.source.registered_office:
            return " ".join(self.source.registered_office.split())
        return " ".join(self.source.address.split())

    @property
    def status(self):
        if not self.accepted:
            return "Not accepted"
        return "Deemed accepted, not checked" if self.deemed and self.check is None else "Accepted"

    @property
    def html(self):
        """The page's table row, written here once instead of some twenty template nodes. The
        text users wrote is escaped; sums, days and the status are not theirs."""
        status = self.status
        if self.deemed and not self.check:
            status = f'<span class="status-breach">{status}</span>'
        return format_html(
            "<tr>\n    <td>{}{}</td>\n"
            '    <th scope="row">{}{}</th>\n'
            "    <td>{}</td><td>{}</td><td>{}</td>\n"
            "    <td>{}</td>\n"
            "    <td>{}{}</td>\n"
            "    <td>{}</td><td>{}</td>\n  </tr>",
            self.kind,
            _SPONSORSHIP if self.sponsorship else "",
            self.donor_name,
            format_html(' <span class="status-warning">(in a reportable group: {})</span>', self.group)
            if self.group
            else "",
            SafeString(self.amount_text),
            self.nature,
            SafeString(self.received_text),
            SafeString(self.accepted_text),
            SafeString(status),
            SafeString(f", dealt with {self.dealt_with_text}") if self.dealt_with_on else "",
            self.received_by,
            self.outcome,
        )


_SPONSORSHIP = SafeString(" (sponsorship)")


@dataclass
class GroupRow:
    """A group that became reportable in the quarter, listed with every benefit in it."""

    source: Source
    number: int  # the source's first, second... reportable group of the year
    total: Decimal
    threshold: Decimal
    reportable_on: datetime.date
    mixed: bool
    items: list  # [(ref, kind, day accepted or entered into, amount)]

    @property
    def label(self):
        kinds = (
            "donations and loans"
            if self.mixed
            else "donations"
            if self.items[0][1] == "donation"
            else "loans"
        )
        return f"{self.source}: group {self.number} of {self.reportable_on.year} ({kinds})"

    @property
    def summary(self):
        """The page's line under the group's heading."""
        return f"Total {money(self.total)}, over the threshold on {day(self.reportable_on, LONG_MONTHS)}."

    @property
    def lines(self):
        """The page's line for each benefit in the group (no text a user wrote: the kind is
        one of two words, the rest a sum and a day)."""
        return [
            f"{BENEFIT_KINDS[kind]} of {money(amount)}, {_DONE[kind]} {day(on)}"
            for _, kind, on, amount in self.items
        ]

    @property
    def html(self):
        """The page's heading, summary and list of benefits for the group: only the label (the
        source's name) is escaped, the rest holds no text a user wrote."""
        return format_html(
            "\n<h3>{}{}</h3>\n<p>{}</p>\n<ul>{}</ul>\n",
            self.label,
            _MIXED if self.mixed else "",
            SafeString(self.summary),
            SafeString("".join([f"<li>{line}</li>" for line in self.lines])),
        )


BENEFIT_KINDS = {"donation": "Donation", "loan": "Loan"}  # a kept row's kind, as a line starts
_DONE = {"donation": "accepted", "loan": "entered into"}
_MIXED = SafeString(": a group of donations and loans")


@dataclass
class ChangeRow:
    ref: str
    loan: Loan
    change: LoanChange


@dataclass
class QuarterReport:
    """The quarter's return. `rows` are every row (the PDF, the CSV, the submitted copy) or,
    on the page, one page of them; `row_refs` and the totals are always the whole quarter's.
    `groups` are every group that became reportable in the quarter, each with every benefit
    in it or, on the page, only its first and those among the page's rows (enough to count
    them and label the rows: the groups have a page of their own)."""

    year: int
    quarter: int
    first: datetime.date
    last: datetime.date
    rows: list
    groups: list
    changes: list
    is_over: bool
    due_on: datetime.date
    treasurer_name: str
    submitted: list  # QuarterlyReport versions, newest first
    floor: Decimal = Decimal("500.00")
    row_refs: list = field(default_factory=list)  # every row's reference, in the report's order
    donations_total: Decimal = ZERO  # accepted donations (from the database)
    loans_total: Decimal = ZERO
    not_accepted_total: Decimal = ZERO  # impermissible, dealt with in time: left out
    accepted_count: int = 0  # donations accepted and loans entered into

    @property
    def label(self):
        return law.quarter_label(self.year, self.quarter)

    @property
    def total(self):
        """What was accepted and entered into: a donation not accepted is left out."""
        return self.donations_total + self.loans_total

    @property
    def count(self):
        return len(self.row_refs)

    @property
    def is_nil(self):
        return not self.row_refs and not self.changes

    @property
    def refs(self):
        return self.row_refs + [c.ref for c in self.changes]

    @property
    def latest(self):
        return self.submitted[0] if self.submitted else None

    # The page's rows, each written in Python (ReportRow.html) and joined here, as the
    # template's loop laid them out (a loop's turn cost as much as a row).
    @property
    def rows_html(self):
        return SafeString("".join([f"\n  {r.html}\n  " for r in self.rows]))

    @property
    def needs_amendment(self):
        return self.latest is not None and sorted(self.latest.item_refs) != sorted(self.refs)


def _labels(model, name):
    """{value: label} of a field's choices, as get_FOO_display gives them (it builds this dict
    on every call: three a row were a tenth of the page's rows)."""
    return {value: str(label) for value, label in model._meta.get_field(name).flatchoices}


_OUTCOMES = _labels(PermissibilityCheck, "outcome")
_NON_CASH_KINDS = _labels(Donation, "non_cash_kind")
_RECEIVED_HOW = _labels(Donation, "received_how")
_LOAN_KINDS = _labels(Loan, "kind")


def _outcome(check, deemed):
    if check is None:
        return "Deemed accepted, not checked" if deemed else "Not yet checked"
    outcome = _OUTCOMES.get(check.outcome, check.outcome)
    text = f"{outcome} (checked {check.checked_on:%d/%m/%Y} by {check.checked_by})"
    if check.outcome in IMPERMISSIBLE and check.returned_on:
        text += f"; returned {check.returned_on:%d/%m/%Y} to {check.returned_to}"
    if deemed and check.outcome in IMPERMISSIBLE:
        text = "Deemed accepted (returned after the 30 days: a refund, it still counts); " + text
    elif deemed:
        text = "Deemed accepted, checked late; " + text
    return text


def _nature(d):
    if d["nature"] == Donation.Nature.CASH:
        return "Cash"
    non_cash = d["non_cash_kind"]
    kind = f"{_NON_CASH_KINDS.get(non_cash, non_cash)}: " if non_cash else ""
    return f"Non-cash: {kind}{d['description']}"


def _donation_row(d, *, accepted, today):
    """A donation's row from its values (_read)."""
    check = d["check"]
    deemed = False
    if accepted:
        state = law.acceptance(
            received_on=d["received_on"],
            period_days=(d["deemed_accepted_on"] - d["received_on"]).days,
            today=today,
            accepted_on=d["accepted_on"],
            returned_on=check.returned_on if check and check.outcome in IMPERMISSIBLE else None,
        )
        deemed = state.deemed
        accepted_on = state.on
    else:
        accepted_on = None
    return ReportRow(
        ref=f"donation:{d['id']}",
        kind="Donation",
        source=d["source"],
        amount=d["amount"],
        nature=_nature(d),
        received_on=d["received_on"],
        accepted_on=accepted_on,
        received_by=received_by(d["branch__name"]),
        check=check,
        outcome=_outcome(check, deemed),
        received_how=_RECEIVED_HOW.get(d["received_how"], d["received_how"]),
        sponsorship=d["is_sponsorship"],
        bequest=d["testator"] if d["is_bequest"] else "",
        deemed=deemed,
        accepted=accepted,
        dealt_with_on=None if accepted else check.returned_on,
        anonymous=d["anonymous_elector"],
    )


def _loan_terms(ln):
    rate, repayment_on, ended_on = ln["interest_rate"], ln["repayment_on"], ln["ended_on"]
    parts = [
        f"interest {rate}% a year" if rate is not None else "no interest",
        ln["interest"],
        "unpaid interest capitalised" if ln["interest_capitalised"] else "",
        "repayable: indefinite"
        if ln["repayment_indefinite"]
        else (f"repayable {repayment_on:%d/%m/%Y}" if repayment_on else ""),
        f"security {ln['security']}" if ln["security"] else "",
        f"ended {ended_on:%d/%m/%Y}" if ended_on else "",
    ]
    return "; ".join(p for p in parts if p)


def _loan_row(ln):
    """A loan's row from its values (_read)."""
    check = ln["check"]
    return ReportRow(
        ref=f"loan:{ln['id']}",
        kind=_LOAN_KINDS.get(ln["kind"], ln["kind"]),
        source=ln["source"],
        amount=ln["amount"],
        nature=_loan_terms(ln),
        received_on=ln["made_on"],
        accepted_on=ln["made_on"],
        received_by=received_by(ln["branch__name"]),
        check=check,
        outcome=_outcome(check, False),
    )


def treasurer_name(on):
    """Who was the CLP's Treasurer on `on` (the report names the one in post at the end of
    the quarter, not today's)."""
    name = (
        Term.objects.current(on)
        .filter(post__role="treasurer", post__scope="clp")
        .order_by("starts_on")
        .values_list("person__first_name", "person__last_name")
        .first()
    )
    return Person.name_of(*name) if name else "(no Treasurer in post)"


def _group_row(g):
    return GroupRow(
        source=g.source,
        number=g.number,
        total=g.total,
        threshold=g.threshold,
        reportable_on=g.reportable_on,
        mixed=g.mixed,
        items=list(g.items),
    )


def _quarter_donations(first, last, today, tables):
    """The quarter's donations in one query: those accepted (or deemed accepted) in it, up to
    `today`, and the impermissible ones dealt with in it (`dealt_with` true), each over the
    floor in force on the day it was received; `reported_on` is the day that orders them."""
    returned = _returned_in_time()
    return (
        # Counted on or dealt with from `first` means day 31 came after it (a donation counts
        # by day 31 at the latest, and one dealt with was dealt with before it): said outright,
        # so that the index on the day finds them instead of a scan of every donation.
        Donation.objects.filter(amount__gt=_floor_min(tables), deemed_accepted_on__gte=first)
        .annotate(
            counted_on=_counted_on(),
            dealt_with=Case(When(returned, then=True), default=False, output_field=BooleanField()),
        )
        .filter(
            Q(dealt_with=False, counted_on__range=(first, min(last, today)))
            | Q(dealt_with=True, permissibility__returned_on__range=(first, last))
        )
        .filter(over_the_floor(tables, "received_on"))
        .annotate(
            reported_on=Case(When(returned, then=F("permissibility__returned_on")), default=F("counted_on")),
            ref=Concat(Value("donation:"), Cast("pk", CharField())),
        )
    )


def _quarter_loans(first, last, tables):
    """The loans entered into in the quarter, each over the floor in force on that day."""
    return (
        Loan.objects.filter(made_on__range=(first, last))
        .filter(over_the_floor(tables, "made_on"))
        .annotate(reported_on=F("made_on"), ref=Concat(Value("loan:"), Cast("pk", CharField())))
    )


@dataclass(frozen=True)
class CheckRead:
    """What the return shows of a permissibility check: its outcome, when and by whom, what it
    rests on, and where an impermissible donation went."""

    outcome: str
    checked_on: datetime.date
    checked_by: str  # the checker's name
    evidence: str
    returned_on: datetime.date | None
    returned_to: str


# What the return reads of a donation or loan, its source and its check (the page, the PDF and
# the CSV: nothing else is fetched), read as plain values: a model for each row, its source,
# branch, check and checker was most of a page's cost.
_SOURCE_FIELDS = (
    "name", "category", "address", "postcode", "registration_number", "registered_office",
    "electoral_number",
)  # fmt: skip
_CHECK_FIELDS = ("outcome", "checked_on", "evidence", "returned_on", "returned_to")
_COMMON = (
    "id", "source_id", "branch__name", "amount", "permissibility__id",
    "permissibility__checked_by__first_name", "permissibility__checked_by__last_name",
    *[f"source__{f}" for f in _SOURCE_FIELDS], *[f"permissibility__{f}" for f in _CHECK_FIELDS],
)  # fmt: skip
_FIELDS = {
    Donation: _COMMON + (
        "nature", "non_cash_kind", "description", "received_how", "is_sponsorship", "is_bequest",
        "testator", "anonymous_elector", "received_on", "accepted_on", "deemed_accepted_on",
        "dealt_with",
    ),
    Loan: _COMMON + (
        "kind", "made_on", "interest_rate", "interest", "interest_capitalised",
        "repayment_indefinite", "repayment_on", "security", "ended_on",
    ),
}  # fmt: skip


def _read(qs):
    """The donations or loans of `qs` as what the return reads of them: a dict of values each,
    with "source" (one Source a source, holding only what is shown) and "check" (a CheckRead,
    or None when not checked yet)."""
    sources = {}
    out = []
    for v in qs.values(*_FIELDS[qs.model]):
        source = sources.get(v["source_id"])
        if source is None:
            values = (v["source_id"], *[v[f"source__{f}"] for f in _SOURCE_FIELDS])
            source = sources[v["source_id"]] = Source.from_db("default", ("id", *_SOURCE_FIELDS), values)
        v["source"] = source
        v["check"] = (
            None
            if v["permissibility__id"] is None
            else CheckRead(
                checked_by=Person.name_of(
                    v["permissibility__checked_by__first_name"], v["permissibility__checked_by__last_name"]
                ),
                **{f: v[f"permissibility__{f}"] for f in _CHECK_FIELDS},
            )
        )
        out.append(v)
    return out


def _order(row):
    return (row.accepted_on or row.dealt_with_on or row.received_on, row.ref)


def _keys_and_totals(donations, loans):
    """Every row's (day, reference), in the report's order, and the quarter's totals, in one
    query: the totals summed in the database over each side of the union (a window over the
    whole selection): accepted donations, loans entered into, impermissible donations left
    out, and how many were accepted. ([(day, ref)], {totals})"""
    over = {"output_field": DecimalField()}
    d = donations.annotate(
        accepted=Window(Sum("amount", filter=Q(dealt_with=False)), **over),
        left_out=Window(Sum("amount", filter=Q(dealt_with=True)), **over),
        counted=Window(Count("pk", filter=Q(dealt_with=False))),
    ).values_list("reported_on", "ref", "accepted", "left_out", "counted")
    ln = loans.annotate(
        accepted=Window(Sum("amount"), **over),
        left_out=Value(None, output_field=DecimalField()),
        counted=Window(Count("pk")),
    ).values_list("reported_on", "ref", "accepted", "left_out", "counted")
    rows = d.order_by().union(ln.order_by(), all=True)
    side = {}  # "donation" or "loan": its totals, the same on each of its rows
    keys = []
    for on, ref, *sums in rows:
        keys.append((on, ref))
        side.setdefault(ref.partition(":")[0], sums)
    keys.sort()
    accepted, left_out, count = side.get("donation", (None, None, 0))
    loans_total, _, loans_count = side.get("loan", (None, None, 0))
    return keys, {
        "donations_total": accepted or ZERO,
        "loans_total": loans_total or ZERO,
        "not_accepted_total": left_out or ZERO,
        "accepted_count": count + loans_count,
    }


def _rows(donations, loans, today):
    rows = [_donation_row(d, accepted=not d["dealt_with"], today=today) for d in _read(donations)]
    rows += [_loan_row(ln) for ln in _read(loans)]
    rows.sort(key=_order)
    return rows


def _report(year, quarter, today, tables, *, rows, row_refs, totals, whole=True):
    """The return around its rows: the groups that became reportable in the quarter (from
    the kept rows: each with every benefit when `whole`, else with those among `rows`), the
    changes to loans, the Treasurer, the versions submitted; the rows in a reportable group
    say which."""
    first, last = law.quarter_bounds(year, quarter)
    refs = None if whole else {r.ref for r in rows}
    group_rows = [
        _group_row(g) for g in kept_groups(year, today, tables, reportable_in=(first, last), refs=refs)
    ]
    in_group = {ref: g for g in group_rows for ref, *_ in g.items}
    for r in rows:
        if group := in_group.get(r.ref):
            r.group, r.group_number = group.label, group.number
    changes = [
        ChangeRow(f"loan-change:{c.pk}", c.loan, c)
        for c in LoanChange.objects.filter(changed_on__range=(first, last)).select_related("loan__source")
    ]
    is_over = law.quarter_is_over(year, quarter, today)
    return QuarterReport(
        year=year,
        quarter=quarter,
        first=first,
        last=last,
        rows=rows,
        groups=group_rows,
        changes=changes,
        is_over=is_over,
        due_on=law.report_due_on(year, quarter, report_due_days()),
        treasurer_name=treasurer_name(last if is_over else today),
        submitted=list(
            QuarterlyReport.objects.filter(year=year, quarter=quarter)
            .select_related("submitted_by")  # the page names who submitted the latest
            .defer("pdf", "csv")
            .order_by("-version")
        ),
        floor=law.value_on(tables[law.FLOOR], last),
        row_refs=row_refs,
        **totals,
    )


def quarter_report(year, quarter, today):
    """The quarter's return, whole (the PDF, the CSV, the submitted copy): permissible
    donations accepted (or deemed accepted) in it, impermissible ones dealt with in it, loans
    entered into in it, changes to loans, and the groups from one source that passed the
    threshold in it (each with every benefit)."""
    first, last = law.quarter_bounds(year, quarter)
    tables = threshold_tables()
    donations = _quarter_donations(first, last, today, tables)
    loans = _quarter_loans(first, last, tables)
    rows = _rows(donations, loans, today)
    _, totals = _keys_and_totals(donations, loans)
    return _report(year, quarter, today, tables, rows=rows, row_refs=[r.ref for r in rows], totals=totals)


def quarter_report_page(year, quarter, today, number, per_page):
    """The same return with one page of its rows: (report, page). The database gives every
    row's day and reference (one light query, for the count, the order and the check against
    the submitted version), the totals, and the page's rows in full."""
    first, last = law.quarter_bounds(year, quarter)
    tables = threshold_tables()
    donations = _quarter_donations(first, last, today, tables)
    loans = _quarter_loans(first, last, tables)
    keys, totals = _keys_and_totals(donations, loans)
    page = Paginator([ref for _, ref in keys], per_page).get_page(number)
    # The page's rows by key (the quarter's conditions again would be compiled twice more):
    # a query for its donations and one for its loans, none for a kind the page has none of.
    ids = {"donation": [], "loan": []}
    for ref in page.object_list:
        kind, pk = ref.split(":")
        ids[kind].append(int(pk))
    returned = Case(When(_returned_in_time(), then=True), default=False, output_field=BooleanField())
    rows = _rows(
        Donation.objects.filter(pk__in=ids["donation"]).annotate(dealt_with=returned),
        Loan.objects.filter(pk__in=ids["loan"]),
        today,
    )
    report = _report(
        year, quarter, today, tables, rows=rows, row_refs=page.paginator.object_list, totals=totals,
        whole=False,
    )  # fmt: skip
    return report, page


def groups_html(groups):
    """The groups' headings, summaries and lists of benefits (GroupRow.html), joined."""
    return SafeString("".join([g.html for g in groups]))


def quarter_groups_page(year, quarter, today, number, per_page):
    """One page of the groups that became reportable in the quarter (GroupRow), each with
    every benefit in it."""
    first, last = law.quarter_bounds(year, quarter)
    groups = [_group_row(g) for g in kept_groups(year, today, reportable_in=(first, last))]
    return Paginator(groups, per_page).get_page(number)


# Totals per source ---------------------------------------------------------------------------


@dataclass
class SourceYearRow:
    source: Source
    total: Decimal = ZERO
    groups: list = field(default_factory=list)  # [law.Group]

    @property
    def reportable(self):
        return [g for g in self.groups if g.reportable]

    @property
    def open_total(self):
        """Accepted since the last reportable group: what the next group has so far."""
        return sum((g.total for g in self.groups if not g.reportable), ZERO)

    @property
    def html(self):
        """The totals page's row, written here once instead of a template filter a cell; only
        the source's name is a user's text (the rest are sums, quarters and days)."""
        groups = "<br>".join(
            [
                f'<span class="status-warning">{money(g.total)} in Q{g.quarter} ({day(g.reportable_on)})'
                f"{', donations and loans' if g.mixed else ''}</span>"
                for g in self.reportable
            ]
        )
        return format_html(
            '\n  <tr>\n    <th scope="row">{}</th>\n    <td>{}</td>\n'
            "    <td>{}</td>\n    <td>{}</td>\n  </tr>\n  ",
            self.source,
            SafeString(money(self.total)),
            SafeString(groups or "None"),
            SafeString(money(self.open_total)),
        )


def _source_rows(groups):
    rows = {}
    for g in groups:
        row = rows.setdefault(g.source_id, SourceYearRow(g.source))
        row.total += g.total
        row.groups.append(g)
    return rows


def _thresholds_of(year, tables):
    end = datetime.date(year, 12, 31)
    return law.value_on(tables[law.AU_REPORTING], end), law.value_on(tables[law.FLOOR], end)


def source_year_totals(year, today):
    """Each source's accepted donations and loans in `year`, CLP and branches together, and
    its groups: those that passed the threshold (in which quarter) and the one still open.
    Read from the kept groups, one row a group."""
    tables = threshold_tables()
    rows = _source_rows(kept_groups(year, today, tables))
    ordered = sorted(rows.values(), key=lambda r: (-r.total, r.source.name))
    return ordered, *_thresholds_of(year, tables)


def source_year_totals_page(year, today, number, per_page):
    """The same, a page of sources at a time, largest total first: (rows, page, threshold,
    floor). The database adds up each source's year from the kept rows (what counts on
    `today`: every loan, and the donations accepted by then) and orders them; only the page's
    sources have their groups read."""
    tables = threshold_tables()
    counted = Q(kind=GroupedBenefit.Kind.LOAN) | Q(on__lte=today)
    totals = (
        GroupedBenefit.objects.filter(year=year)
        .values("source_id")
        .annotate(total=Sum("amount", filter=counted))
        .filter(total__isnull=False)
        .order_by("-total", "source__name", "source_id")
    )
    page = Paginator(totals, per_page).get_page(number)
    ids = [t["source_id"] for t in page.object_list]
    rows = _source_rows(kept_groups(year, today, tables, source_ids=ids))
    return [rows[i] for i in ids if i in rows], page, *_thresholds_of(year, tables)


# The quarters page ---------------------------------------------------------------------------


def quarters_page(today):
    """Every quarter of this year and last, newest first: the current one as a draft, each
    not yet submitted marked overdue once past its due date, each submitted with its versions."""
    versions = {}
    for report in (
        QuarterlyReport.objects.filter(year__gte=today.year - 1)
        .defer("pdf", "csv")
        .select_related("submitted_by")
        .order_by("-version")
    ):
        versions.setdefault((report.year, report.quarter), []).append(report)
    current = (today.year, law.quarter_of(today))
    out = []
    for year in (today.year, today.year - 1):
        for quarter in (4, 3, 2, 1):
            if (year, quarter) > current:
                continue
            due = law.report_due_on(year, quarter, report_due_days())
            submitted = versions.get((year, quarter), [])
            first_sent = submitted[-1].sent_on or submitted[-1].submitted_at.date() if submitted else None
            late = first_sent is not None and first_sent > due
            if (year, quarter) == current:
                state = "draft"
            elif submitted:
                state = "submitted"
            elif due < today:
                state = "overdue"
            else:
                state = "due"
            out.append(
                {
                    "year": year,
                    "quarter": quarter,
                    "label": law.quarter_label(year, quarter),
                    "due_on": due,
                    "state": state,
                    "late": late,
                    "versions": submitted,
                    "report": submitted[0] if submitted else None,
                }
            )
    return out


def submitted_reports():
    return QuarterlyReport.objects.defer("pdf", "csv").select_related("submitted_by")


# Amended reports -----------------------------------------------------------------------------


def donation_reported_on(donation, today=None):
    """The day that puts a donation in a quarter's return (accepted, deemed accepted, or
    dealt with), or None while it is neither, or when it is £500 or less."""
    today = today or timezone.localdate()
    tables = threshold_tables()
    if not law.is_reportable(donation.amount, law.value_on(tables[law.FLOOR], donation.received_on)):
        return None
    check = getattr(donation, "permissibility", None)
    returned_on = check.returned_on if check is not None and check.outcome in IMPERMISSIBLE else None
    state = law.acceptance(
        received_on=donation.received_on,
        period_days=law.value_on(tables[law.CHECK_PERIOD], donation.received_on),
        today=today,
        accepted_on=donation.accepted_on,
        returned_on=returned_on,
    )
    return returned_on if state.returned_in_time else state.on


def amendment_notice(ref, on):
    """If `ref` belongs to a quarter (the one holding `on`) whose latest submitted report
    does not list it: {year, quarter, version, label}. Otherwise None."""
    if on is None:
        return None
    year, quarter = on.year, law.quarter_of(on)
    latest = (
        QuarterlyReport.objects.filter(year=year, quarter=quarter)
        .only("version", "item_refs")
        .order_by("-version")
        .first()
    )
    if latest is None or ref in latest.item_refs:
        return None
    return {
        "year": year,
        "quarter": quarter,
        "version": latest.version,
        "label": law.quarter_label(year, quarter),
        "text": (
            f"{law.quarter_label(year, quarter)} was already submitted (version {latest.version}) without "
            f"this: an amended report (version {latest.version + 1}) is needed."
        ),
    }

"""The year's budget measured against the ledger: the rules (pure, tested without a database)
and the report the Treasurer takes to each General Meeting and Executive.

- The financial year is the calendar year. Actuals are the ledger's entries and the donations
  received (unless returned or forfeited), CLP and branches together, up to the report's day.
- Each line's budget is spread evenly over the four quarters (to the penny: the last quarter
  takes what rounding leaves), so each quarter has a budget to measure against.
- The variance is actual minus budget; it is favourable when income is over or spending is
  under budget.
- The forecast to the year end assumes the rest of the year goes to budget: the actual so far
  plus the budget's share for the part of the year still to come.
- The election contingency is money set aside for an election nobody planned. It is drawn on
  by election expenses beyond the elections line, and that is its actual.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractMonth

from finance.models import Budget, BudgetLine, Donation, LedgerEntry

ZERO = Decimal("0.00")
PENCE = Decimal("0.01")
QUARTERS = [(1, 3), (4, 6), (7, 9), (10, 12)]  # months of each quarter


# The rules ----------------------------------------------------------------------------------


def pence(value) -> Decimal:
    return Decimal(value).quantize(PENCE, rounding=ROUND_HALF_UP)


def quarter_shares(amount) -> list[Decimal]:
    """The year's amount in four quarters, to the penny, adding up to the amount exactly."""
    share = pence(Decimal(amount) / 4)
    return [share, share, share, pence(amount) - 3 * share]


def year_elapsed(year, on) -> Decimal:
    """The share of `year` gone by the end of the day `on` (0 before it starts, 1 after it ends)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if on < first:
        return Decimal(0)
    if on >= last:
        return Decimal(1)
    return Decimal((on - first).days + 1) / Decimal((last - first).days + 1)


def forecast(*, actual, budget, elapsed) -> Decimal:
    """The year-end figure if the rest of the year goes to budget."""
    return pence(actual + budget * (1 - elapsed))


def favourable(*, is_income, variance) -> bool:
    return variance >= 0 if is_income else variance <= 0


@dataclass
class Line:
    category: str
    label: str
    is_income: bool
    budget: Decimal
    actual: Decimal
    quarters: list  # [(budget, actual)] for Q1..Q4
    forecast: Decimal
    note: str = ""

    @property
    def variance(self):
        return self.actual - self.budget

    @property
    def favourable(self):
        return favourable(is_income=self.is_income, variance=self.variance)

    @property
    def quarter_rows(self):
        """[(quarter, budget, actual, variance, favourable)]."""
        return [
            (n, b, a, a - b, favourable(is_income=self.is_income, variance=a - b))
            for n, (b, a) in enumerate(self.quarters, start=1)
        ]


@dataclass
class Report:
    year: int
    on: datetime.date
    budget: Budget | None
    income: list = field(default_factory=list)  # [Line]
    expenditure: list = field(default_factory=list)
    cash: list = field(default_factory=list)  # [(month abbreviation, cash at the month's end)]
    elapsed: Decimal = Decimal(0)

    def _total(self, lines, attr):
        return sum((getattr(line, attr) for line in lines), ZERO)

    @property
    def income_budget(self):
        return self._total(self.income, "budget")

    @property
    def income_actual(self):
        return self._total(self.income, "actual")

    @property
    def income_forecast(self):
        return self._total(self.income, "forecast")

    @property
    def spending_budget(self):
        return self._total(self.expenditure, "budget")

    @property
    def spending_actual(self):
        """Contingency drawn is already in the elections line: counted once."""
        return self._total([x for x in self.expenditure if x.category != BudgetLine.CONTINGENCY], "actual")

    @property
    def spending_forecast(self):
        return self._total([x for x in self.expenditure if x.category != BudgetLine.CONTINGENCY], "forecast")

    @property
    def net_budget(self):
        return self.income_budget - self.spending_budget

    @property
    def net_actual(self):
        return self.income_actual - self.spending_actual

    @property
    def net_forecast(self):
        return self.income_forecast - self.spending_forecast


# The reads ----------------------------------------------------------------------------------


def budgets():
    return Budget.objects.all()


def _actuals(year, on):
    """{category: {quarter: amount}} and {month: net} from the ledger and donations, to `on`."""
    by_category, net = {}, dict.fromkeys(range(1, 13), ZERO)
    entries = (
        LedgerEntry.objects.filter(on__year=year, on__lte=on)
        .annotate(month=ExtractMonth("on"))
        .values("category", "direction", "month")
        .annotate(total=Sum("amount"))
    )
    rows = [
        (r["category"], r["direction"] == LedgerEntry.Direction.INCOME, r["month"], r["total"])
        for r in entries
    ]
    donations = (
        Donation.objects.filter(received_on__year=year, received_on__lte=on)
        .exclude(permissibility__outcome__in=["returned", "forfeited"])
        .annotate(month=ExtractMonth("received_on"))
        .values("month")
        .annotate(total=Sum("amount"))
    )
    rows += [(BudgetLine.DONATIONS, True, r["month"], r["total"]) for r in donations]
    for category, is_income, month, total in rows:
        quarter = (month - 1) // 3 + 1
        quarters = by_category.setdefault(category, dict.fromkeys(range(1, 5), ZERO))
        quarters[quarter] += total
        net[month] += total if is_income else -total
    return by_category, net


def budget_report(year, on) -> Report:
    """The budget for `year` against the actuals to the day `on`, line by line and quarter by
    quarter, with the forecast to the year end and the cash position month by month."""
    budget = Budget.objects.filter(year=year).prefetch_related("lines").first()
    lines = {line.category: line for line in budget.lines.all()} if budget else {}
    actuals, net = _actuals(year, on)
    elapsed = year_elapsed(year, on)
    labels = dict(BudgetLine._meta.get_field("category").choices)
    report = Report(year=year, on=on, budget=budget, elapsed=elapsed)
    elections_over = ZERO
    for category, label in labels.items():
        line = lines.get(category)
        quarters_actual = actuals.get(category, dict.fromkeys(range(1, 5), ZERO))
        if line is None and not any(quarters_actual.values()):
            continue
        amount = line.amount if line else ZERO
        actual = sum(quarters_actual.values(), ZERO)
        if category == LedgerEntry.Category.ELECTIONS:
            elections_over = max(actual - amount, ZERO)
        item = Line(
            category=category,
            label=label,
            is_income=category in BudgetLine.INCOME,
            budget=amount,
            actual=actual,
            quarters=list(zip(quarter_shares(amount), quarters_actual.values(), strict=True)),
            forecast=forecast(actual=actual, budget=amount, elapsed=elapsed),
            note=line.note if line else "",
        )
        (report.income if item.is_income else report.expenditure).append(item)
    for item in report.expenditure:
        if item.category == BudgetLine.CONTINGENCY:
            item.actual = item.forecast = min(elections_over, item.budget)
            item.quarters = [(b, ZERO) for b, _ in item.quarters]
    cash = budget.opening_balance if budget else ZERO
    last_month = 12 if on >= datetime.date(year, 12, 31) else (on.month if on.year == year else 0)
    for month in range(1, last_month + 1):
        cash += net[month]
        report.cash.append((calendar.month_abbr[month], cash))
    return report

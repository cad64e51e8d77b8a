"""The budget: lines by the ledger's categories, actuals from the ledger (CLP and branches
together), the variance per category and quarter, the forecast, and the Treasurer's report."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from finance import budget, exports, services
from finance.models import Budget, BudgetLine, LedgerEntry
from tests.factories.finance import DonationFactory, LedgerEntryFactory

D = Decimal


def test_a_budget_line_spreads_over_the_quarters_to_the_penny():
    assert budget.quarter_shares(D("100.01")) == [D("25.00"), D("25.00"), D("25.00"), D("25.01")]
    assert sum(budget.quarter_shares(D("1000.03"))) == D("1000.03")


def test_the_forecast_assumes_the_rest_of_the_year_goes_to_budget():
    half = budget.year_elapsed(2026, datetime.date(2026, 7, 2))  # day 183 of 365
    assert budget.forecast(actual=D("400.00"), budget=D("1000.00"), elapsed=half) == D("898.63")
    assert budget.year_elapsed(2026, datetime.date(2025, 12, 31)) == 0
    assert budget.year_elapsed(2026, datetime.date(2027, 1, 1)) == 1


@pytest.fixture
def year_with_branch_income(db, branch_a):
    plan = services.budget_create(year=2026, opening_balance=D("2000.00"))
    for category, amount in [("fundraising", "1000.00"), ("venues", "500.00"), ("contingency", "300.00")]:
        services.budget_line_set(budget=plan, category=category, amount=D(amount))
    services.budget_line_set(budget=plan, category="elections", amount=D("200.00"))
    LedgerEntryFactory(category="fundraising", amount=D("300.00"), on=datetime.date(2026, 2, 10))
    LedgerEntryFactory(
        category="fundraising", amount=D("450.00"), on=datetime.date(2026, 5, 1), branch=branch_a
    )
    LedgerEntryFactory(
        direction="expenditure", category="venues", amount=D("600.00"), on=datetime.date(2026, 3, 3)
    )
    LedgerEntryFactory(
        direction="expenditure", category="elections", amount=D("320.00"), on=datetime.date(2026, 4, 20)
    )
    DonationFactory(amount=D("250.00"), received_on=datetime.date(2026, 5, 20), branch=branch_a)
    LedgerEntryFactory(
        category="fundraising", amount=D("999.00"), on=datetime.date(2025, 12, 31)
    )  # last year
    return plan


def _line(report, category):
    return next(x for x in report.income + report.expenditure if x.category == category)


def test_the_variance_counts_branch_income_and_donations_with_the_clps(year_with_branch_income):
    report = budget.budget_report(2026, datetime.date(2026, 6, 30))
    fundraising = _line(report, "fundraising")
    assert fundraising.actual == D("750.00") and fundraising.variance == D("-250.00")
    assert not fundraising.favourable  # income under budget
    assert [a for _, a in fundraising.quarters] == [D("300.00"), D("450.00"), D("0.00"), D("0.00")]
    assert fundraising.quarter_rows[1][3] == D("200.00")  # Q2: 450 against 250
    venues = _line(report, "venues")
    assert venues.variance == D("100.00") and not venues.favourable  # spending over budget
    donations = _line(report, "donations")  # no line, but received: shown against £0
    assert donations.budget == 0 and donations.actual == D("250.00")
    assert _line(report, "contingency").actual == D("120.00")  # elections £120 over their line
    assert report.income_actual == D("1000.00") and report.spending_actual == D("920.00")
    assert [v for _, v in report.cash] == [D("2000.00"), D("2300.00"), D("1700.00"), D("1380.00"),
                                            D("2080.00"), D("2080.00")]  # fmt: skip


def test_a_line_in_a_category_that_does_not_exist_or_not_in_pence_is_refused_and_nothing_is_saved(db):
    plan = services.budget_create(year=2027, opening_balance=D("0.00"))
    with pytest.raises(ValidationError) as refused:
        services.budget_line_set(budget=plan, category="yachts", amount=D("10.00"))
    assert "category" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.budget_line_set(budget=plan, category="venues", amount=D("10.005"))
    assert refused.value.message_dict["amount"] == [services.PENCE_MESSAGE]
    assert not BudgetLine.objects.exists()


def test_the_treasurer_sets_a_line_and_a_bad_one_gets_a_plain_message(client_for, treasurer, secretary):
    services.budget_create(year=2026, opening_balance=D("100.00"))
    client = client_for(treasurer)
    url = reverse("finance:budget_line", kwargs={"year": 2026})
    page = client.post(url, {"category": "no-such", "amount": "5.00"})
    assert "Select a valid choice" in page.content.decode()
    page = client.post(url, {"category": "venues", "amount": "5.001"})
    assert "no more than 2 decimal places" in page.content.decode()
    assert client.post(url, {"category": "venues", "amount": "450.00", "note": "The hall"}).status_code == 302
    assert Budget.objects.get().lines.get().amount == D("450.00")
    assert client_for(secretary).post(url, {"category": "venues", "amount": "1.00"}).status_code == 403


def test_the_treasurers_report_page_and_pdf_show_the_figures_and_their_charts(
    client_for, secretary, year_with_branch_income
):
    client = client_for(secretary)
    page = client.get(
        reverse("finance:budget_report", kwargs={"year": 2026}) + "?on=2026-06-30"
    ).content.decode()
    assert "£750.00" in page and "−£250.00" in page and "<svg" in page
    response = client.get(reverse("finance:budget_report_pdf", kwargs={"year": 2026}) + "?on=2026-06-30")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Treasurer's report" in text and "Fundraising and events" in text
    assert "£750.00" in text and "£2,080.00" in text  # the table and the cash line's figures


def test_the_budget_charts_carry_the_figures_of_their_tables(year_with_branch_income):
    report = budget.budget_report(2026, datetime.date(2026, 6, 30))
    for chart in exports.budget_charts(report):
        for row in chart.rows:
            for figure in row[1:]:
                assert f">{figure}<" in chart.svg, (chart.caption, figure)


def test_the_ledger_categories_are_all_budgetable():
    choices = dict(BudgetLine._meta.get_field("category").choices)
    assert set(LedgerEntry.Category.values) < set(choices)


def test_the_report_page_takes_a_fixed_number_of_queries(
    client_for, secretary, year_with_branch_income, django_assert_max_num_queries
):
    for month in range(1, 13):
        LedgerEntryFactory(category="membership", amount=D("10.00"), on=datetime.date(2026, month, 3))
    client = client_for(secretary)
    # about 6 for the session, user, two-factor device, person, posts held (access) and the
    # inbox count; the budget and its lines; the ledger by category and month; the donations by month.
    with django_assert_max_num_queries(11):
        assert client.get(reverse("finance:budget_report", kwargs={"year": 2026})).status_code == 200

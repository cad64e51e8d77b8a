"""The money law as pure functions: no database."""

import datetime
from decimal import Decimal as D

import pytest

from finance import thresholds as law

d = datetime.date
FLOOR = [(d(2010, 1, 1), D("500.00"))]
AU = [(d(2010, 1, 1), D("1500.00")), (d(2024, 1, 1), D("2230.00"))]


@pytest.mark.parametrize(
    ("amount", "reportable"),
    [("499.99", False), ("500.00", False), ("500.01", True), ("25000", True)],
)
def test_more_than_500_means_500_pounds_and_one_penny(amount, reportable):
    assert law.is_reportable(D(amount), law.value_on(FLOOR, d(2025, 5, 1))) is reportable


@pytest.mark.parametrize(
    ("received", "last_day"),
    [
        (d(2026, 2, 10), d(2026, 3, 11)),  # the statute's own example: day of receipt is day 1
        (d(2024, 2, 10), d(2024, 3, 10)),  # leap year: 29 February is one of the 30 days
        (d(2025, 1, 31), d(2025, 3, 1)),  # across the end of a short February
        (d(2024, 1, 31), d(2024, 2, 29)),  # ends on a leap day
        (d(2025, 12, 15), d(2026, 1, 13)),  # across the year end
        (d(2025, 3, 1), d(2025, 3, 30)),
    ],
)
def test_the_30_day_period_begins_with_the_day_of_receipt(received, last_day):
    assert law.check_last_day(received, 30) == last_day


def test_reminders_fall_10_and_3_days_before_and_on_the_last_day_then_the_chair():
    plan = law.check_reminder_days(d(2026, 3, 11))
    assert [(day, who) for day, who, _ in plan] == [
        (d(2026, 3, 1), "treasurer"),
        (d(2026, 3, 8), "treasurer"),
        (d(2026, 3, 11), "treasurer"),
        (d(2026, 3, 11), "chair"),
    ]


@pytest.mark.parametrize(
    ("on", "value"),
    [(d(2023, 12, 31), D("1500.00")), (d(2024, 1, 1), D("2230.00")), (d(2026, 6, 1), D("2230.00"))],
)
def test_the_accounting_unit_threshold_changed_on_1_january_2024(on, value):
    assert law.value_on(AU, on) == value


def test_no_value_before_the_first_effective_date():
    with pytest.raises(law.NoThreshold):
        law.value_on(AU, d(2009, 12, 31))


def _group(*items):
    benefits = [law.Benefit(src, on, D(amount), f"x:{i}") for i, (src, on, amount) in enumerate(items)]
    return law.group_by_source_year(benefits, FLOOR, AU)


def test_grouping_adds_donations_over_500_from_one_source_in_a_year():
    groups = _group((1, d(2023, 2, 1), "1000.00"), (1, d(2023, 8, 20), "600.00"), (2, d(2023, 8, 20), "900"))
    assert groups[(1, 2023)].total == D("1600.00")
    assert groups[(1, 2023)].crossed_on == d(2023, 8, 20)
    assert groups[(1, 2023)].crossed_quarter == 3
    assert groups[(2, 2023)].crossed_on is None


def test_grouping_does_not_cross_the_year_boundary():
    groups = _group((1, d(2023, 12, 20), "1000.00"), (1, d(2024, 1, 5), "1000.00"))
    assert groups[(1, 2023)].total == groups[(1, 2024)].total == D("1000.00")
    assert groups[(1, 2023)].crossed_on is None and groups[(1, 2024)].crossed_on is None


def test_the_same_gifts_cross_the_threshold_in_2023_but_not_in_2024():
    in_2023 = _group((1, d(2023, 3, 1), "1000.00"), (1, d(2023, 5, 1), "1000.00"))
    in_2024 = _group((1, d(2024, 3, 1), "1000.00"), (1, d(2024, 5, 1), "1000.00"))
    assert in_2023[(1, 2023)].crossed_quarter == 2
    assert in_2024[(1, 2024)].crossed_on is None
    assert in_2024[(1, 2024)].threshold == D("2230.00")


def test_gifts_of_500_or_less_never_count_towards_the_total():
    groups = _group(
        (1, d(2024, 1, 10), "2000.00"), (1, d(2024, 2, 1), "500.00"), (1, d(2024, 3, 1), "230.00")
    )
    assert groups[(1, 2024)].total == D("2000.00")
    assert groups[(1, 2024)].crossed_on is None
    crossed = _group((1, d(2024, 1, 10), "2000.00"), (1, d(2024, 4, 2), "500.01"))
    assert crossed[(1, 2024)].crossed_quarter == 2


@pytest.mark.parametrize(
    ("year", "quarter", "first", "last"),
    [
        (2025, 1, d(2025, 1, 1), d(2025, 3, 31)),
        (2024, 1, d(2024, 1, 1), d(2024, 3, 31)),
        (2025, 2, d(2025, 4, 1), d(2025, 6, 30)),
        (2025, 3, d(2025, 7, 1), d(2025, 9, 30)),
        (2025, 4, d(2025, 10, 1), d(2025, 12, 31)),
    ],
)
def test_quarters_run_january_to_march_and_so_on(year, quarter, first, last):
    assert law.quarter_bounds(year, quarter) == (first, last)


def test_the_report_is_due_a_set_number_of_days_after_the_quarter_and_the_accounts_by_30_april():
    assert law.report_due_on(2025, 4, 14) == d(2026, 1, 14)
    assert law.previous_quarter(d(2026, 1, 3)) == (2025, 4)
    assert law.accounts_due_on(2025) == d(2026, 4, 30)


@pytest.mark.parametrize(
    ("income", "spending", "to_ec"),
    [("25000.00", "100", False), ("25000.01", "100", True), ("100", "25000.01", True)],
)
def test_accounts_go_to_the_commission_over_25000_of_income_or_spending(income, spending, to_ec):
    assert law.accounts_go_to_ec(D(income), D(spending), D("25000.00")) is to_ec


def test_the_quarters_over_count_back_across_the_new_year():
    assert law.quarters_over(d(2026, 2, 12), 4) == [(2025, 4), (2025, 3), (2025, 2), (2025, 1)]
    assert law.quarters_over(d(2026, 4, 1), 2) == [(2026, 1), (2025, 4)]

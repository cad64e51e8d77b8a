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


# The Electoral Commission's guidance the scenario tables below come from:
EC_EXAMPLES = (
    "https://www.electoralcommission.org.uk/political-party-donations-and-loans-great-britain/"
    "which-donations-and-loans-do-you-need-report/reporting-donations-and-loans-examples"
)
EC_ACCOUNTING_UNITS = (
    "https://www.electoralcommission.org.uk/political-party-donations-and-loans-great-britain/"
    "which-donations-and-loans-do-you-need-report/parties-accounting-units"
)
EC_RECEIVE_ACCEPT = (
    "https://www.electoralcommission.org.uk/guidance-candidates-and-agents-local-government-"
    "elections-england/candidate-donations/when-do-you-receive-and-accept-a-donation"
)


def _groups(*items):
    """items: (source, day accepted, amount) or (source, day, amount, "loan")."""
    benefits = [
        law.Benefit(item[0], item[1], D(item[2]), f"x:{i}", item[3] if len(item) > 3 else "donation")
        for i, item in enumerate(items)
    ]
    return law.group_benefits(benefits, FLOOR, AU)


def _reportable(groups):
    """[(source, year, quarter, total, number of benefits, mixed)] of the reportable groups."""
    return [
        (g.source_id, g.year, g.quarter, g.total, len(g.benefits), g.mixed) for g in groups if g.reportable
    ]


GROUPING = [
    # EC_EXAMPLES, example 2: an unincorporated association gives three £900 donations to one
    # accounting unit over a year: £2,700 passes £2,230 in the quarter the third is accepted.
    (
        [(1, d(2024, 2, 1), "900"), (1, d(2024, 5, 1), "900"), (1, d(2024, 10, 1), "900")],
        [(1, 2024, 4, D("2700"), 3, False)],
    ),
    # EC_EXAMPLES, example 3 (a donation and a loan from one source add together), at the
    # accounting unit's threshold: £1,200 given in March, £1,200 lent in June: one group of a
    # donation and a loan, reported in Q2 and marked as mixed.
    (
        [(1, d(2024, 3, 1), "1200"), (1, d(2024, 6, 3), "1200", "loan")],
        [(1, 2024, 2, D("2400"), 2, True)],
    ),
    # EC_ACCOUNTING_UNITS: report "each time the total of benefits accepted ... that have not
    # previously been required to be reported exceeds £2,230": two groups in one year.
    (
        [
            (1, d(2024, 2, 1), "1500"),
            (1, d(2024, 5, 1), "1000"),  # group 1 passes £2,230 in Q2 (£2,500)
            (1, d(2024, 8, 1), "900"),  # a new group starts
            (1, d(2024, 10, 1), "900"),
            (1, d(2024, 11, 1), "900"),  # group 2 passes £2,230 in Q4 (£2,700)
        ],
        [(1, 2024, 2, D("2500"), 2, False), (1, 2024, 4, D("2700"), 3, False)],
    ),
    # EC_ACCOUNTING_UNITS, same rule: one benefit over £2,230 is a reportable group of its
    # own; what follows starts afresh and is not reported until it too passes the threshold.
    ([(1, d(2024, 1, 5), "3000"), (1, d(2024, 4, 5), "2000")], [(1, 2024, 1, D("3000"), 1, False)]),
    # EC_EXAMPLES: "Benefits under £500 are not covered by the rules and do not need to be
    # recorded, aggregated or reported": £500.00 never counts, £500.01 does.
    (
        [(1, d(2024, 1, 10), "2000"), (1, d(2024, 2, 1), "500.00"), (1, d(2024, 4, 2), "500.01")],
        [(1, 2024, 2, D("2500.01"), 2, False)],
    ),
    # EC_ACCOUNTING_UNITS: "in the same calendar year": December and January do not add up.
    ([(1, d(2023, 12, 20), "1000"), (1, d(2024, 1, 5), "1400")], []),
    # From the same source only: two donors never share a group.
    ([(1, d(2024, 2, 1), "1200"), (2, d(2024, 3, 1), "1200")], []),
    # The threshold in force: £1,500 until 31 December 2023 (the seeds' figure), £2,230 from 2024.
    ([(1, d(2023, 3, 1), "1000"), (1, d(2023, 5, 1), "1000")], [(1, 2023, 2, D("2000"), 2, False)]),
    ([(1, d(2024, 3, 1), "1000"), (1, d(2024, 5, 1), "1000")], []),
]


@pytest.mark.parametrize(("items", "expected"), GROUPING)
def test_grouping_as_the_electoral_commission_counts_it(items, expected):
    assert _reportable(_groups(*items)) == expected


def test_benefits_are_added_in_the_order_accepted_not_the_order_given():
    """EC_ACCOUNTING_UNITS counts "benefits accepted": the £1,400 accepted first (in March,
    though listed second) opens the group that the May £900 takes over."""
    groups = _groups((1, d(2024, 5, 2), "900"), (1, d(2024, 3, 1), "1400"))
    assert [(g.refs, g.reportable_on) for g in groups] == [(["x:1", "x:0"], d(2024, 5, 2))]


def test_the_groups_reportable_in_a_quarter_list_every_benefit_in_them():
    groups = _groups((1, d(2024, 2, 1), "1500"), (1, d(2024, 5, 1), "1000"), (2, d(2024, 5, 1), "600"))
    (q2,) = law.groups_reportable_in(groups, 2024, 2)
    assert q2.refs == ["x:0", "x:1"]  # the February donation is listed again with the May one
    assert law.groups_reportable_in(groups, 2024, 1) == []


# When is a donation accepted (EC_RECEIVE_ACCEPT; PPERA s.56(2): 30 days "beginning with"
# the day received, so day 31 is the first day it is deemed accepted).
ACCEPTANCE = [
    # received, accepted by decision, returned, today -> (accepted on, deemed, returned in time)
    (d(2026, 2, 10), d(2026, 2, 20), None, d(2026, 4, 1), (d(2026, 2, 20), False, False)),
    # No decision: on day 30 (11 March) not yet accepted; on day 31 (12 March) deemed accepted.
    (d(2026, 2, 10), None, None, d(2026, 3, 11), (None, False, False)),
    (d(2026, 2, 10), None, None, d(2026, 3, 12), (d(2026, 3, 12), True, False)),
    # A decision recorded after the 30 days comes too late: it was deemed accepted on day 31.
    (d(2026, 2, 10), d(2026, 3, 20), None, d(2026, 4, 1), (d(2026, 3, 12), True, False)),
    # Returned on day 30: never accepted, never counts.
    (d(2026, 2, 10), None, d(2026, 3, 11), d(2026, 4, 1), (None, False, True)),
    # Returned on day 31: it was deemed accepted first, so it still counts (a refund).
    (d(2026, 2, 10), None, d(2026, 3, 12), d(2026, 4, 1), (d(2026, 3, 12), True, False)),
    # Received 28 March, accepted 2 April: accepted in Q2 (the example).
    (d(2025, 3, 28), d(2025, 4, 2), None, d(2025, 4, 3), (d(2025, 4, 2), False, False)),
]


@pytest.mark.parametrize(("received", "accepted", "returned", "today", "expected"), ACCEPTANCE)
def test_when_a_donation_is_accepted_or_deemed_accepted(received, accepted, returned, today, expected):
    result = law.acceptance(
        received_on=received, period_days=30, today=today, accepted_on=accepted, returned_on=returned
    )
    assert (result.on, result.deemed, result.returned_in_time) == expected


def test_deemed_acceptance_is_day_31_counting_the_day_of_receipt_as_day_1():
    assert law.deemed_accepted_on(d(2026, 2, 10), 30) == d(2026, 3, 12)
    assert law.deemed_accepted_on(d(2024, 2, 10), 30) == d(2024, 3, 11)  # a leap year


@pytest.mark.parametrize(
    ("permissible", "accepted", "dealt_with", "quarter"),
    [
        # EC_ACCOUNTING_UNITS: "permissible donations accepted, impermissible donations dealt
        # with, and loans entered into" in the quarter.
        (True, d(2025, 4, 2), None, 2),  # received 28 March, accepted 2 April: Q2
        (False, None, d(2025, 7, 1), 3),  # received in June, returned 1 July: Q3
        (True, d(2025, 3, 31), None, 1),
    ],
)
def test_the_quarter_is_the_quarter_accepted_or_dealt_with(permissible, accepted, dealt_with, quarter):
    day = law.reported_on(permissible=permissible, accepted_on=accepted, dealt_with_on=dealt_with)
    assert law.quarter_of(day) == quarter


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

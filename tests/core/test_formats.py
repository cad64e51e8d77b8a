import datetime
from decimal import Decimal as D

import pytest
from django.template import Context, Template
from django.template.defaultfilters import truncatechars

from clp.core.formats import (
    LONG_MONTHS,
    clock,
    day,
    day_clock,
    figure,
    long_day,
    moment,
    money,
    short,
    short_day,
)


@pytest.mark.parametrize(
    ("value", "money_kind", "written"),
    [
        ("1234.5", True, "1,234.50"),
        ("0.125", True, "0.13"),  # half up, as floatformat rounds
        ("40", True, "40.00"),
        ("12", False, "12"),
        ("2000", False, "2,000"),
        ("12.5", False, "12.50"),
        ("12.001", False, "12.00"),
        ("-0.001", True, "0.00"),
    ],
)
def test_a_figure_is_written_as_floatformat_would(value, money_kind, written):
    template = Template('{{ v|floatformat:"2g" }}' if money_kind else '{{ v|floatformat:"-2g" }}')
    assert figure(D(value), whole=not money_kind) == written == template.render(Context({"v": D(value)}))


def test_a_sum_of_money_is_the_pound_sign_and_its_figure():
    written = Template('£{{ v|floatformat:"2g" }}').render(Context({"v": D("1200")}))
    assert money(D("1200")) == "£1,200.00" == written


def test_a_day_is_written_as_the_date_filter_would():
    for on in [datetime.date(2025, 3, 2), datetime.date(2026, 12, 31), datetime.date(2024, 9, 10)]:
        context = Context({"on": on})
        assert day(on) == Template('{{ on|date:"j M Y" }}').render(context)
        assert day(on, LONG_MONTHS) == Template('{{ on|date:"j F Y" }}').render(context)
        assert short_day(on) == Template('{{ on|date:"j M" }}').render(context)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "short",
        "x" * 40,
        "x" * 41,
        "A long description, " * 6,
        "That the CLP affiliates to the campaign and sends two delegates",
        "Café à la mode, " * 6,
        "Cafe\u0301 " * 8,  # combining accents: not counted, and normalised
        "e\u0301" * 50,
        "<&>" * 30,
    ],
)
@pytest.mark.parametrize("length", [0, 1, 2, 40, 90])
def test_a_short_text_is_what_truncatechars_writes(text, length):
    assert short(text, length) == truncatechars(text, length)


def _moments():
    """Every few hours of a year, in UTC: both sides of each clock change, every weekday."""
    start = datetime.datetime(2026, 1, 1, 0, 15, tzinfo=datetime.UTC)
    return [start + datetime.timedelta(hours=7 * n) for n in range(1300)]


def test_times_are_written_as_the_date_and_time_filters_would():
    template = Template(
        '{{ at|time:"H:i" }}|{{ at|date:"D j M Y, H:i" }}|{{ at|date:"j F Y" }}'
        '|{{ at|date:"j M Y, H:i" }}|{{ at|date:"j M Y H:i" }}'
    )
    for at in _moments():
        written = template.render(Context({"at": at}))
        mine = [clock(at), moment(at), long_day(at), day_clock(at), day_clock(at, " ")]
        assert written == "|".join(mine), at

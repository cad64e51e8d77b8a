"""The server-drawn charts: figures written as the tables write them, escaped text, a title
and description for screen readers, and nothing the Content Security Policy would block."""

import re
from decimal import Decimal

from clp.core import charts

INLINE = re.compile(r"<style|<script|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def test_a_bar_chart_writes_each_figure_and_keeps_within_the_policy():
    svg = charts.bar_chart(
        title="Budget & actual",
        categories=["Venue hire", "<b>Leaflets</b>"],
        series=[("Budget", [Decimal("1000.00"), Decimal("250.50")]), ("Actual", [Decimal("1234.56"), 0])],
    )
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    for figure in ["£1,000.00", "£250.50", "£1,234.56", "£0.00"]:
        assert f">{figure}<" in svg
    assert "&lt;b&gt;Leaflets&lt;/b&gt;" in svg and "<b>" not in svg
    assert "Budget &amp; actual" in svg
    assert not INLINE.search(svg)


def test_a_line_and_columns_write_their_figures_negative_money_too():
    line = charts.line_chart(title="Cash", labels=["Jan", "Feb"], values=[Decimal("10.00"), Decimal("-5.25")])
    assert ">£10.00<" in line and ">−£5.25<" in line
    columns = charts.column_chart(title="Events", labels=["Jan", "Feb"], values=[3, 0])
    assert ">3<" in columns and ">0<" in columns and not INLINE.search(line + columns)


def test_progress_bars_say_how_much_is_done_and_how_much_time_is_gone():
    svg = charts.progress_chart(title="Targets", rows=[("Recruit 40 new members", 25, 50)])
    assert "25% done · 50% time" in svg and "Recruit 40 new members" in svg

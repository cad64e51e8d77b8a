"""Filters for the budget's tables (the page and the PDF share them)."""

from django import template

from clp.core.charts import figure

register = template.Library()


@register.filter
def money(value):
    """£1,234.50 (and −£12.00), as the charts write it."""
    return figure(value, "£")


@register.filter
def percent(fraction):
    return f"{round(fraction * 100)}%"


@register.filter
def subtract(a, b):
    return a - b


@register.filter
def add_lines(a, b):
    return list(a) + list(b)


@register.filter
def sections(report):
    """(heading, lines, budget, actual, forecast) for income, then expenditure."""
    return [
        ("Income", report.income, report.income_budget, report.income_actual, report.income_forecast),
        (
            "Expenditure",
            report.expenditure,
            report.spending_budget,
            report.spending_actual,
            report.spending_forecast,
        ),
    ]

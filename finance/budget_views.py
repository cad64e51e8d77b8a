"""The budget's pages: the list, starting a year's budget, setting its lines, the General
Meeting's agreement, and the Treasurer's report against it (a page and a PDF)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clp.core.access import access_for, require
from clp.core.bounds import date_param
from clp.core.charts import figure
from clp.core.exports import download
from clp.core.forms import attempt
from clp.core.once import submit_once
from finance import budget, exports, services
from finance.forms import BudgetAgreeForm, BudgetForm, BudgetLineForm
from finance.models import Budget


@require("can_see_finance_summary")
def budgets(request):
    form = BudgetForm(initial={"year": timezone.localdate().year + 1})
    context = {"budgets": budget.budgets(), "form": form if access_for(request.user).can_set_budget else None}
    return render(request, "finance/budgets.html", context)


@require("can_set_budget")
@submit_once
def budget_new(request):
    form = BudgetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, created = attempt(
            form, services.budget_create, year=data["year"], opening_balance=data["opening_balance"]
        )
        if ok:
            messages.success(request, f"The budget for {created.year} is started: now set its lines.")
            return redirect("finance:budget", year=created.year)
    return render(request, "finance/budgets.html", {"budgets": budget.budgets(), "form": form})


def _edit_page(request, year, *, line_form=None, agree_form=None):
    found = get_object_or_404(Budget, year=year)
    context = {
        "budget": found,
        "lines": found.lines.all(),
        "line_form": line_form or BudgetLineForm(),
        "agree_form": agree_form or BudgetAgreeForm(initial={"agreed_on": found.agreed_on}),
    }
    return render(request, "finance/budget.html", context)


@require("can_set_budget")
def budget_edit(request, year):
    return _edit_page(request, year)


@require_POST
@require("can_set_budget")
def budget_line(request, year):
    found = get_object_or_404(Budget, year=year)
    form = BudgetLineForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ok, line = attempt(
            form,
            services.budget_line_set,
            budget=found,
            category=data["category"],
            amount=data["amount"],
            note=data["note"],
        )
        if ok:
            messages.success(
                request, f"{line.get_category_display()}: {figure(line.amount, '£')} for the year."
            )
            return redirect("finance:budget", year=year)
    return _edit_page(request, year, line_form=form)


@require_POST
@require("can_set_budget")
def budget_agree(request, year):
    found = get_object_or_404(Budget, year=year)
    form = BudgetAgreeForm(request.POST)
    if form.is_valid():
        ok, _ = attempt(form, services.budget_agree, budget=found, agreed_on=form.cleaned_data["agreed_on"])
        if ok:
            messages.success(request, "The General Meeting's agreement is recorded.")
            return redirect("finance:budget", year=year)
    return _edit_page(request, year, agree_form=form)


def _report(request, year):
    return budget.budget_report(year, date_param(request, "on", default=timezone.localdate()))


@require("can_see_finance_summary")
def budget_report(request, year):
    report = _report(request, year)
    return render(
        request, "finance/budget_report.html", {"report": report, "charts": exports.budget_charts(report)}
    )


@require("can_see_finance_summary")
def budget_report_pdf(request, year):
    return download(exports.budget_report_pdf(_report(request, year)))

"""The Treasurer's pages. The Treasurer and the Chair (Deputy Treasurer) edit; other CLP
officers see summaries; branch treasurers record their own branch's income and donations."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clp.core.access import access_for, object_for_user, require
from clp.core.bounds import year_param
from clp.core.exports import download
from clp.core.forms import attempt
from clp.core.once import submit_once
from finance import exports, selectors, services
from finance.forms import (
    BankAccountForm,
    CheckForm,
    DonationForm,
    LedgerEntryForm,
    LoanForm,
    SignatoryForm,
    SourceForm,
    SubmitReportForm,
)
from finance.models import BankAccount, QuarterlyReport, Signatory, Source


def _donation_for_user(request, pk):
    """The donation, or 404 outside the user's reach (another branch's)."""
    return object_for_user(request, selectors.donations(), reach="reaches_money_record", pk=pk)


def _year(request):
    """The year asked for (?year=), or this year when none or no sensible one is given."""
    return year_param(request, default=timezone.localdate().year)


@require("can_open_finance")
def index(request):
    access = access_for(request.user)
    today = timezone.localdate()
    context = {"today": today, "year": today.year}
    tables = selectors.threshold_tables()
    if access.can_keep_accounts:
        context["attention"] = selectors.donations_awaiting_check(today, tables=tables)
        context["banks"] = [b for b in selectors.bank_accounts(today) if b.warning]
    if access.can_see_finance_summary:
        context["accounts"] = selectors.annual_accounts(today.year, tables)
        context["quarters"] = selectors.quarter_statuses(today)
    else:
        context["recent"] = selectors.donations(branch_ids=access.finance_branch_ids)[:10]
    return render(request, "finance/index.html", context)


# Donations -----------------------------------------------------------------------------------


DONATIONS_PAGE = 50


@require("can_record_donations")
def donations(request):
    """A year's donations, newest first, a page at a time, with the year's count and total
    from the database (the statuses are worked out for the page's rows only)."""
    year = _year(request)
    branch_ids = access_for(request.user).finance_branch_ids
    qs = selectors.donations(branch_ids=branch_ids).filter(received_on__year=year)
    page = Paginator(qs, DONATIONS_PAGE).get_page(request.GET.get("page"))
    rows = selectors.with_statuses(page.object_list, timezone.localdate())
    context = {
        "rows": rows,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "total": qs.order_by().aggregate(total=Sum("amount"))["total"],
        "year": year,
    }
    return render(request, "finance/donations.html", context)


def _donation_saved(form, request, donation=None):
    data = form.cleaned_data
    return attempt(
        form, services.donation_save, by=request.user, donation=donation, source=data["source"],
        branch=data["branch"], nature=data["nature"], description=data["description"],
        amount=data["amount"], received_on=data["received_on"], accepted_on=data["accepted_on"],
        notes=data["notes"],
    )  # fmt: skip


@require("can_record_donations")
@submit_once
def donation_new(request):
    branch_ids = access_for(request.user).finance_branch_ids
    form = DonationForm(request.POST or None, branch_ids=branch_ids)
    if request.method == "POST" and form.is_valid():
        ok, donation = _donation_saved(form, request)
        if ok:
            messages.success(request, f"Recorded the £{donation.amount} donation from {donation.source}.")
            return redirect("finance:donation", donation.pk)
    return render(
        request,
        "finance/form.html",
        {
            "form": form,
            "title": "Record a donation",
            "aside": (reverse("finance:source_new"), "Add them first"),
        },
    )


@require("can_record_donations")
def donation_detail(request, pk):
    donation = _donation_for_user(request, pk)
    status = selectors.donation_status(donation, timezone.localdate(), selectors.threshold_tables())
    history = donation.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request, "finance/donation.html", {"donation": donation, "status": status, "history": history}
    )


@require("can_record_donations")
def donation_edit(request, pk):
    donation = _donation_for_user(request, pk)
    branch_ids = access_for(request.user).finance_branch_ids
    form = DonationForm(request.POST or None, instance=donation, branch_ids=branch_ids)
    if request.method == "POST" and form.is_valid():
        ok, saved = _donation_saved(form, request, donation)
        if ok:
            messages.success(request, "Saved the changes to the donation.")
            return redirect("finance:donation", saved.pk)
    return render(request, "finance/form.html", {"form": form, "title": f"Change: {donation}"})


@require("can_record_donations")
def donation_check(request, pk):
    donation = object_for_user(
        request, selectors.donations(), reach="reaches_money_record", allow="can_check_donation", pk=pk
    )
    existing = getattr(donation, "permissibility", None)
    person = getattr(request.user, "person", None)
    initial = {"checked_on": timezone.localdate(), "checked_by": person}
    form = CheckForm(request.POST or None, instance=existing, initial=None if existing else initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, check = attempt(
            form, services.check_record, by=request.user, donation=donation, checked_on=data["checked_on"],
            checked_by=data["checked_by"], evidence=data["evidence"], outcome=data["outcome"],
            returned_on=data["returned_on"], returned_to=data["returned_to"], notes=data["notes"],
        )  # fmt: skip
        if ok:
            messages.success(request, f"Recorded the check: {check.get_outcome_display()}.")
            return redirect("finance:donation", donation.pk)
    return render(
        request,
        "finance/form.html",
        {"form": form, "title": f"Permissibility check: {donation}", "source_note": donation.source},
    )


# Donors and lenders --------------------------------------------------------------------------


@require("can_keep_accounts")
def sources(request):
    branch_ids = access_for(request.user).finance_branch_ids
    rows = selectors.sources_with_totals(branch_ids=branch_ids)
    return render(request, "finance/sources.html", {"sources": rows})


def _source_saved(form, source=None):
    data = form.cleaned_data
    return attempt(
        form, services.source_save, source=source, name=data["name"], category=data["category"],
        address=data["address"], registration_number=data["registration_number"],
        electoral_number=data["electoral_number"], notes=data["notes"],
    )  # fmt: skip


@require("can_record_donations")
@submit_once
def source_new(request):
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, source = _source_saved(form)
        if ok:
            messages.success(request, f"Added {source}. {source.permissibility_note}")
            return redirect("finance:donation_new")
    return render(request, "finance/form.html", {"form": form, "title": "Add a donor or lender"})


@require("can_keep_accounts")
def source_edit(request, pk):
    source = get_object_or_404(Source, pk=pk)
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid() and _source_saved(form, source)[0]:
        messages.success(request, f"Saved {source}.")
        return redirect("finance:sources")
    return render(request, "finance/form.html", {"form": form, "title": f"Change {source}"})


# Loans ---------------------------------------------------------------------------------------


@require("can_keep_accounts")
def loans(request):
    return render(request, "finance/loans.html", {"loans": selectors.loans()})


@require("can_keep_accounts")
@submit_once
def loan_new(request):
    person = getattr(request.user, "person", None)
    branch_ids = access_for(request.user).finance_branch_ids
    form = LoanForm(request.POST or None, initial={"checked_by": person}, branch_ids=branch_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, loan = attempt(
            form, services.loan_record, by=request.user, source=data["source"], branch=data["branch"],
            kind=data["kind"], amount=data["amount"], made_on=data["made_on"], interest=data["interest"],
            repayment_on=data["repayment_on"], security=data["security"], notes=data["notes"],
            checked_on=data["checked_on"], checked_by=data["checked_by"], evidence=data["evidence"],
        )  # fmt: skip
        if ok:
            messages.success(request, f"Recorded the {loan.get_kind_display().lower()} from {loan.source}.")
            return redirect("finance:loan", loan.pk)
    return render(request, "finance/form.html", {"form": form, "title": "Record a loan or credit facility"})


@require("can_keep_accounts")
def loan_detail(request, pk):
    loan = object_for_user(request, selectors.loans(), reach="reaches_money_record", pk=pk)
    return render(request, "finance/loan.html", {"loan": loan})


# Running totals ------------------------------------------------------------------------------


@require("can_keep_accounts")
def totals(request):
    year = _year(request)
    rows, threshold, floor = selectors.source_year_totals(year)
    return render(
        request, "finance/totals.html", {"rows": rows, "year": year, "threshold": threshold, "floor": floor}
    )


# Quarterly reports ---------------------------------------------------------------------------


def _quarter(year, quarter, fmt="pdf"):
    if quarter not in (1, 2, 3, 4) or not 2000 < year < 2200 or fmt not in ("pdf", "csv"):
        raise Http404("No such quarter.")


@require("can_see_finance_summary")
def reports(request):
    today = timezone.localdate()
    return render(
        request,
        "finance/reports.html",
        {
            "quarters": selectors.quarter_statuses(today),
            "submitted": selectors.submitted_reports()[:40],
            "due_days": selectors.report_due_days(),
            "today": today,
        },
    )


@require("can_keep_accounts")
def report(request, year, quarter):
    _quarter(year, quarter)
    live = selectors.quarter_report(year, quarter, timezone.localdate())
    return render(request, "finance/report.html", {"report": live, "form": SubmitReportForm()})


@require("can_keep_accounts")
def report_export(request, year, quarter, fmt):
    _quarter(year, quarter, fmt)
    return download(exports.quarterly_report(year, quarter, fmt))


@require_POST
@require("can_keep_accounts")
@submit_once
def report_submit(request, year, quarter):
    _quarter(year, quarter)
    form = SubmitReportForm(request.POST)
    form.is_valid()
    ok, saved = attempt(
        request, services.report_submit, year=year, quarter=quarter, by=request.user,
        reason=form.cleaned_data.get("reason", ""),
    )  # fmt: skip
    if ok:
        messages.success(request, f"Submitted {saved}. The PDF as submitted is kept and will not change.")
    return redirect("finance:report", year, quarter)


@require("can_keep_accounts")
def report_file(request, pk, fmt):
    _quarter(2001, 1, fmt)
    get_object_or_404(QuarterlyReport.objects.only("pk"), pk=pk)
    return download(exports.submitted_report(pk, fmt))


# Annual accounts, income and expenditure, bank accounts --------------------------------------


@require("can_see_finance_summary")
def accounts(request):
    year = _year(request)
    return render(
        request,
        "finance/accounts.html",
        {"accounts": selectors.annual_accounts(year), "year": year, "today": timezone.localdate()},
    )


@require("can_record_donations")
def entries(request):
    year = _year(request)
    branch_ids = access_for(request.user).finance_branch_ids
    qs = selectors.ledger_entries(branch_ids=branch_ids).filter(on__year=year)
    return render(request, "finance/entries.html", {"entries": qs, "year": year})


@require("can_record_donations")
@submit_once
def entry_new(request):
    branch_ids = access_for(request.user).finance_branch_ids
    form = LedgerEntryForm(request.POST or None, branch_ids=branch_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, entry = attempt(
            form, services.ledger_entry_record, by=request.user, direction=data["direction"],
            category=data["category"], amount=data["amount"], on=data["on"],
            description=data["description"], branch=data["branch"],
        )  # fmt: skip
        if ok:
            messages.success(request, f"Recorded: {entry}.")
            return redirect("finance:entries")
    return render(request, "finance/form.html", {"form": form, "title": "Record income or expenditure"})


@require("can_see_finance_summary")
def bank(request):
    return render(
        request,
        "finance/bank.html",
        {"accounts": selectors.bank_accounts(timezone.localdate()), "signatory_form": SignatoryForm()},
    )


@require("can_keep_accounts")
@submit_once
def bank_new(request):
    branch_ids = access_for(request.user).finance_branch_ids
    form = BankAccountForm(request.POST or None, branch_ids=branch_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = attempt(
            form, services.bank_account_create, name=data["name"], bank=data["bank"],
            account_ending=data["account_ending"], branch=data["branch"],
        )  # fmt: skip
        if ok:
            messages.success(request, "Added the bank account. Now add its signatories.")
            return redirect("finance:bank")
    return render(request, "finance/form.html", {"form": form, "title": "Add a bank account"})


@require_POST
@require("can_keep_accounts")
@submit_once
def signatory_add(request, pk):
    account = object_for_user(request, BankAccount.objects.all(), reach="reaches_money_record", pk=pk)
    form = SignatoryForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a person to add as a signatory.")
    elif attempt(request, services.signatory_add, account=account, person=form.cleaned_data["person"])[0]:
        messages.success(request, f"Added {form.cleaned_data['person']} as a signatory.")
    return redirect("finance:bank")


@require_POST
@require("can_keep_accounts")
def signatory_remove(request, pk):
    signatory = object_for_user(
        request, Signatory.objects.select_related("account", "person"), reach="reaches_signatory", pk=pk
    )
    services.signatory_remove(signatory=signatory)
    messages.success(request, f"{signatory.person} is no longer a signatory.")
    return redirect("finance:bank")

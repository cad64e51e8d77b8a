"""The Treasurer's pages. The Treasurer and the Chair (Deputy Treasurer) edit; other CLP
officers see summaries; branch treasurers record their own branch's income and donations."""

from django.contrib import messages
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clp.core.access import access_for, object_for_user, require
from clp.core.bounds import year_param
from clp.core.exports import download
from clp.core.forms import attempt
from clp.core.links import url_of
from clp.core.once import submit_once
from clp.core.pages import CountedPaginator, pager
from finance import exports, returns, selectors, services
from finance import thresholds as law
from finance.forms import (
    BankAccountForm,
    CheckForm,
    DonationForm,
    LedgerEntryForm,
    LenderForm,
    LoanChangeForm,
    LoanEditForm,
    LoanForm,
    SignatoryForm,
    SourceForm,
    SubmitReportForm,
    answers_of,
)
from finance.models import BankAccount, QuarterlyReport, Signatory, Source


def _donation_for_user(request, pk):
    """The donation, or 404 outside the user's reach (another branch's)."""
    return object_for_user(request, selectors.donations(), reach="reaches_money_record", pk=pk)


def _year(request):
    """The year asked for (?year=), or this year when none or no sensible one is given."""
    return year_param(request, default=timezone.localdate().year)


ATTENTION_PAGE = 25  # the overview's donations to check, a page at a time


@require("can_open_finance")
def index(request):
    access = access_for(request.user)
    today = timezone.localdate()
    context = {"today": today, "year": today.year}
    tables = selectors.threshold_tables()
    if access.can_keep_accounts:
        href = url_of("finance:donation")
        waiting, page = selectors.donations_awaiting_check_page(
            today, request.GET.get("page"), ATTENTION_PAGE, tables=tables
        )
        context["attention"] = selectors.donation_rows(
            [selectors.DonationListRow.of(d, status, href(d.pk)) for d, status in waiting],
            selectors.CHECK_COLUMNS,
        )
        context.update(pager(page))
        context["banks"] = [b for b in selectors.bank_accounts(today) if b.warning]
    if access.can_see_finance_summary:
        context["accounts"] = selectors.annual_accounts(today.year, tables)
        context["quarters"] = returns.quarters_page(today)[:4]
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
    qs = selectors.donations_listed(branch_ids=branch_ids).filter(received_on__year=year)
    # The year's count and total in one query; the paginator is told the count.
    year_is = qs.order_by().aggregate(count=Count("pk"), total=Sum("amount"))
    page = CountedPaginator(qs, DONATIONS_PAGE, count=year_is["count"]).get_page(request.GET.get("page"))
    href = url_of("finance:donation")
    rows = [
        selectors.DonationListRow.of(donation, status, href(donation.pk))
        for donation, status in selectors.with_statuses(page.object_list, timezone.localdate())
    ]
    context = {
        "rows": selectors.donation_rows(rows),
        **pager(page, f"year={year}&"),  # the pages keep the year
        "total": year_is["total"],
        "year": year,
    }
    return render(request, "finance/donations.html", context)


def _donation_saved(form, request, donation=None):
    data = form.cleaned_data
    return attempt(
        form, services.donation_save, by=request.user, donation=donation, source=data["source"],
        branch=data["branch"], nature=data["nature"], description=data["description"],
        amount=data["amount"], received_on=data["received_on"], accepted_on=data["accepted_on"],
        notes=data["notes"], non_cash_kind=data["non_cash_kind"], received_how=data["received_how"],
        is_sponsorship=data["is_sponsorship"], is_bequest=data["is_bequest"], testator=data["testator"],
        anonymous_elector=data["anonymous_elector"],
    )  # fmt: skip


def _amendment_message(request, donation=None, loan=None):
    """Says at once, on the page that saved it, that a submitted quarter needs an amended
    report (the page it leads to shows the notice with a link to the report)."""
    if donation is not None:
        notice = returns.amendment_notice(f"donation:{donation.pk}", returns.donation_reported_on(donation))
    else:
        notice = returns.amendment_notice(f"loan:{loan.pk}", loan.made_on)
    if notice:
        messages.warning(request, notice["text"])


@require("can_record_donations")
@submit_once
def donation_new(request):
    branch_ids = access_for(request.user).finance_branch_ids
    form = DonationForm(request.POST or None, branch_ids=branch_ids)
    if request.method == "POST" and form.is_valid():
        ok, donation = _donation_saved(form, request)
        if ok:
            messages.success(request, f"Recorded the £{donation.amount} donation from {donation.source}.")
            _amendment_message(request, donation=donation)
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
    notice = returns.amendment_notice(f"donation:{donation.pk}", returns.donation_reported_on(donation))
    context = {"donation": donation, "status": status, "history": history, "notice": notice}
    return render(request, "finance/donation.html", context)


@require("can_record_donations")
def donation_edit(request, pk):
    donation = _donation_for_user(request, pk)
    branch_ids = access_for(request.user).finance_branch_ids
    form = DonationForm(request.POST or None, instance=donation, branch_ids=branch_ids)
    if request.method == "POST" and form.is_valid():
        ok, saved = _donation_saved(form, request, donation)
        if ok:
            messages.success(request, "Saved the changes to the donation.")
            _amendment_message(request, donation=saved)
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
    form = CheckForm(
        request.POST or None, instance=existing, initial=None if existing else initial, source=donation.source
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers, details = answers_of(form, donation.source.category)
        ok, check = attempt(
            form, services.check_record, by=request.user, donation=donation, checked_on=data["checked_on"],
            checked_by=data["checked_by"], answers=answers, details=details, evidence=data["evidence"],
            outcome=data["outcome"], returned_on=data["returned_on"], returned_to=data["returned_to"],
            notes=data["notes"],
        )  # fmt: skip
        if ok:
            messages.success(request, f"Recorded the check: {check.get_outcome_display()}.")
            _amendment_message(request, donation=donation)
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


def _lender(request):
    """The lender named by ?source=, within the caller's reach (a branch treasurer's own)."""
    branch_ids = access_for(request.user).finance_branch_ids
    form = LenderForm(request.GET, branch_ids=branch_ids)
    return form.cleaned_data["source"] if form.is_valid() else None


@require("can_keep_accounts")
@submit_once
def loan_new(request):
    """Two steps: choose the lender (their kind decides the law's questions), then the loan
    with the lender's check, which must come first."""
    branch_ids = access_for(request.user).finance_branch_ids
    source = _lender(request) if "source" in request.GET else None
    if source is None:
        chooser = LenderForm(request.GET or None, branch_ids=branch_ids)
        return render(request, "finance/lender.html", {"form": chooser})
    person = getattr(request.user, "person", None)
    initial = {"checked_by": person}
    form = LoanForm(request.POST or None, initial=initial, branch_ids=branch_ids, source=source)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers, details = answers_of(form, source.category)
        ok, loan = attempt(
            form, services.loan_record, by=request.user, source=source, branch=data["branch"],
            kind=data["kind"], amount=data["amount"], made_on=data["made_on"],
            interest_rate=data["interest_rate"], interest=data["interest"],
            interest_capitalised=data["interest_capitalised"], repayment_on=data["repayment_on"],
            repayment_indefinite=data["repayment_indefinite"], security=data["security"], notes=data["notes"],
            checked_on=data["checked_on"], checked_by=data["checked_by"], answers=answers, details=details,
            evidence=data["evidence"],
        )  # fmt: skip
        if ok:
            messages.success(request, f"Recorded the {loan.get_kind_display().lower()} from {loan.source}.")
            _amendment_message(request, loan=loan)
            return redirect("finance:loan", loan.pk)
    return render(
        request,
        "finance/form.html",
        {"form": form, "title": f"Record a loan or credit facility from {source}", "source_note": source},
    )


def _loan_for_user(request, pk):
    return object_for_user(request, selectors.loans(), reach="reaches_money_record", pk=pk)


@require("can_keep_accounts")
def loan_detail(request, pk):
    loan = _loan_for_user(request, pk)
    notice = returns.amendment_notice(f"loan:{loan.pk}", loan.made_on)
    history = loan.history.select_related("history_user").order_by("-history_date")[:20]
    return render(request, "finance/loan.html", {"loan": loan, "notice": notice, "history": history})


@require("can_keep_accounts")
def loan_edit(request, pk):
    loan = _loan_for_user(request, pk)
    branch_ids = access_for(request.user).finance_branch_ids
    form = LoanEditForm(request.POST or None, instance=loan, branch_ids=branch_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = attempt(
            form, services.loan_update, loan=loan, by=request.user, kind=data["kind"], amount=data["amount"],
            made_on=data["made_on"], branch=data["branch"], interest_rate=data["interest_rate"],
            interest=data["interest"], interest_capitalised=data["interest_capitalised"],
            repayment_on=data["repayment_on"], repayment_indefinite=data["repayment_indefinite"],
            security=data["security"], ended_on=data["ended_on"], notes=data["notes"],
        )  # fmt: skip
        if ok:
            messages.success(request, "Saved the correction to the loan.")
            _amendment_message(request, loan=loan)
            return redirect("finance:loan", loan.pk)
    return render(request, "finance/form.html", {"form": form, "title": f"Correct: {loan}"})


@require("can_keep_accounts")
@submit_once
def loan_change_new(request, pk):
    loan = _loan_for_user(request, pk)
    form = LoanChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, change = attempt(
            form, services.loan_change_record, loan=loan, by=request.user, changed_on=data["changed_on"],
            what=data["what"], description=data["description"], new_amount=data["new_amount"],
        )  # fmt: skip
        if ok:
            messages.success(
                request, f"Recorded the change: {change}. It is reported as a change to the loan."
            )
            notice = returns.amendment_notice(f"loan-change:{change.pk}", change.changed_on)
            if notice:
                messages.warning(request, notice["text"])
            return redirect("finance:loan", loan.pk)
    return render(request, "finance/form.html", {"form": form, "title": f"A change to {loan}"})


# Running totals ------------------------------------------------------------------------------


TOTALS_PAGE = 50


@require("can_keep_accounts")
def totals(request):
    """Each source's year, largest first, a page at a time (?page=), with the count."""
    year = _year(request)
    rows, page, threshold, floor = returns.source_year_totals_page(
        year, timezone.localdate(), request.GET.get("page"), TOTALS_PAGE
    )
    context = {
        "rows": rows,
        "year": year,
        "threshold": threshold,
        "floor": floor,
        **pager(page, f"year={year}&"),
    }
    return render(request, "finance/totals.html", context)


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
            "quarters": returns.quarters_page(today),
            "due_days": selectors.report_due_days(),
            "today": today,
        },
    )


REPORT_PAGE = 50


def _report_page(request, year, quarter, form):
    """The quarter's return with a page of its rows (?page=), the count and the totals of the
    whole quarter, and every reportable group; the PDF and the CSV hold every row."""
    live, page = returns.quarter_report_page(
        year, quarter, timezone.localdate(), request.GET.get("page"), REPORT_PAGE
    )
    context = {"report": live, "form": form, **pager(page)}
    return render(request, "finance/report.html", context)


@require("can_keep_accounts")
def report(request, year, quarter):
    _quarter(year, quarter)
    return _report_page(request, year, quarter, SubmitReportForm())


GROUPS_PAGE = 25


@require("can_keep_accounts")
def report_groups(request, year, quarter):
    """The groups that became reportable in the quarter, a page at a time (?page=), each with
    every benefit in it, as the return lists them."""
    _quarter(year, quarter)
    page = returns.quarter_groups_page(
        year, quarter, timezone.localdate(), request.GET.get("page"), GROUPS_PAGE
    )
    context = {
        "label": law.quarter_label(year, quarter),
        "year": year,
        "quarter": quarter,
        "groups_html": returns.groups_html(page.object_list),
        **pager(page),
    }
    return render(request, "finance/report_groups.html", context)


@require("can_keep_accounts")
def report_export(request, year, quarter, fmt):
    _quarter(year, quarter, fmt)
    return download(exports.quarterly_report(year, quarter, fmt))


@require_POST
@require("can_keep_accounts")
@submit_once
def report_submit(request, year, quarter):
    _quarter(year, quarter)
    if not law.quarter_is_over(year, quarter, timezone.localdate()):
        messages.error(request, law.not_over_message(year, quarter))
        return redirect("finance:report", year, quarter)
    form = SubmitReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ok, saved = attempt(
            form, services.report_submit, year=year, quarter=quarter, by=request.user,
            sent_how=data["sent_how"], sent_on=data["sent_on"], reason=data["reason"],
        )  # fmt: skip
        if ok:
            messages.success(request, f"Submitted {saved}. The PDF as submitted is kept and will not change.")
            return redirect("finance:report", year, quarter)
    return _report_page(request, year, quarter, form)


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


@require("can_record_donations")
def entry_edit(request, pk):
    access = access_for(request.user)
    entry = object_for_user(
        request,
        selectors.ledger_entries(branch_ids=access.finance_branch_ids),
        reach="reaches_money_record",
        pk=pk,
    )
    form = LedgerEntryForm(request.POST or None, instance=entry, branch_ids=access.finance_branch_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, saved = attempt(
            form, services.ledger_entry_record, by=request.user, entry=entry, direction=data["direction"],
            category=data["category"], amount=data["amount"], on=data["on"],
            description=data["description"], branch=data["branch"],
        )  # fmt: skip
        if ok:
            messages.success(request, f"Saved: {saved}.")
            return redirect("finance:entries")
    return render(request, "finance/form.html", {"form": form, "title": f"Correct: {entry}"})


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


@require("can_keep_accounts")
def bank_edit(request, pk):
    account = object_for_user(request, BankAccount.objects.all(), reach="reaches_money_record", pk=pk)
    branch_ids = access_for(request.user).finance_branch_ids
    form = BankAccountForm(request.POST or None, instance=account, branch_ids=branch_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = attempt(
            form, services.bank_account_create, account=account, name=data["name"], bank=data["bank"],
            account_ending=data["account_ending"], branch=data["branch"],
        )  # fmt: skip
        if ok:
            messages.success(request, "Saved the correction to the bank account.")
            return redirect("finance:bank")
    return render(request, "finance/form.html", {"form": form, "title": f"Correct: {account}"})


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

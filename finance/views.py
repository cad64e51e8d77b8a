"""The Treasurer's pages. The Treasurer and the Chair (Deputy Treasurer) edit; other CLP
officers see summaries; branch treasurers record their own branch's income and donations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from finance import exports, selectors, services
from finance import thresholds as law
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
from officers.access import access_for, require


def _edits(a):
    return a.edits_finance


def _summary(a):
    return a.sees_finance_summary


def _records(a):
    """May record donations and income: the Treasurer, the Chair, branch treasurers."""
    return a.edits_finance or bool(a.branch_treasurer_of)


def _any(a):
    return a.sees_finance_summary or bool(a.branch_treasurer_of)


def _branch_ids(access):
    """None for those who record for the whole CLP; a branch treasurer's own branches."""
    return None if access.edits_finance else access.branch_treasurer_of


def _donation_for_user(request, pk, *, change=False):
    """The donation, or 404 outside the user's reach (another branch), or 403 when they
    may see it but not do this."""
    access = access_for(request.user)
    donation = get_object_or_404(selectors.donations_visible_to(access), pk=pk)
    if change and not access.edits_finance and donation.branch_id not in access.branch_treasurer_of:
        raise PermissionDenied
    return donation


def _saved(form, call):
    """Run a service; on a ValidationError, put its messages on the form. Nothing half-saved:
    each service runs in one transaction."""
    try:
        return call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def _year(request):
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


@require(_any)
def index(request):
    access = access_for(request.user)
    today = timezone.localdate()
    context = {"access": access, "today": today, "year": today.year}
    tables = selectors.threshold_tables()
    if access.edits_finance:
        donations = selectors.with_statuses(
            selectors.donations_visible_to(access).filter(permissibility=None), today, tables
        )
        context["attention"] = [(d, s) for d, s in donations if s.code in ("due", "deemed_accepted")]
        context["banks"] = [b for b in selectors.bank_accounts(today) if b.warning]
    if access.sees_finance_summary:
        context["accounts"] = selectors.annual_accounts(today.year, tables)
        context["quarters"] = _quarter_statuses(today)
    if not access.sees_finance_summary:
        context["recent"] = selectors.donations_visible_to(access)[:10]
    return render(request, "finance/index.html", context)


def _quarter_statuses(today):
    submitted = {}
    for report in selectors.submitted_reports().filter(year__gte=today.year - 1):
        submitted.setdefault((report.year, report.quarter), report)
    year, quarter = law.previous_quarter(today)
    rows = []
    for _ in range(4):
        rows.append(
            {
                "year": year,
                "quarter": quarter,
                "label": law.quarter_label(year, quarter),
                "due_on": law.report_due_on(year, quarter, selectors.report_due_days()),
                "report": submitted.get((year, quarter)),
            }
        )
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return rows


# Donations -----------------------------------------------------------------------------------


@require(_records)
def donations(request):
    access = access_for(request.user)
    year = _year(request)
    qs = selectors.donations_visible_to(access).filter(received_on__year=year)
    rows = selectors.with_statuses(qs, timezone.localdate())
    return render(request, "finance/donations.html", {"rows": rows, "year": year, "access": access})


@require(_records)
def donation_new(request):
    access = access_for(request.user)
    form = DonationForm(request.POST or None, branch_ids=_branch_ids(access))
    if request.method == "POST" and form.is_valid():
        donation = _saved(form, lambda: services.donation_save(by=request.user, **form.cleaned_data))
        if donation:
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


@require(_records)
def donation_detail(request, pk):
    donation = _donation_for_user(request, pk)
    status = selectors.donation_status(donation, timezone.localdate(), selectors.threshold_tables())
    history = donation.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "finance/donation.html",
        {"donation": donation, "status": status, "history": history, "access": access_for(request.user)},
    )


@require(_records)
def donation_edit(request, pk):
    access = access_for(request.user)
    donation = _donation_for_user(request, pk, change=True)
    form = DonationForm(request.POST or None, instance=donation, branch_ids=_branch_ids(access))
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        saved = _saved(form, lambda: services.donation_save(by=request.user, donation=donation, **fields))
        if saved:
            messages.success(request, "Saved the changes to the donation.")
            return redirect("finance:donation", saved.pk)
    return render(request, "finance/form.html", {"form": form, "title": f"Change: {donation}"})


@require(_records)
def donation_check(request, pk):
    donation = _donation_for_user(request, pk)
    if not access_for(request.user).edits_finance:
        raise PermissionDenied("The Treasurer or the Chair records permissibility checks.")
    existing = getattr(donation, "permissibility", None)
    person = getattr(request.user, "person", None)
    initial = {"checked_on": timezone.localdate(), "checked_by": person}
    form = CheckForm(request.POST or None, instance=existing, initial=None if existing else initial)
    if request.method == "POST" and form.is_valid():
        check = _saved(
            form, lambda: services.check_record(by=request.user, donation=donation, **form.cleaned_data)
        )
        if check:
            messages.success(request, f"Recorded the check: {check.get_outcome_display()}.")
            return redirect("finance:donation", donation.pk)
    return render(
        request,
        "finance/form.html",
        {"form": form, "title": f"Permissibility check: {donation}", "source_note": donation.source},
    )


# Donors and lenders --------------------------------------------------------------------------


@require(_edits)
def sources(request):
    return render(request, "finance/sources.html", {"sources": selectors.sources_with_totals()})


@require(_records)
def source_new(request):
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = _saved(form, lambda: services.source_save(**form.cleaned_data))
        if source:
            messages.success(request, f"Added {source}. {source.permissibility_note}")
            return redirect("finance:donation_new")
    return render(request, "finance/form.html", {"form": form, "title": "Add a donor or lender"})


@require(_edits)
def source_edit(request, pk):
    source = get_object_or_404(Source, pk=pk)
    form = SourceForm(request.POST or None, instance=source)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, lambda: services.source_save(source=source, **form.cleaned_data))
    ):
        messages.success(request, f"Saved {source}.")
        return redirect("finance:sources")
    return render(request, "finance/form.html", {"form": form, "title": f"Change {source}"})


# Loans ---------------------------------------------------------------------------------------


@require(_edits)
def loans(request):
    return render(
        request, "finance/loans.html", {"loans": selectors.loans_visible_to(access_for(request.user))}
    )


@require(_edits)
def loan_new(request):
    person = getattr(request.user, "person", None)
    form = LoanForm(request.POST or None, initial={"checked_by": person})
    if request.method == "POST" and form.is_valid():
        loan = _saved(form, lambda: services.loan_record(by=request.user, **form.cleaned_data))
        if loan:
            messages.success(request, f"Recorded the {loan.get_kind_display().lower()} from {loan.source}.")
            return redirect("finance:loan", loan.pk)
    return render(request, "finance/form.html", {"form": form, "title": "Record a loan or credit facility"})


@require(_edits)
def loan_detail(request, pk):
    loan = get_object_or_404(selectors.loans_visible_to(access_for(request.user)), pk=pk)
    return render(request, "finance/loan.html", {"loan": loan})


# Running totals ------------------------------------------------------------------------------


@require(_edits)
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


@require(_summary)
def reports(request):
    today = timezone.localdate()
    return render(
        request,
        "finance/reports.html",
        {
            "quarters": _quarter_statuses(today),
            "submitted": selectors.submitted_reports()[:40],
            "access": access_for(request.user),
            "due_days": selectors.report_due_days(),
            "today": today,
        },
    )


@require(_edits)
def report(request, year, quarter):
    _quarter(year, quarter)
    live = selectors.quarter_report(year, quarter, timezone.localdate())
    return render(request, "finance/report.html", {"report": live, "form": SubmitReportForm()})


@require(_edits)
def report_export(request, year, quarter, fmt):
    _quarter(year, quarter, fmt)
    filename, content_type, content = exports.quarterly_report(year, quarter, fmt)
    return _download(filename, content_type, content)


@require_POST
@require(_edits)
def report_submit(request, year, quarter):
    _quarter(year, quarter)
    form = SubmitReportForm(request.POST)
    form.is_valid()
    try:
        saved = services.report_submit(
            year=year, quarter=quarter, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Submitted {saved}. The PDF as submitted is kept and will not change.")
    return redirect("finance:report", year, quarter)


@require(_edits)
def report_file(request, pk, fmt):
    _quarter(2001, 1, fmt)
    get_object_or_404(QuarterlyReport.objects.only("pk"), pk=pk)
    return _download(*exports.submitted_report(pk, fmt))


def _download(filename, content_type, content):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Annual accounts, income and expenditure, bank accounts --------------------------------------


@require(_summary)
def accounts(request):
    year = _year(request)
    return render(
        request,
        "finance/accounts.html",
        {"accounts": selectors.annual_accounts(year), "year": year, "today": timezone.localdate()},
    )


@require(_records)
def entries(request):
    access = access_for(request.user)
    year = _year(request)
    qs = selectors.ledger_visible_to(access).filter(on__year=year)
    return render(request, "finance/entries.html", {"entries": qs, "year": year, "access": access})


@require(_records)
def entry_new(request):
    access = access_for(request.user)
    branch_ids = _branch_ids(access)
    form = LedgerEntryForm(request.POST or None, branch_ids=branch_ids)
    if request.method == "POST" and form.is_valid():
        entry = _saved(form, lambda: services.ledger_entry_record(by=request.user, **form.cleaned_data))
        if entry:
            messages.success(request, f"Recorded: {entry}.")
            return redirect("finance:entries")
    return render(request, "finance/form.html", {"form": form, "title": "Record income or expenditure"})


@require(_summary)
def bank(request):
    access = access_for(request.user)
    return render(
        request,
        "finance/bank.html",
        {
            "accounts": selectors.bank_accounts(timezone.localdate()),
            "access": access,
            "signatory_form": SignatoryForm(),
        },
    )


@require(_edits)
def bank_new(request):
    form = BankAccountForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, lambda: services.bank_account_create(**form.cleaned_data))
    ):
        messages.success(request, "Added the bank account. Now add its signatories.")
        return redirect("finance:bank")
    return render(request, "finance/form.html", {"form": form, "title": "Add a bank account"})


@require_POST
@require(_edits)
def signatory_add(request, pk):
    account = get_object_or_404(BankAccount, pk=pk)
    form = SignatoryForm(request.POST)
    if form.is_valid():
        try:
            services.signatory_add(account=account, person=form.cleaned_data["person"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Added {form.cleaned_data['person']} as a signatory.")
    else:
        messages.error(request, "Choose a person to add as a signatory.")
    return redirect("finance:bank")


@require_POST
@require(_edits)
def signatory_remove(request, pk):
    signatory = get_object_or_404(Signatory, pk=pk)
    services.signatory_remove(signatory=signatory)
    messages.success(request, f"{signatory.person} is no longer a signatory.")
    return redirect("finance:bank")

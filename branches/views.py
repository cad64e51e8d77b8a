from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from branches import exports, progress, selectors, services
from branches.forms import AffiliateForm, DelegateForm, DirectoryChoiceForm, MailingForm, ReportUploadForm
from branches.markup import render_markdown
from branches.models import Affiliate, AffiliateDelegate, Branch, DirectoryChoice, Mailing, MembershipImport
from officers.access import Role, access_for, require

sees_branches = require(
    lambda a: a.sees_all_branches or bool(a.branch_roles),
    "Only branch officers and the CLP's officers see branches.",
)
officers_only = require(lambda a: a.is_officer, "The directory is for current officers only.")
secretary_only = require(lambda a: a.is_secretary, "Only the Secretary may do this.")
imports_membership = require(
    lambda a: a.is_secretary or a.has(Role.MEMBERSHIP_OFFICER),
    "Only the Secretary and the Membership Officer import the Membership Action Report.",
)


def _branch_for_user(request, slug):
    """The branch, or 404 when it is outside the user's reach (nothing about it leaks)."""
    branch = get_object_or_404(Branch.objects.prefetch_related("wards"), slug=slug)
    if not access_for(request.user).sees_branch(branch.pk):
        raise Http404("No such branch.")
    return branch


def _mailing_for_user(request, pk):
    """A sent mailing for anyone who sees branches; a draft for the Secretary only."""
    mailing = get_object_or_404(Mailing, pk=pk)
    access = access_for(request.user)
    if mailing.status == Mailing.Status.DRAFT and not access.is_secretary:
        raise Http404("No such mailing.")
    return mailing


def _download(exported):
    filename, content_type, content = exported
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Branches --------------------------------------------------------------------------------


@sees_branches
def index(request):
    access = access_for(request.user)
    branches = list(selectors.branches_for(access))
    secretaries = {}
    for term in selectors.branch_officer_terms(branch_ids=[b.pk for b in branches]):
        if term.post.role == Role.BRANCH_SECRETARY:
            secretaries.setdefault(term.post.branch_id, []).append(term.person)
    rows = [(branch, secretaries.get(branch.pk, [])) for branch in branches]
    return render(request, "branches/index.html", {"rows": rows, "access": access})


@sees_branches
def detail(request, slug):
    branch = _branch_for_user(request, slug)
    officers = [
        (term, selectors.contact_for(term.person))
        for term in selectors.branch_officer_terms(branch_ids=[branch.pk])
    ]
    upcoming, past = selectors.branch_meetings(branch)
    report = selectors.latest_report()
    context = {
        "branch": branch,
        "officers": officers,
        "upcoming": upcoming,
        "past": past,
        "mailings": selectors.mailings_sent(),
        "report": report,
        "entries": selectors.report_entries_for_branch(report, branch),
    }
    return render(request, "branches/detail.html", context)


# The directory ---------------------------------------------------------------------------


@officers_only
def directory(request):
    query = request.GET.get("q", "").strip()[:100]
    context = {"sections": selectors.directory_sections(selectors.directory(query=query)), "query": query}
    template = "branches/partials/directory_results.html" if request.htmx else "branches/directory.html"
    return render(request, template, context)


@officers_only
def directory_csv(request):
    return _download(exports.directory_csv(request.GET.get("q", "").strip()[:100]))


@officers_only
def directory_pdf(request):
    return _download(exports.directory_pdf(request.GET.get("q", "").strip()[:100]))


def directory_choice(request):
    """Each person chooses which of their contact details the directory shows."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404("Your login is not linked to a member record.")
    choice = DirectoryChoice.objects.filter(person=person).first() or DirectoryChoice(
        person=person, **DirectoryChoice.DEFAULTS
    )
    form = DirectoryChoiceForm(request.POST or None, instance=choice)
    if request.method == "POST" and form.is_valid():
        services.directory_choice_save(person=person, **form.cleaned_data)
        messages.success(request, "Saved: the directory now shows the details you chose.")
        return redirect("branches:directory_choice")
    return render(request, "branches/directory_choice.html", {"form": form, "person": person})


# Affiliated organisations ----------------------------------------------------------------


@officers_only
def affiliates(request):
    context = {
        "affiliates": selectors.affiliates_with_delegates(),
        "form": AffiliateForm(),
        "today": timezone.localdate(),
    }
    return render(request, "branches/affiliates.html", context)


@secretary_only
def affiliate_create(request):
    form = AffiliateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            affiliate = services.affiliate_create(**form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Added {affiliate}.")
            return redirect("branches:affiliates")
    return render(request, "branches/affiliate_form.html", {"form": form})


@secretary_only
def delegate_add(request, pk):
    affiliate = get_object_or_404(Affiliate, pk=pk)
    form = DelegateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delegate = services.affiliate_delegate_appoint(affiliate=affiliate, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{delegate.person} is now a delegate of {affiliate}.")
            return redirect("branches:affiliates")
    return render(request, "branches/delegate_form.html", {"form": form, "affiliate": affiliate})


@require_POST
@secretary_only
def delegate_end(request, pk):
    delegate = get_object_or_404(AffiliateDelegate.objects.select_related("person", "affiliate"), pk=pk)
    try:
        ended = services.affiliate_delegate_end(delegate=delegate, ends_on=timezone.localdate())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        what = "is no longer a delegate of {} from today" if ended else "will not become a delegate of {}"
        messages.success(request, f"{delegate.person} {what.format(delegate.affiliate)}.")
    return redirect("branches:affiliates")


# The Membership Action Report ------------------------------------------------------------


@imports_membership
def import_upload(request):
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        report = services.membership_import_preview(
            filename=form.cleaned_data["report"].name, text=form.cleaned_data["text"], by=request.user
        )
        return redirect("branches:import_detail", pk=report.pk)
    return render(
        request, "branches/import_upload.html", {"form": form, "imports": selectors.imports_recent()}
    )


def _import_done(report):
    if report.status == MembershipImport.Status.RUNNING:
        return progress.read(report.pk) or 0
    return report.total_rows if report.status == MembershipImport.Status.DONE else 0


@imports_membership
def import_detail(request, pk):
    report = get_object_or_404(MembershipImport.objects.defer("content"), pk=pk)
    context = {"report": report, "done": _import_done(report)}
    return render(request, "branches/import_detail.html", context)


@require_POST
@imports_membership
def import_confirm(request, pk):
    report = get_object_or_404(MembershipImport.objects.defer("content"), pk=pk)
    if services.membership_import_confirm(report=report):
        messages.success(request, f"Importing {report.filename}.")
    else:
        messages.warning(request, "This report is not waiting to be imported (it may be under way already).")
    return redirect("branches:import_detail", pk=report.pk)


@imports_membership
def import_progress(request, pk):
    report = get_object_or_404(MembershipImport.objects.defer("content"), pk=pk)
    if request.htmx and not report.in_progress:
        return HttpResponseClientRefresh()
    return render(
        request, "branches/partials/import_progress.html", {"report": report, "done": _import_done(report)}
    )


# The monthly branch mailing --------------------------------------------------------------


@secretary_only
def mailing_list(request):
    return render(request, "branches/mailing_list.html", {"mailings": selectors.mailings_all()})


def _mailing_form(request, mailing=None):
    form = MailingForm(request.POST or None, instance=mailing)
    if request.method == "POST" and form.is_valid():
        try:
            mailing = services.mailing_save(mailing=mailing, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Draft saved. Check the preview below, then send it.")
            return redirect("branches:mailing_detail", pk=mailing.pk)
    context = {"form": form, "mailing": mailing, "next_meeting": selectors.next_clp_meeting()}
    return render(request, "branches/mailing_form.html", context)


@secretary_only
def mailing_create(request):
    return _mailing_form(request)


@secretary_only
def mailing_edit(request, pk):
    mailing = get_object_or_404(Mailing, pk=pk, status=Mailing.Status.DRAFT)
    return _mailing_form(request, mailing)


@sees_branches
def mailing_detail(request, pk):
    mailing = _mailing_for_user(request, pk)
    delivered, total = selectors.mailing_delivery(mailing)
    meeting, business = selectors.mailing_current_business(mailing)
    context = {
        "mailing": mailing,
        "meeting": meeting,
        "business": business,
        "body_html": render_markdown(mailing.body),
        "delivered": delivered,
        "total": total,
        "recipients": services.branch_secretary_posts() if mailing.status == Mailing.Status.DRAFT else [],
    }
    return render(request, "branches/mailing_detail.html", context)


@require_POST
@secretary_only
def mailing_send(request, pk):
    mailing = get_object_or_404(Mailing, pk=pk)
    try:
        services.mailing_send(mailing=mailing)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The mailing is on its way to every branch secretary.")
    return redirect("branches:mailing_detail", pk=mailing.pk)


@secretary_only
def mailing_progress(request, pk):
    mailing = get_object_or_404(Mailing, pk=pk, status=Mailing.Status.SENT)
    delivered, total = selectors.mailing_delivery(mailing)
    context = {"mailing": mailing, "delivered": delivered, "total": total}
    return render(request, "branches/partials/mailing_progress.html", context)

from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from branches import exports, progress, selectors, services
from branches.forms import (
    AffiliateForm,
    DelegateForm,
    DirectoryChoiceForm,
    MailingAttachmentForm,
    MailingForm,
    ReportUploadForm,
)
from branches.markup import render_markdown
from branches.models import (
    Affiliate,
    AffiliateDelegate,
    Branch,
    DirectoryChoice,
    Mailing,
    MailingAttachment,
    MembershipImport,
)
from clp.core.access import access_for, object_for_user, require
from clp.core.exports import download
from clp.core.formats import LONG_MONTHS, day
from clp.core.forms import attempt
from clp.core.links import url_of
from clp.core.once import submit_once
from clp.core.pages import pager
from meetings import motion_selectors
from meetings.diary import next_events_text


def _branch_for_user(request, slug):
    """The branch, or 404 when it is outside the user's reach (nothing about it leaks)."""
    return object_for_user(
        request, Branch.objects.prefetch_related("wards"), reach="reaches_branch", slug=slug
    )


def _mailing_for_user(request, pk, allow=None):
    """A sent mailing for anyone who sees branches or was sent it; a draft for the Secretary
    only (else 404)."""
    return object_for_user(request, Mailing.objects.all(), reach="reaches_mailing", allow=allow, pk=pk)


def _query(request):
    return request.GET.get("q", "").strip()[:100]


# Branches --------------------------------------------------------------------------------


@require("can_see_branches")
def index(request):
    branches = list(selectors.branches(branch_ids=access_for(request.user).visible_branch_ids))
    secretaries = selectors.branch_secretaries(branch_ids=[b.pk for b in branches])
    rows = [(branch, secretaries.get(branch.pk, [])) for branch in branches]
    return render(request, "branches/index.html", {"rows": rows})


@require("can_see_branches")
def detail(request, slug):
    branch = _branch_for_user(request, slug)
    officers = [
        (term, selectors.contact_for(term.person))
        for term in selectors.branch_officer_terms(branch_ids=[branch.pk])
    ]
    upcoming, past = selectors.branch_meetings(branch)
    report = selectors.latest_report()
    access = access_for(request.user)
    detail_url, minutes_url = url_of("meetings:detail"), url_of("meetings:minutes")
    context = {
        "branch": branch,
        "officers": officers,
        "upcoming": upcoming,
        "past": past,
        "past_lines": SafeString(
            "".join([_past_meeting(m, access.can_see_meeting(m), detail_url, minutes_url) for m in past])
        ),
        "mailings": selectors.mailings_sent(),
        "report": report,
        "entries": selectors.report_entries_for_branch(report, branch),
        "motions": motion_selectors.motions_of_branch(branch.pk),
    }
    return render(request, "branches/detail.html", context)


_MINUTES = {"minutes_approved": "approved minutes", "minutes_drafted": "draft minutes"}
_MINUTES_UNSEEN = {"minutes_approved": "minutes approved", "minutes_drafted": "draft minutes"}


def _past_meeting(meeting, sees, detail_url, minutes_url):
    """A past meeting's line, written once here instead of a dozen template nodes and two date
    filters (the same HTML; the meeting's title escaped)."""
    name = conditional_escape(str(meeting))
    on = day(timezone.localtime(meeting.starts_at), LONG_MONTHS)
    name_part = format_html('<a href="{}">{}</a>', detail_url(meeting.pk), name) if sees else name
    if meeting.status not in _MINUTES:
        minutes = "no minutes yet"
    elif sees:
        minutes = format_html(
            '<a href="{}">{}<span class="visually-hidden"> of {}, {}</span></a>',
            minutes_url(meeting.pk), _MINUTES[meeting.status], name, on,
        )  # fmt: skip
    else:
        minutes = _MINUTES_UNSEEN[meeting.status]
    return format_html("\n  \n  <li>{}, {}:\n    {}</li>\n  \n", name_part, on, minutes)


# The directory ---------------------------------------------------------------------------


@require("can_see_directory")
def directory(request):
    search = _query(request)
    sections, page = selectors.directory_page(query=search, number=request.GET.get("page"))
    context = {
        "sections": sections,
        "search": search,
        **pager(page, urlencode({"q": search}) + "&" if search else ""),  # the pages keep the search
    }
    template = "branches/partials/directory_results.html" if request.htmx else "branches/directory.html"
    return render(request, template, context)


@require("can_see_directory")
def directory_csv(request):
    return download(exports.directory_csv(_query(request)))


@require("can_see_directory")
def directory_pdf(request):
    return download(exports.directory_pdf(_query(request)))


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
        data = form.cleaned_data
        services.directory_choice_save(
            person=person,
            show_email=data["show_email"],
            show_phone=data["show_phone"],
            show_address=data["show_address"],
        )
        messages.success(request, "Saved: the directory now shows the details you chose.")
        return redirect("branches:directory_choice")
    return render(request, "branches/directory_choice.html", {"form": form, "person": person})


# Affiliated organisations ----------------------------------------------------------------


@require("can_see_directory")
def affiliates(request):
    context = {
        "affiliates": selectors.affiliates_with_delegates(),
        "form": AffiliateForm(),
        "today": timezone.localdate(),
    }
    return render(request, "branches/affiliates.html", context)


@require("can_manage_directory")
@submit_once
def affiliate_create(request):
    form = AffiliateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, affiliate = attempt(
            form, services.affiliate_create, name=data["name"], kind=data["kind"],
            contact_email=data["contact_email"], delegates_allowed=data["delegates_allowed"],
        )  # fmt: skip
        if ok:
            messages.success(request, f"Added {affiliate}.")
            return redirect("branches:affiliates")
    return render(request, "branches/affiliate_form.html", {"form": form})


@require("can_manage_directory")
@submit_once
def delegate_add(request, pk):
    affiliate = get_object_or_404(Affiliate, pk=pk)
    form = DelegateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, delegate = attempt(
            form, services.affiliate_delegate_appoint, affiliate=affiliate, starts_on=data["starts_on"],
            first_name=data["first_name"], last_name=data["last_name"],
            membership_number=data["membership_number"], email=data["email"], phone=data["phone"],
        )  # fmt: skip
        if ok:
            messages.success(request, f"{delegate.person} is now a delegate of {affiliate}.")
            return redirect("branches:affiliates")
    return render(request, "branches/delegate_form.html", {"form": form, "affiliate": affiliate})


@require_POST
@require("can_manage_directory")
def delegate_end(request, pk):
    delegate = get_object_or_404(AffiliateDelegate.objects.select_related("person", "affiliate"), pk=pk)
    ok, ended = attempt(
        request, services.affiliate_delegate_end, delegate=delegate, ends_on=timezone.localdate()
    )
    if ok:
        what = "is no longer a delegate of {} from today" if ended else "will not become a delegate of {}"
        messages.success(request, f"{delegate.person} {what.format(delegate.affiliate)}.")
    return redirect("branches:affiliates")


# The Membership Action Report ------------------------------------------------------------


@require("can_import_membership")
@submit_once
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


def _membership_import(pk):
    return get_object_or_404(MembershipImport.objects.defer("content"), pk=pk)


def _import_done(report):
    if report.status == MembershipImport.Status.RUNNING:
        return progress.read(report.pk) or 0
    return report.total_rows if report.status == MembershipImport.Status.DONE else 0


@require("can_import_membership")
def import_detail(request, pk):
    report = _membership_import(pk)
    context = {"report": report, "done": _import_done(report)}
    return render(request, "branches/import_detail.html", context)


@require_POST
@require("can_import_membership")
def import_confirm(request, pk):
    report = _membership_import(pk)
    if services.membership_import_confirm(report=report):
        messages.success(request, f"Importing {report.filename}.")
    else:
        messages.warning(request, "This report is not waiting to be imported (it may be under way already).")
    return redirect("branches:import_detail", pk=report.pk)


@require("can_import_membership")
def import_progress(request, pk):
    report = _membership_import(pk)
    if request.htmx and not report.in_progress:
        return HttpResponseClientRefresh()
    return render(
        request, "branches/partials/import_progress.html", {"report": report, "done": _import_done(report)}
    )


# The monthly branch mailing --------------------------------------------------------------


@require("can_send_mailings")
def mailing_list(request):
    context = {"mailings": selectors.mailings_all(), "now": timezone.now()}
    return render(request, "branches/mailing_list.html", context)


def _mailing_form(request, mailing=None):
    form = MailingForm(request.POST or None, instance=mailing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, mailing = attempt(
            form, services.mailing_save, mailing=mailing, by=request.user, subject=data["subject"],
            body=data["body"], audiences=data["audiences"], attach_agenda=data["attach_agenda"],
            send_at=data["send_at"],
        )  # fmt: skip
        if ok:
            messages.success(request, "Draft saved. Check the preview below, then send it.")
            return redirect("branches:mailing_detail", pk=mailing.pk)
    context = {"form": form, "mailing": mailing, "next_meeting": selectors.next_clp_meeting()}
    return render(request, "branches/mailing_form.html", context)


@require("can_send_mailings")
@submit_once
def mailing_create(request):
    return _mailing_form(request)


@require("can_send_mailings")
def mailing_edit(request, pk):
    mailing = object_for_user(
        request, Mailing.objects.filter(status=Mailing.Status.DRAFT), reach="reaches_mailing", pk=pk
    )
    return _mailing_form(request, mailing)


@require("can_read_mailings")
def mailing_detail(request, pk):
    mailing = _mailing_for_user(request, pk, allow="can_read_mailing")
    delivered, total = selectors.mailing_delivery(mailing)
    meeting, business = selectors.mailing_current_business(mailing)
    posts, people = services.mailing_audience(mailing) if mailing.is_draft else ([], [])
    context = {
        "mailing": mailing,
        "meeting": meeting,
        "business": business,
        "body_html": render_markdown(mailing.body),
        "delivered": delivered,
        "total": total,
        "recipients": posts,
        "people": people,
        "attachments": mailing.attachments.all(),
        "attachment_form": MailingAttachmentForm() if mailing.is_draft else None,
        "now": timezone.now(),
        "next_events": next_events_text() if mailing.is_draft else "",
    }
    return render(request, "branches/mailing_detail.html", context)


@require("can_send_mailings")
@submit_once
def mailing_attachment_add(request, pk):
    mailing = object_for_user(
        request, Mailing.objects.filter(status=Mailing.Status.DRAFT), reach="reaches_mailing", pk=pk
    )
    form = MailingAttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not form.is_valid():
            for error in [e for errors in form.errors.values() for e in errors]:
                messages.error(request, error)
        else:
            ok, attachment = attempt(
                request, services.mailing_attachment_add, mailing=mailing, upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"], by=request.user,
            )  # fmt: skip
            if ok:
                messages.success(request, f"Attached “{attachment}”.")
    return redirect("branches:mailing_detail", pk=mailing.pk)


def _attachment_for_user(request, pk, allow):
    attachment = get_object_or_404(MailingAttachment.objects.select_related("mailing"), pk=pk)
    _mailing_for_user(request, attachment.mailing_id, allow=allow)
    return attachment


@require("can_read_mailings")
def mailing_attachment(request, pk):
    """An attachment, for whoever may read its mailing (the files are never served by URL)."""
    attachment = _attachment_for_user(request, pk, allow="can_read_mailing")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file of this attachment is missing.") from exc
    return FileResponse(
        handle, as_attachment=True, filename=attachment.filename, content_type=attachment.content_type
    )


@require_POST
@require("can_send_mailings")
def mailing_attachment_remove(request, pk):
    attachment = _attachment_for_user(request, pk, allow=None)
    if attempt(request, services.mailing_attachment_remove, attachment=attachment)[0]:
        messages.success(request, f"Removed “{attachment}”.")
    return redirect("branches:mailing_detail", pk=attachment.mailing_id)


@require_POST
@require("can_send_mailings")
def mailing_send(request, pk):
    mailing = _mailing_for_user(request, pk)
    ok, sent = attempt(request, services.mailing_send, mailing=mailing)
    if ok and sent.sent_at > timezone.now():
        messages.success(
            request, f"The mailing will go out on {timezone.localtime(sent.sent_at):%-d %B at %H:%M}."
        )
    elif ok:
        messages.success(request, f"The mailing is on its way to {', '.join(sent.audience_labels).lower()}.")
    return redirect("branches:mailing_detail", pk=mailing.pk)


@require("can_send_mailings")
def mailing_progress(request, pk):
    mailing = object_for_user(
        request, Mailing.objects.filter(status=Mailing.Status.SENT), reach="reaches_mailing", pk=pk
    )
    delivered, total = selectors.mailing_delivery(mailing)
    context = {"mailing": mailing, "delivered": delivered, "total": total}
    return render(request, "branches/partials/mailing_progress.html", context)

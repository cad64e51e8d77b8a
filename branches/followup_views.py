"""Follow-ups of members: the list (a branch's, or every branch's for the Secretary), one
follow-up with the member's timeline and its history of contacts, and the forms that assign
it, record a contact and open one by hand."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from branches import exports, followups, selectors
from branches.forms import FollowUpAssignForm, FollowUpContactForm, FollowUpOpenForm
from branches.models import Branch, FollowUp
from clp.core.access import access_for, object_for_user, require
from clp.core.exports import download
from clp.core.formats import day, figure
from clp.core.forms import attempt
from clp.core.links import url_of
from clp.core.once import submit_once
from clp.core.pages import CountedPaginator, pager


def _follow_up_for_user(request, pk, allow=None):
    """The follow-up, 404 outside the user's branches, 403 if they may only look."""
    return object_for_user(
        request, selectors.follow_up_detail(), reach="reaches_follow_up", allow=allow, pk=pk
    )


FOLLOW_UPS_PAGE = 50


class _OpenFollowUps:
    """The open follow-ups of `branch_ids` as the Paginator slices them: each slice one query
    (selectors.follow_ups_open_slice)."""

    ordered = True

    def __init__(self, branch_ids):
        self.branch_ids = branch_ids

    def __getitem__(self, key):
        return selectors.follow_ups_open_slice(branch_ids=self.branch_ids, start=key.start, stop=key.stop)


@require("can_see_follow_ups")
def follow_ups(request):
    """Open follow-ups and the rates, per branch the user sees; the open ones a page at a time
    (50, oldest first within each branch, the branches in order), with the count."""
    access = access_for(request.user)
    branches = list(selectors.branches_with_open_follow_ups(branch_ids=access.visible_branch_ids))
    ids = [b.pk for b in branches]
    rates = selectors.follow_up_rates(branch_ids=ids)
    total = sum(b.open_count for b in branches)
    page = CountedPaginator(_OpenFollowUps(ids), FOLLOW_UPS_PAGE, count=total).get_page(
        request.GET.get("page")
    )
    # Every row's links made here, a reverse each name ({% url %} a row was a tenth of the page).
    follow_up_url = url_of("branches:follow_up")
    new_url, csv_url, sheet_url = (
        url_of(f"branches:{n}") for n in ["follow_up_new", "contacts_csv", "call_sheet"]
    )
    on_page = {}
    for follow_up in page.object_list:
        follow_up.url = follow_up_url(follow_up.pk)
        on_page.setdefault(follow_up.branch_id, []).append(follow_up)
    rows, before = [], 0
    for branch in branches:
        # The pages where this branch's open follow-ups are listed (first, last).
        pages = (before // FOLLOW_UPS_PAGE + 1, (before + branch.open_count - 1) // FOLLOW_UPS_PAGE + 1)
        before += branch.open_count
        may_work = access.can_work_branch_follow_ups(branch)
        links = (new_url(branch.slug), csv_url(branch.slug), sheet_url(branch.slug)) if may_work else None
        rows.append((branch, rates[branch.pk], on_page.get(branch.pk, []), links, pages))
    closed = list(selectors.follow_ups_closed_recently(branch_ids=ids))
    for follow_up in closed:
        follow_up.url = follow_up_url(follow_up.pk)
    context = {
        "sections": [_branch_section(*row) for row in rows],
        "closed": SafeString("".join([_closed_item(f) for f in closed])),
        **pager(page),
    }
    return render(request, "branches/follow_ups.html", context)


# The list's sections and rows are written here once (a template's few dozen nodes for each
# of 40 branches and 50 rows were most of the page); what users wrote is escaped.


# The choices' labels as get_FOO_display gives them, without building its dict each call.
_REASONS = dict(FollowUp.Reason.choices)
_METHODS = dict(FollowUp.Method.choices)
_OUTCOMES = dict(FollowUp.Outcome.choices)


def _open_row(f):
    contact = day(f.contact_on) if f.contact_on else ""
    if f.method:
        contact = format_html("{} ({})", contact, str(_METHODS.get(f.method, f.method)).lower())
    return format_html(
        '\n  <tr><th scope="row"><a href="{}">{}</a></th>\n    <td>{}</td><td>{}</td>\n'
        "    <td>{}</td>\n    <td>{}</td></tr>\n  ",
        f.url,
        f.person.full_name,
        _REASONS.get(f.reason, f.reason),
        SafeString(day(f.opened_on)),
        (f.assigned_to.full_name if f.assigned_to else "") or "Nobody yet",
        contact,
    )


def _rate_item(rate):
    """A rate is words of ours and figures: nothing to escape."""
    pending = f"; {rate.pending} still within the time" if rate.pending else ""
    return f"<li>{rate}{pending}</li>"


def _branch_section(branch, rates, open_ones, links, pages):
    name = conditional_escape(branch.name)  # once, for its four places
    if links:
        links = format_html(
            '<a href="{}">Open a follow-up<span class="visually-hidden"> in {}</span></a> \u00b7\n'
            '  <a href="{}">Members to contact (CSV)<span class="visually-hidden">, {}</span></a> \u00b7\n'
            '  <a href="{}">Call sheet (PDF)<span class="visually-hidden">, {}</span></a>',
            links[0], name, links[1], name, links[2], name,
        )  # fmt: skip
    else:
        links = ""
    count = figure(branch.open_count, whole=True)
    if open_ones:
        caption = count + " open"
        if len(open_ones) != branch.open_count:
            caption += f", listed on pages {pages[0]}\u2013{pages[1]}: {len(open_ones)} on this page"
        listed = format_html(
            '\n<table>\n  <caption>{}</caption>\n  <thead><tr><th scope="col">Member</th>'
            '<th scope="col">Why</th><th scope="col">Since</th><th scope="col">Who contacts them</th>'
            '<th scope="col">By</th></tr></thead>\n  <tbody>\n  {}\n  </tbody>\n</table>\n',
            SafeString(caption),
            SafeString("".join([_open_row(f) for f in open_ones])),
        )
    elif branch.open_count:
        last = f"\u2013{pages[1]}" if pages[0] != pages[1] else ""
        listed = SafeString(
            f'<p>{count} open, listed on <a href="?page={pages[0]}">page {pages[0]}</a>{last}.</p>\n'
        )
    else:
        listed = format_html("<p>Nobody to follow up in {}.</p>", name)
    return format_html(
        '\n<section aria-labelledby="branch-{}">\n<h2 id="branch-{}">{}</h2>\n<ul>\n  {}\n</ul>\n'
        "<p>\n  {}\n</p>\n{}\n</section>\n",
        branch.pk,
        branch.pk,
        name,
        SafeString("".join([_rate_item(rate) for rate in rates])),
        links,
        listed,
    )


def _closed_item(f):
    return format_html(
        '\n  <li><a href="{}">{}</a> ({}): {}, {}</li>\n',
        f.url,
        f.person.full_name,
        f.branch.name,
        _OUTCOMES.get(f.outcome, f.outcome) or "closed",
        SafeString(day(f.closed_on)),
    )


def _detail(request, follow_up, *, assign_form=None, contact_form=None, status=200):
    officers = selectors.branch_officers_of(follow_up.branch)
    context = {
        "follow_up": follow_up,
        "timeline": selectors.member_timeline(follow_up.person),
        "contacts": follow_up.contacts.all(),
        "may_work": access_for(request.user).can_work_follow_up(follow_up),
        "assign_form": assign_form
        or FollowUpAssignForm(
            officers=officers,
            initial={
                "officer": follow_up.assigned_to_id if follow_up.assigned_to in officers else None,
                "contact_on": follow_up.contact_on,
                "method": follow_up.method,
            },
        ),
        "contact_form": contact_form
        or FollowUpContactForm(initial={"contacted_on": timezone.localdate(), "method": follow_up.method}),
    }
    return render(request, "branches/follow_up.html", context, status=status)


@require("can_see_follow_ups")
def follow_up(request, pk):
    return _detail(request, _follow_up_for_user(request, pk))


@require_POST
@require("can_see_follow_ups")
def follow_up_assign(request, pk):
    follow_up = _follow_up_for_user(request, pk, allow="can_work_follow_up")
    officers = selectors.branch_officers_of(follow_up.branch)
    form = FollowUpAssignForm(request.POST, officers=officers)
    if form.is_valid():
        data = form.cleaned_data
        # Whoever the form names is looked up only among this branch's officers and members.
        assignee = next((p for p in officers if p.pk == data["officer"]), None)
        if data["buddy_number"]:
            assignee = selectors.branch_member(follow_up.branch, data["buddy_number"])
            if assignee is None:
                form.add_error(
                    "buddy_number",
                    f"No member of {follow_up.branch} has membership number {data['buddy_number']}.",
                )
        if not form.errors:
            ok, _ = attempt(
                form, followups.follow_up_assign, follow_up=follow_up, assignee=assignee,
                contact_on=data["contact_on"], method=data["method"], by=request.user,
            )  # fmt: skip
            if ok:
                messages.success(request, f"{assignee} will contact {follow_up.person}.")
                return redirect("branches:follow_up", pk=follow_up.pk)
    return _detail(request, follow_up, assign_form=form, status=400)


@require_POST
@require("can_see_follow_ups")
@submit_once
def follow_up_contact(request, pk):
    follow_up = _follow_up_for_user(request, pk, allow="can_work_follow_up")
    form = FollowUpContactForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ok, contact = attempt(
            form, followups.follow_up_contact_record, follow_up=follow_up, contacted_on=data["contacted_on"],
            method=data["method"], outcome=data["outcome"], note=data["note"],
            by_person=getattr(request.user, "person", None), by=request.user,
        )  # fmt: skip
        if ok:
            messages.success(request, f"Recorded: {contact}.")
            return redirect("branches:follow_up", pk=follow_up.pk)
    return _detail(request, follow_up, contact_form=form, status=400)


@require("can_see_follow_ups")
@submit_once
def follow_up_new(request, slug):
    branch = object_for_user(
        request, Branch.objects.all(), reach="reaches_branch", allow="can_work_branch_follow_ups", slug=slug
    )
    form = FollowUpOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, follow_up = attempt(
            form, followups.follow_up_open, branch=branch, reason=form.cleaned_data["reason"],
            membership_number=form.cleaned_data["membership_number"], by=request.user,
        )  # fmt: skip
        if ok:
            messages.success(request, f"Opened: {follow_up}.")
            return redirect("branches:follow_up", pk=follow_up.pk)
    return render(request, "branches/follow_up_new.html", {"form": form, "branch": branch})


def _contacts_for_export(request, slug):
    branch = object_for_user(
        request, Branch.objects.all(), reach="reaches_branch", allow="can_export_branch_contacts", slug=slug
    )
    rows = selectors.branch_contacts(branch)
    if not rows:
        messages.info(
            request, f"Nobody in {branch.name} is waiting to be contacted, so there is nothing to export."
        )
    return branch, rows


@require("can_see_follow_ups")
def contacts_csv(request, slug):
    branch, rows = _contacts_for_export(request, slug)
    return download(exports.branch_contacts_csv(branch, rows)) if rows else redirect("branches:follow_ups")


@require("can_see_follow_ups")
def call_sheet(request, slug):
    branch, rows = _contacts_for_export(request, slug)
    return download(exports.branch_call_sheet_pdf(branch, rows)) if rows else redirect("branches:follow_ups")

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from clp.accounts.services import equality_access_log
from clp.core.access import access_for, forget_access, object_for_user, require
from clp.core.bounds import check_count, date_param
from clp.core.exports import download
from clp.core.formats import day
from clp.core.forms import attempt
from clp.core.links import url_of
from clp.core.once import submit_once
from officers import exports, rules, selectors, services
from officers.escaping import escaper
from officers.forms import (
    AgmResultsForm,
    BalanceRuleForm,
    PersonForm,
    PostForm,
    TermEndForm,
    TermForm,
    WhatIfForm,
)
from officers.models import BalanceRule, Handover, OfficerLapse, Person, Post, RoleChange, Term


def _on(request):
    return date_param(request, "date", default=timezone.localdate())


def _post_for_user(request, pk):
    """Another branch's post is out of reach (404)."""
    return object_for_user(request, Post.objects.select_related("branch"), reach="reaches_post", pk=pk)


def _person_for_user(request, pk, allow=None):
    return object_for_user(
        request, Person.objects.select_related("branch", "user"), reach="reaches_person", allow=allow, pk=pk
    )


def _status_by_post(check):
    worst = {}
    for f in check.findings:
        for pk in f.post_ids:
            if rules.SEVERITY[f.status] > rules.SEVERITY.get(worst.get(pk, rules.OK), 0):
                worst[pk] = f.status
    return worst


# The words of officers/includes/status.html, for the roster's rows (an include a row cost more
# than the rest of the row).
STATUS_WORDS = {rules.OK: "OK", rules.BREACH: "Breach", rules.WARNING: "Warning", rules.UNKNOWN: "Unknown"}
HOW_WORDS = {value: f" <small>({label.lower()})</small>" for value, label in Term.How.choices}
NON_VOTING = " <small>(non-voting)</small>"


def _since(days):
    """The holders' start dates as {{ starts_on|date:"j M Y" }} writes them, joined by ", "."""
    return ", ".join([day(d) for d in days])


def _held(terms, access, person_url, escaped):
    """The holders' cell as the roster's template wrote it: each name (a link when the user
    may open their page), how they came to hold it ({{ get_how_display|lower }}) and their
    override, joined by ", ". Every text is escaped; the links are of integer keys."""
    held = []
    for _, person_id, first, last, branch_id, how, override, _ in terms:
        name = escaped(f"{first} {last}".strip())
        if access.reaches_person_of(person_id, branch_id):
            name = f'<a href="{person_url(person_id)}">{name}</a>'
        if how != Term.How.ELECTED:
            name += HOW_WORDS.get(how) or f" <small>({escaped(how.lower())})</small>"
        if override:
            name += f" <small>(stands by override: {escaped(override)})</small>"
        held.append(name)
    return ", ".join(held)


def _rows(roster, status, lapses, access, *, show_branch=False):
    """The roster's rows (officers/includes/roster_table.html), each the HTML before its
    lapses and after them, written here with every text escaped: the template's {{ }},
    {% url %} and {% if %} a cell were most of the page's calls, and format_html a cell
    most of what was left."""
    post_url, person_url = url_of("officers:post"), url_of("officers:person")
    escaped = escaper()
    rows = []
    for (pk, name, ec_membership, max_holders, branch_name), terms in roster:
        vacancies = max(max_holders - len(terms), 0)
        vacant = ""
        if vacancies:
            words = "Vacant" if vacancies == 1 else f"{vacancies} places vacant"
            vacant = f"{'; ' if terms else ''}<strong>{words}</strong>"
        branch = f"<td>{escaped(branch_name or '')}</td>" if show_branch else ""
        voting = NON_VOTING if ec_membership == Post.EC.NON_VOTING else ""
        start = (
            f'\n    <tr>\n      <th scope="row"><a href="{post_url(pk)}">{escaped(name)}</a>{voting}</th>'
            f"\n      {branch}\n      <td>{_held(terms, access, person_url, escaped)}"
            f"\n        {vacant}\n        "
        )
        found = status.get(pk)
        rule = f'<span class="status-{found}">{STATUS_WORDS.get(found, "Unknown")}</span>' if found else ""
        end = f"</td>\n      <td>{_since([t[7] for t in terms])}</td>\n      <td>{rule}</td>\n    </tr>\n  "
        rows.append((start, lapses.get(pk, []), end, name))
    return _runs(rows)


def _runs(rows):
    """The rows as the template loops over them: a row with lapses starts a new item, the
    rows without any are joined into the item before it (a loop a row was a tenth of the
    page's calls). Every text in them went through escaped(); the rest is _rows' own."""
    items, before = [], []
    for start, lapses, end, name in rows:
        if lapses:
            items.append({"start": "".join([*before, start]), "lapses": lapses, "end": end, "name": name})
            before = []
        else:
            before += [start, end]
    if before:
        items.append({"start": "".join(before), "lapses": [], "end": "", "name": ""})
    for item in items:
        item["start"], item["end"] = mark_safe(item["start"]), mark_safe(item["end"])  # noqa: S308
    return items


@require("can_use_officers")
def index(request):
    """The officer team: who holds each post on a date, the vacancies and the rule status."""
    access = access_for(request.user)
    on = _on(request)
    check = selectors.balance_check(on=on)
    status = _status_by_post(check)
    branch_posts = selectors.roster(on=on, scope=Post.Scope.BRANCH, branch_ids=access.roster_branch_ids)
    lapses = selectors.lapses_by_post()
    context = {
        "on": on,
        "check": check,
        "clp_rows": _rows(selectors.roster(on=on), status, lapses, access),
        "branch_rows": _rows(branch_posts, status, lapses, access, show_branch=True),
        "pending_handovers": selectors.pending_handovers().count() if access.can_manage_officers else 0,
    }
    return render(request, "officers/index.html", context)


@require("can_use_officers")
def post_detail(request, pk):
    post = _post_for_user(request, pk)
    context = {
        "post": post,
        "terms": selectors.post_terms(post),
        "today": timezone.localdate(),
        "changes": selectors.post_changes(post) if access_for(request.user).can_manage_officers else (),
    }
    return render(request, "officers/post_detail.html", context)


def _post_form(request, post=None):
    form = PostForm(request.POST or None, instance=post)
    if request.method == "POST" and form.is_valid():
        ok, saved = attempt(form, services.post_save, post=post, by=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, f"Saved the post “{saved}”.")
            return redirect("officers:post", pk=saved.pk)
    return render(request, "officers/post_form.html", {"form": form, "post": post})


@require("can_manage_officers")
@submit_once
def post_new(request):
    return _post_form(request)


@require("can_manage_officers")
def post_edit(request, pk):
    return _post_form(request, _post_for_user(request, pk))


def _broken_rules(refusal):
    """The hard rules a refused appointment would break, to list beside the form."""
    return refusal.findings if isinstance(refusal, services.RuleBreach) else None


@require("can_manage_officers")
@submit_once
def term_new(request, pk):
    post = _post_for_user(request, pk)
    form = TermForm(request.POST or None, people=selectors.people_for_choice())
    blocking = None
    if request.method == "POST" and form.is_valid():
        ok, outcome = attempt(form, services.term_start, post=post, by=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, f"{form.cleaned_data['person']} now holds {post}.")
            return redirect("officers:post", pk=post.pk)
        blocking = _broken_rules(outcome)
    return render(request, "officers/term_form.html", {"post": post, "form": form, "blocking": blocking})


@require_POST
@require("can_manage_officers")
def term_end(request, pk):
    term = object_for_user(
        request, Term.objects.select_related("post", "person"), reach="reaches_term", pk=pk
    )
    form = TermEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the last day in office as a date.")
    else:
        ok, _ = attempt(
            request, services.term_end, term=term, ends_on=form.cleaned_data["ends_on"], by=request.user
        )
        if ok:
            messages.success(
                request, f"{term.person}'s term as {term.post} ends on {term.ends_on:%-d %B %Y}."
            )
    return redirect("officers:post", pk=term.post_id)


def person_detail(request, pk):
    person = _person_for_user(request, pk)
    access = access_for(request.user)
    sees_equality = access.can_see_equality_data(person)
    if sees_equality and access.person_id != person.pk:
        equality_access_log(viewer=request.user, person=person)  # special-category data: every look is kept
    context = {
        "person": person,
        "terms": selectors.person_terms(person),
        "today": timezone.localdate(),
        "sees_equality": sees_equality,
        "may_change": access.can_change_person(person),
    }
    return render(request, "officers/person_detail.html", context)


@require("can_manage_officers")
@submit_once
def agm(request):
    """Record an AGM's results for several posts at once."""
    posts = list(selectors.roster_posts(on=timezone.localdate()))
    form = AgmResultsForm(
        request.POST or None,
        posts=posts,
        people=selectors.people_for_choice(),
        initial={"held_on": timezone.localdate()},
    )
    blocking = unknown = None
    if request.method == "POST" and form.is_valid():
        held_on = form.cleaned_data["held_on"]
        ok, terms = attempt(
            form,
            services.agm_results_record,
            held_on=held_on,
            results=form.results(),
            by=request.user,
            override_reason=form.cleaned_data["override_reason"],
            ends_on=form.cleaned_data["ends_on"],
        )
        if not ok:
            blocking = _broken_rules(terms)
            unknown = getattr(terms, "unknown", None)
        else:
            check = selectors.balance_check(on=held_on)
            messages.success(request, f"Recorded {len(terms)} appointments from {held_on:%-d %B %Y}.")
            for f in check.findings:
                if f.status != rules.OK:
                    messages.warning(request, f"{f.rule_name}: {f.message}")
            forget_access(request.user)  # the Secretary may just have handed over
            return redirect("officers:index" if access_for(request.user).can_use_officers else "home")
    context = {"form": form, "blocking": blocking, "unknown": unknown}
    return render(request, "officers/agm.html", context)


@require("can_try_appointments")
def check(request):
    """What if: the rule status if someone were elected to a post."""
    form = WhatIfForm(
        request.GET or None,
        posts=Post.objects.select_related("branch"),
        people=selectors.people_for_choice(),
    )
    context = {"form": form}
    if form.is_valid():
        on, appointments = form.cleaned_data["on"], form.appointments()
        after = selectors.balance_check(
            on=on, changes=selectors.what_if_changes(on=on, appointments=appointments)
        )
        context.update(
            appointments=appointments,
            on=on,
            before=selectors.balance_check(on=on),
            after=after,
            blocking=rules.blocking_findings(after, [post.pk for post, _ in appointments]),
        )
    return render(request, "officers/check.html", context)


@require("can_use_officers")
def rule_list(request):
    check = selectors.balance_check(on=timezone.localdate())
    findings = {}
    for f in check.findings:
        findings.setdefault(f.rule_id, []).append(f)
    rule_rows = [
        {"rule": r, "findings": findings.get(r.pk, [])}
        for r in BalanceRule.objects.prefetch_related("posts__branch").order_by("-active", "order", "name")
    ]
    return render(request, "officers/rule_list.html", {"rows": rule_rows})


def _rule_form(request, rule=None):
    form = BalanceRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        ok, saved = attempt(form, services.balance_rule_save, rule=rule, by=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, f"Saved the rule “{saved}”.")
            return redirect("officers:rules")
    return render(request, "officers/rule_form.html", {"form": form, "rule": rule})


@require("can_manage_officers")
@submit_once
def rule_new(request):
    return _rule_form(request)


@require("can_manage_officers")
def rule_edit(request, pk):
    return _rule_form(request, get_object_or_404(BalanceRule, pk=pk))


KIND_WORDS = dict(RoleChange.Kind.choices)  # get_kind_display


def _change_words(first, last, post, branch_id, branch, kind, on):
    """str(change) from its columns: "Name: takes up the post Post (Branch) (04 Mar 2025)"."""
    where = f"{post} ({branch})" if branch_id else post  # str(post)
    return f"{f'{first} {last}'.strip()}: {KIND_WORDS.get(kind, kind).lower()} {where} ({on:%d %b %Y})"


def _pending_changes(rows):
    """The rows of the changes not yet made, as officers/role_changes.html wrote them, every
    text escaped (a template's lookups a cell in the models were most of the page's calls)."""
    escaped = escaper()
    written = []
    for pk, first, last, post, branch_id, branch, kind, on, number, party_name, source, glu in rows:
        change = escaped(_change_words(first, last, post, branch_id, branch, kind, on))
        where = escaped(party_name or post)  # name_for_party
        where = f"{where} ({escaped(branch)})" if branch_id else where
        also = "; also to the Governance and Legal Unit" if glu else ""
        written.append(
            f'\n  <tr><td><input type="checkbox" name="ids" value="{pk}" id="change-{pk}" checked>'
            f'\n      <label for="change-{pk}" class="visually-hidden">Made in MemberCentre: {change}</label>'
            f"</td>\n    <td>{escaped(number or 'none')}</td>"
            f'<th scope="row">{escaped(f"{first} {last}".strip())}</th>'
            f"\n    <td>{where}</td>\n    <td>{escaped(KIND_WORDS.get(kind, kind))}</td><td>{day(on)}</td>"
            f"\n    <td>{escaped(source)}{also}</td></tr>\n  "
        )
    return [mark_safe(row) for row in written]  # noqa: S308 - every text went through escaped()


def _done_changes(rows):
    """The changes made lately, as officers/role_changes.html wrote them, every text escaped."""
    written = []
    for *change, done_at, email, person_id, first, last in rows:
        by = ""
        if email is not None:  # the user who marked it done (display_name)
            by = f" by {conditional_escape(f'{first} {last}'.strip() if person_id else email)}"
        done_on = day(timezone.localtime(done_at))  # {{ done_at|date:"j M Y" }}
        written.append(f"<li>{conditional_escape(_change_words(*change))}: marked done {done_on}{by}</li>")
    return mark_safe("".join(written))  # noqa: S308 - every text went through conditional_escape


@require("can_manage_officers")
def role_changes(request):
    """Changes of who holds a post, to make in MemberCentre, and those made lately."""
    context = {
        "pending": _pending_changes(selectors.role_change_rows()),
        "done": _done_changes(selectors.role_change_rows(done=True, limit=20)),
    }
    return render(request, "officers/role_changes.html", context)


def _pending_for_export(request):
    changes = list(selectors.role_changes())
    if not changes:
        messages.info(request, "Every change of role is already made in MemberCentre: nothing to export.")
    return changes


@require("can_manage_officers")
def role_changes_csv(request):
    changes = _pending_for_export(request)
    return download(exports.role_changes_csv(changes)) if changes else redirect("officers:role_changes")


@require("can_manage_officers")
def role_changes_pdf(request):
    changes = _pending_for_export(request)
    return download(exports.role_changes_pdf(changes)) if changes else redirect("officers:role_changes")


@require_POST
@require("can_manage_officers")
def role_changes_done(request):
    ids = request.POST.getlist("ids")
    try:
        check_count(len(ids), most=1000, what="changes")
        ids = [int(i) for i in ids if len(i) <= 10]
        ids = [i for i in ids if 0 < i < 2**31]  # an id no column can hold is no change of ours
    except (ValidationError, ValueError):
        messages.error(request, "The list of changes could not be read: reload the page and tick them again.")
        return redirect("officers:role_changes")
    changes = list(selectors.role_changes().filter(pk__in=ids))  # only changes still waiting
    if not changes:
        messages.warning(request, "Tick the changes you have made in MemberCentre first.")
    else:
        done = services.role_changes_mark_done(changes=changes, by=request.user)
        plural = "s" if done != 1 else ""
        messages.success(request, f"Marked {done} change{plural} of role as made in MemberCentre.")
    return redirect("officers:role_changes")


@require_POST
@require("can_manage_officers")
def lapse_seen(request, pk):
    lapse = get_object_or_404(OfficerLapse.objects.select_related("term__person"), pk=pk)
    services.officer_lapse_mark_seen(lapse=lapse, by=request.user)
    messages.success(request, f"Noted: {lapse.term.person}'s lapse no longer shows on the roster.")
    return redirect("officers:index")


@require("can_manage_officers")
def handovers(request):
    rows = Handover.objects.select_related("post", "outgoing", "incoming", "done_by")
    return render(request, "officers/handovers.html", {"handovers": rows})


@require_POST
@require("can_manage_officers")
def handover_done(request, pk):
    handover = get_object_or_404(Handover, pk=pk)
    services.handover_mark_done(handover=handover, by=request.user)
    messages.success(
        request, f"Marked done: the Governance and Legal Unit knows about the new {handover.post.name}."
    )
    return redirect("officers:handovers")


def _person_form(request, person=None):
    access = access_for(request.user)
    form = PersonForm(
        request.POST or None,
        instance=person,
        office=access.can_manage_officers,
        # A new record is the Secretary's (person_new), equality data included.
        equality=access.can_change_equality_data(person) if person else access.can_manage_officers,
    )
    if request.method == "POST" and form.is_valid():
        # The fields the form has: an officer's own record leaves the office's fields alone.
        ok, saved = attempt(form, services.person_save, person=person, by=request.user, **form.cleaned_data)
        if ok:
            messages.success(request, f"Saved {saved}'s details.")
            return redirect("officers:person", pk=saved.pk)
    if person is not None and access.person_id != person.pk and "disability" in form.fields:
        equality_access_log(viewer=request.user, person=person)  # the form shows their equality data
    return render(request, "officers/person_form.html", {"form": form, "person": person})


@require("can_manage_officers")
@submit_once
def person_new(request):
    return _person_form(request)


def person_edit(request, pk):
    return _person_form(request, _person_for_user(request, pk, allow="can_change_person"))

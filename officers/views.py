import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clp.accounts.services import equality_access_log
from officers import rules, selectors, services
from officers.access import access_for, require
from officers.forms import (
    AgmResultsForm,
    BalanceRuleForm,
    PersonForm,
    PostForm,
    TermEndForm,
    TermForm,
    WhatIfForm,
)
from officers.models import BalanceRule, Handover, Person, Post, Term


def post_holder(a):
    return a.holds_any_post or a.is_superuser


def secretary(a):
    return a.is_secretary


def sees_findings(a):
    """Findings name holders and their gender or age: only the Secretary, Chair and
    Equality officer see them in full; other officers see the status at a glance."""
    return a.is_secretary or a.is_chair or a.is_equality_officer


def _on(request):
    try:
        return datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return timezone.localdate()


def _post_for_user(request, pk):
    access = access_for(request.user)
    if not post_holder(access):
        raise PermissionDenied
    post = get_object_or_404(Post.objects.select_related("branch"), pk=pk)
    if post.branch_id and not access.sees_branch(post.branch_id):
        raise Http404
    return post


def _person_for_user(request, pk, change=False):
    """The person, if the user may see them (404 otherwise); with change=True, 403 unless
    they may also change the record (the Secretary, or the person themselves)."""
    access = access_for(request.user)
    person = get_object_or_404(Person.objects.select_related("branch", "user"), pk=pk)
    mine = access.person_id == person.pk
    if not access.sees_person(person):
        raise Http404
    if change and not (mine or access.is_secretary):
        raise PermissionDenied
    return person


def _status_by_post(check):
    worst = {}
    for f in check.findings:
        for pk in f.post_ids:
            if rules.SEVERITY[f.status] > rules.SEVERITY.get(worst.get(pk, rules.OK), 0):
                worst[pk] = f.status
    return worst


def _rows(posts, status):
    return [
        {
            "post": p,
            "terms": p.current_terms,
            "vacancies": max(p.max_holders - len(p.current_terms), 0),
            "status": status.get(p.pk),
        }
        for p in posts
    ]


@require(post_holder)
def index(request):
    """The officer team: who holds each post on a date, the vacancies and the rule status."""
    access = access_for(request.user)
    on = _on(request)
    check = selectors.balance_check(on=on)
    status = _status_by_post(check)
    branch_ids = None if access.sees_all_branches else access.branch_ids
    context = {
        "on": on,
        "check": check,
        "clp_rows": _rows(selectors.roster_posts(on=on), status),
        "branch_rows": _rows(
            selectors.roster_posts(on=on, scope=Post.Scope.BRANCH, branch_ids=branch_ids), status
        ),
        "sees_findings": sees_findings(access),
        "is_secretary": access.is_secretary,
        "pending_handovers": selectors.pending_handovers().count() if access.is_secretary else 0,
    }
    return render(request, "officers/index.html", context)


def post_detail(request, pk):
    post = _post_for_user(request, pk)
    access = access_for(request.user)
    context = {
        "post": post,
        "terms": selectors.post_terms(post),
        "today": timezone.localdate(),
        "is_secretary": access.is_secretary,
        "changes": selectors.post_changes(post) if access.is_secretary else (),
    }
    return render(request, "officers/post_detail.html", context)


def _post_form(request, post=None):
    form = PostForm(request.POST or None, instance=post)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.post_save(post=post, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Saved the post “{saved}”.")
            return redirect("officers:post", pk=saved.pk)
    return render(request, "officers/post_form.html", {"form": form, "post": post})


@require(secretary)
def post_new(request):
    return _post_form(request)


@require(secretary)
def post_edit(request, pk):
    return _post_form(request, _post_for_user(request, pk))


@require(secretary)
def term_new(request, pk):
    post = _post_for_user(request, pk)
    form = TermForm(request.POST or None, people=selectors.people_for_choice())
    blocking = None
    if request.method == "POST" and form.is_valid():
        try:
            services.term_start(post=post, by=request.user, **form.cleaned_data)
        except services.RuleBreach as exc:
            blocking = exc.findings
            form.add_error(
                "override_reason",
                "This appointment breaks a hard rule. Choose someone else, or record why it stands anyway.",
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{form.cleaned_data['person']} now holds {post}.")
            return redirect("officers:post", pk=post.pk)
    return render(request, "officers/term_form.html", {"post": post, "form": form, "blocking": blocking})


@require_POST
@require(secretary)
def term_end(request, pk):
    term = get_object_or_404(Term.objects.select_related("post", "person"), pk=pk)
    _post_for_user(request, term.post_id)
    form = TermEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the last day in office as a date.")
    else:
        try:
            services.term_end(term=term, ends_on=form.cleaned_data["ends_on"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, f"{term.person}'s term as {term.post} ends on {term.ends_on:%-d %B %Y}."
            )
    return redirect("officers:post", pk=term.post_id)


def person_detail(request, pk):
    person = _person_for_user(request, pk)
    access = access_for(request.user)
    sees_equality = access.person_id == person.pk or access.is_secretary or access.is_equality_officer
    if sees_equality and access.person_id != person.pk:
        equality_access_log(viewer=request.user, person=person)  # special-category data: every look is kept
    context = {
        "person": person,
        "terms": selectors.person_terms(person),
        "today": timezone.localdate(),
        "sees_equality": sees_equality,
        "may_change": access.person_id == person.pk or access.is_secretary,
    }
    return render(request, "officers/person_detail.html", context)


@require(secretary)
def agm(request):
    """Record an AGM's results for several posts at once."""
    posts = list(selectors.roster_posts(on=timezone.localdate()))
    form = AgmResultsForm(
        request.POST or None,
        posts=posts,
        people=selectors.people_for_choice(),
        initial={"held_on": timezone.localdate()},
    )
    blocking = None
    if request.method == "POST" and form.is_valid():
        held_on = form.cleaned_data["held_on"]
        try:
            terms = services.agm_results_record(
                held_on=held_on,
                results=form.results(),
                by=request.user,
                override_reason=form.cleaned_data["override_reason"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except services.RuleBreach as exc:
            blocking = exc.findings
            form.add_error(
                "override_reason",
                "These results break a hard rule. Change them, or record why they stand anyway.",
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            check = selectors.balance_check(on=held_on)
            messages.success(request, f"Recorded {len(terms)} appointments from {held_on:%-d %B %Y}.")
            for f in check.findings:
                if f.status != rules.OK:
                    messages.warning(request, f"{f.rule_name}: {f.message}")
            request.user._access_cache = None  # the Secretary may just have handed over
            return redirect("officers:index" if post_holder(access_for(request.user)) else "home")
    return render(request, "officers/agm.html", {"form": form, "blocking": blocking})


@require(lambda a: a.is_secretary or a.is_chair)
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


@require(post_holder)
def rule_list(request):
    access = access_for(request.user)
    check = selectors.balance_check(on=timezone.localdate())
    findings = {}
    for f in check.findings:
        findings.setdefault(f.rule_id, []).append(f)
    rule_rows = [
        {"rule": r, "findings": findings.get(r.pk, [])}
        for r in BalanceRule.objects.prefetch_related("posts__branch").order_by("-active", "order", "name")
    ]
    context = {"rows": rule_rows, "is_secretary": access.is_secretary, "sees_findings": sees_findings(access)}
    return render(request, "officers/rule_list.html", context)


def _rule_form(request, rule=None):
    form = BalanceRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            saved = services.balance_rule_save(rule=rule, by=request.user, **data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Saved the rule “{saved}”.")
            return redirect("officers:rules")
    return render(request, "officers/rule_form.html", {"form": form, "rule": rule})


@require(secretary)
def rule_new(request):
    return _rule_form(request)


@require(secretary)
def rule_edit(request, pk):
    return _rule_form(request, get_object_or_404(BalanceRule, pk=pk))


@require(secretary)
def handovers(request):
    rows = Handover.objects.select_related("post", "outgoing", "incoming", "done_by")
    return render(request, "officers/handovers.html", {"handovers": rows})


@require_POST
@require(secretary)
def handover_done(request, pk):
    handover = get_object_or_404(Handover, pk=pk)
    services.handover_mark_done(handover=handover, by=request.user)
    messages.success(
        request, f"Marked done: the Governance and Legal Unit knows about the new {handover.post.name}."
    )
    return redirect("officers:handovers")


def _person_form(request, person=None):
    access = access_for(request.user)
    mine = person is not None and access.person_id == person.pk
    form = PersonForm(
        request.POST or None,
        instance=person,
        office=access.is_secretary,
        equality=mine or access.is_secretary,
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        saved = services.person_save(person=person, by=request.user, **fields)
        messages.success(request, f"Saved {saved}'s details.")
        return redirect("officers:person", pk=saved.pk)
    if person is not None and not mine and "disability" in form.fields:
        equality_access_log(viewer=request.user, person=person)  # the form shows their equality data
    return render(request, "officers/person_form.html", {"form": form, "person": person})


@require(secretary)
def person_new(request):
    return _person_form(request)


def person_edit(request, pk):
    return _person_form(request, _person_for_user(request, pk, change=True))

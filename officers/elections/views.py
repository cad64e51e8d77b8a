"""The AGM pages: nominations and eligibility, the voters present, each post's ballot and
count, the declaration, the results into office, and the papers. The Secretary's."""

from django.apps import apps
from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from clp.core.access import forget_access, object_for_user, require
from clp.core.exports import download
from clp.core.formats import day, short_day
from clp.core.forms import attempt
from clp.core.links import url_of
from clp.core.once import once_token, submit_once
from officers import selectors as officer_selectors
from officers.elections import exports, forms, selectors, services
from officers.elections.models import Agm, Contest, Nomination
from officers.models import Person, Post
from officers.services import RuleBreach


def _agm(request, pk):
    return object_for_user(request, Agm.objects.all(), reach="reaches_agm", pk=pk)


def _contest(request, pk):
    return object_for_user(
        request, Contest.objects.select_related("agm", "post"), reach="reaches_contest", pk=pk
    )


def _nomination(request, pk):
    queryset = Nomination.objects.select_related("contest", "contest__agm", "contest__post", "nominee")
    return object_for_user(request, queryset, reach="reaches_nomination", pk=pk)


@require("can_manage_officers")
def agm_list(request):
    return render(request, "officers/agm/list.html", {"agms": selectors.agms()})


@require("can_manage_officers")
@submit_once
def agm_new(request):
    posts = Post.objects.filter(scope=Post.Scope.CLP).order_by("order", "name")
    form = forms.AgmForm(request.POST or None, posts=posts)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["posts"] = sorted(data["posts"], key=lambda p: (p.order, p.name))
        ok, agm = attempt(form, services.agm_create, by=request.user, **data)
        if ok:
            messages.success(
                request, f"{agm} set up: nominations are open until {agm.nominations_close_on:%-d %B %Y}."
            )
            return redirect("officers:agm_detail", pk=agm.pk)
    return render(request, "officers/agm/new.html", {"form": form})


def _hidden(csrf_token):
    """{% csrf_token %}{% once_token %}: the fields of a one-time form (`csrf_token`: the
    page's csrf_input, written once)."""
    return f"{csrf_token}{once_token()}"


def _consent_form(n, name, contest, csrf_token, url):
    group = contest.post.must_belong_to
    group = (
        f'<label><input type="checkbox" name="group_confirmed"> Confirms they are one of the '
        f"{conditional_escape(group)}</label>"
        if group
        else ""
    )
    return (
        f'\n          <form method="post" action="{url(n.pk)}">{_hidden(csrf_token)}'
        f'\n            <label for="consent-{n.pk}">Consented on'
        f'<span class="visually-hidden"> ({name})</span></label>'
        f'\n            <input type="date" id="consent-{n.pk}" name="consent_on"'
        f' value="{contest.closes_on:%Y-%m-%d}" required>\n            {group}'
        f'\n            <button type="submit">Record consent'
        f'<span class="visually-hidden"> of {name}</span></button>'
        f"\n          </form>"
    )


def _override_form(n, name, csrf_token, url):
    return (
        f'\n          <form method="post" action="{url(n.pk)}">{_hidden(csrf_token)}'
        f'\n            <label for="override-{n.pk}">Let them stand because<span class="visually-hidden">'
        f" ({name})</span></label>"
        f'\n            <input type="text" id="override-{n.pk}" name="reason" maxlength="2000" required>'
        f'\n            <button type="submit">Override'
        f'<span class="visually-hidden"> for {name}</span></button>'
        f"\n          </form>"
    )


def _nomination_rows(state, csrf_token):
    """The rows of a contest's nominations on the AGM page (officers/agm/detail.html) with
    their consent and override forms, as its template wrote them, every text escaped: the
    template's lookups, date filters and form tags a row were half the page's calls."""
    consent_url = url_of("officers:nomination_consent")
    override_url = url_of("officers:nomination_override")
    contest, rows = state.contest, []
    for row in state.rows:
        n, verdict = row.nomination, row.verdict
        name = conditional_escape(n.nominee.full_name)
        seconder = f", seconded by {conditional_escape(n.seconder)}" if n.seconder else ""
        if n.consent_on is None:
            consent = _consent_form(n, name, contest, csrf_token, consent_url)
        else:
            consent = f"Consented {short_day(n.consent_on)}"
        reasons = "".join([f"<br>{conditional_escape(r)}" for r in verdict.reasons])
        override = ""
        if verdict.eligible is not True and not n.override_reason:
            override = _override_form(n, name, csrf_token, override_url)
        note = f": {conditional_escape(row.note)}" if row.note else ""
        rows.append(
            f'\n      <tr>\n        <th scope="row">{name}</th>'
            f"\n        <td>{conditional_escape(n.nominator)}{seconder} ({short_day(n.received_on)})</td>"
            f"\n        <td>{consent}</td>\n        <td><strong>{verdict.label}</strong>{reasons}"
            f"\n          {override}</td>"
            f"\n        <td>{'Yes' if row.standing else 'No'}{note}</td>\n      </tr>\n    "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every text went through conditional_escape


NOMINATIONS_HEAD = (
    '<thead><tr><th scope="col">Nominee</th><th scope="col">Nominated by</th><th scope="col">Consent</th>'
    '<th scope="col">Eligibility</th><th scope="col">On the ballot</th></tr></thead>'
)
NO_NOMINATIONS = '\n      <tr><td colspan="5">No nominations yet.</td></tr>\n    '


def _contest_section(state, csrf_token, urls):
    """A contest's section of the AGM page as officers/agm/detail.html wrote it: its post,
    method and links, what the rules ask of it and its nominations (_nomination_rows),
    every text escaped (the template's lookups and {% url %}s a contest were a tenth of the
    page's calls once the rows were written here)."""
    contest = state.contest
    pk, post = contest.pk, conditional_escape(contest.post.name)
    ballot, nominate, settings = (url(pk) for url in urls)
    declared = "<strong>Declared.</strong>" if contest.declared_at else ""
    links = (
        ""
        if contest.declared_at
        else f'· <a href="{nominate}">Add a nomination<span class="visually-hidden"> for {post}</span></a>'
        f'\n    · <a href="{settings}">Settings<span class="visually-hidden"> for {post}</span></a>'
    )
    lines = "".join([f"<p>{conditional_escape(line)}</p>" for line in state.briefing.lines])
    places = "" if contest.places == 1 else "s"  # pluralize
    return (
        f'\n<section aria-labelledby="contest-{pk}">\n  <h2 id="contest-{pk}">{post}</h2>'
        f"\n  <p>{conditional_escape(contest.get_method_display())}, {contest.places} place{places}."
        f" Nominations close {day(contest.closes_on)}.\n    {declared}"
        f'\n    <a href="{ballot}">Ballot and count<span class="visually-hidden"> for {post}</span></a>'
        f"\n    {links}</p>\n  {lines}\n  <table>"
        f'\n    <caption class="visually-hidden">Nominations for {post}</caption>\n    {NOMINATIONS_HEAD}'
        f"\n    <tbody>\n    {_nomination_rows(state, csrf_token) or NO_NOMINATIONS}\n    </tbody>"
        f"\n  </table>\n</section>\n"
    )


@require("can_manage_officers")
def agm_detail(request, pk):
    agm = _agm(request, pk)
    states, csrf_token = selectors.agm_overview(agm), csrf_input(request)
    urls = [url_of(f"officers:{name}") for name in ("contest_ballot", "nomination_new", "contest_edit")]
    sections = "".join([_contest_section(state, csrf_token, urls) for state in states])
    context = {
        "agm": agm,
        "sections": mark_safe(sections),  # noqa: S308 - every text went through conditional_escape
        "consent_form": forms.ConsentForm(initial={"consent_on": agm.nominations_close_on}),
        "override_form": forms.OverrideForm(),
    }
    return render(request, "officers/agm/detail.html", context)


@require("can_manage_officers")
def contest_edit(request, pk):
    contest = _contest(request, pk)
    form = forms.ContestForm(request.POST or None, instance=contest)
    if request.method == "POST" and form.is_valid():
        ok, _ = attempt(form, services.contest_settings_save, contest=contest, **form.cleaned_data)
        if ok:
            messages.success(request, f"Saved the settings for {contest.post.name}.")
            return redirect("officers:agm_detail", pk=contest.agm_id)
    return render(request, "officers/agm/contest_form.html", {"form": form, "contest": contest})


@require("can_manage_officers")
@submit_once
def nomination_new(request, pk):
    contest = _contest(request, pk)
    form = forms.NominationForm(
        request.POST or None,
        initial={"received_on": contest.closes_on},
        people=officer_selectors.people_for_choice(),
        branches=apps.get_model("branches", "Branch").objects.all(),  # branches sits above officers
        affiliates=apps.get_model("branches", "Affiliate").objects.all(),
    )
    if request.method == "POST" and form.is_valid():
        ok, nomination = attempt(
            form, services.nomination_add, contest=contest, by=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(
                request, f"Recorded the nomination of {nomination.nominee} for {contest.post.name}."
            )
            return redirect("officers:agm_detail", pk=contest.agm_id)
    return render(request, "officers/agm/nomination_form.html", {"form": form, "contest": contest})


@require_POST
@require("can_manage_officers")
def nomination_consent(request, pk):
    nomination = _nomination(request, pk)
    form = forms.ConsentForm(request.POST)
    if form.is_valid():
        ok, _ = attempt(request, services.nomination_consent, nomination=nomination, **form.cleaned_data)
        if ok:
            messages.success(
                request, f"{nomination.nominee} consents to stand for {nomination.contest.post.name}."
            )
    else:
        messages.error(request, "Give the day they consented as a date.")
    return redirect("officers:agm_detail", pk=nomination.contest.agm_id)


@require_POST
@require("can_manage_officers")
def nomination_override(request, pk):
    nomination = _nomination(request, pk)
    form = forms.OverrideForm(request.POST)
    if form.is_valid():
        ok, _ = attempt(
            request, services.nomination_override, nomination=nomination, by=request.user, **form.cleaned_data
        )
        if ok:
            messages.success(request, f"{nomination.nominee} may stand: the reason is recorded.")
    else:
        messages.error(request, "Say why this nominee may stand.")
    return redirect("officers:agm_detail", pk=nomination.contest.agm_id)


@require_POST
@require("can_manage_officers")
def agm_publish(request, pk):
    agm = _agm(request, pk)
    services.candidates_publish(agm=agm, by=request.user)
    messages.success(request, "Published the candidates: each candidate and nominator is told.")
    return redirect("officers:agm_detail", pk=agm.pk)


@require("can_manage_officers")
def agm_voters(request, pk):
    agm = _agm(request, pk)
    people = Person.objects.filter(membership_status__in=selectors.VOTER_STATUSES)
    form = forms.PresentForm(request.POST or None, people=people, initial={"present": agm.present.all()})
    if request.method == "POST" and form.is_valid():
        services.agm_present_set(agm=agm, people=form.cleaned_data["present"])
        messages.success(request, f"{selectors.eligible_present(agm)} eligible voters present.")
        return redirect("officers:agm_voters", pk=agm.pk)
    context = {
        "agm": agm,
        "voters": selectors.voters(agm),
        "eligible_present": selectors.eligible_present(agm),
    }
    return render(request, "officers/agm/voters.html", context)


@require("can_manage_officers")
def contest_ballot(request, pk):
    """One post's ballot: what the rules ask of it, the eligible voters present, the tellers'
    rounds so far and the form for the next, the Chair's lot, the declaration."""
    contest = _contest(request, pk)
    state = selectors.contest_state(contest)
    form = forms.RoundForm(request.POST or None, contest=contest, candidates=_next_candidates(state))
    if request.method == "POST" and form.is_valid():
        extra = (
            {"ballots": form.cleaned_data["ballots"]} if "ballots" in form.fields else {"votes": form.votes()}
        )
        ok, _ = attempt(
            form,
            services.round_record,
            contest=contest,
            present=form.cleaned_data["present"],
            by=request.user,
            **extra,
        )
        if ok:
            messages.success(request, "Recorded the count.")
            return redirect("officers:contest_ballot", pk=contest.pk)
    lot_form = None
    if state.result is not None and state.result.tie:
        names = {r.nomination.pk: r.nomination.nominee.full_name for r in state.rows}
        lot_form = forms.LotForm(choices=[(pk, names[pk]) for pk in state.result.tie.among])
    context = {
        "contest": contest,
        "state": state,
        "form": form,
        "lot_form": lot_form,
        "eligible_present": selectors.eligible_present(contest.agm),
        "show_form": not contest.declared_at and _wants_round(state),
    }
    return render(request, "officers/agm/ballot.html", context)


def _next_candidates(state):
    if state.result is not None and state.result.continuing:
        return [c for c in state.standing if c.nomination.pk in state.result.continuing]
    return state.standing


def _wants_round(state):
    return state.result is None or bool(state.result.continuing) or bool(state.problem)


@require_POST
@require("can_manage_officers")
def lot_new(request, pk):
    contest = _contest(request, pk)
    state = selectors.contest_state(contest)
    tie = state.result.tie if state.result is not None else None
    if tie is None:
        messages.error(request, "There is no tie to decide.")
        return redirect("officers:contest_ballot", pk=contest.pk)
    form = forms.LotForm(request.POST, choices=[(str(pk), str(pk)) for pk in tie.among])
    if form.is_valid():
        chosen = next(r.nomination for r in state.rows if r.nomination.pk == int(form.cleaned_data["chosen"]))
        ok, _ = attempt(
            request,
            services.lot_record,
            contest=contest,
            round_number=tie.round,
            kind=tie.kind,
            among=list(tie.among),
            chosen=chosen,
            by=request.user,
        )
        if ok:
            messages.success(request, f"Recorded the lot: {chosen.nominee}.")
    return redirect("officers:contest_ballot", pk=contest.pk)


@require_POST
@require("can_manage_officers")
def contest_declare(request, pk):
    contest = _contest(request, pk)
    ok, _ = attempt(request, services.contest_declare, contest=contest, by=request.user)
    if ok:
        messages.success(request, f"Declared the result for {contest.post.name}.")
    return redirect("officers:contest_ballot", pk=contest.pk)


@require("can_manage_officers")
def agm_into_office(request, pk):
    """The declared results become terms of office from the AGM's date."""
    agm = _agm(request, pk)
    form = forms.IntoOfficeForm(request.POST or None)
    blocking = unknown = None
    if request.method == "POST" and form.is_valid():
        ok, outcome = attempt(
            form,
            services.agm_into_office,
            agm=agm,
            by=request.user,
            override_reason=form.cleaned_data["override_reason"],
        )
        if ok:
            forget_access(request.user)
            messages.success(
                request,
                f"{len(outcome)} officers are in office from {agm.held_on:%-d %B %Y}; each is welcomed.",
            )
            return redirect("officers:agm_detail", pk=agm.pk)
        if isinstance(outcome, RuleBreach):
            blocking, unknown = outcome.findings, outcome.unknown
    context = {
        "agm": agm,
        "form": form,
        "blocking": blocking,
        "unknown": unknown,
        "states": selectors.agm_overview(agm),
    }
    return render(request, "officers/agm/into_office.html", context)


@require("can_manage_officers")
def agm_nominations_pdf(request, pk):
    return download(exports.nominations_pdf(_agm(request, pk).pk))


@require("can_manage_officers")
def contest_ballot_pdf(request, pk, number):
    return download(exports.ballot_pdf(_contest(request, pk).pk, number))


@require("can_manage_officers")
def agm_declaration_pdf(request, pk):
    return download(exports.declaration_pdf(_agm(request, pk).pk))

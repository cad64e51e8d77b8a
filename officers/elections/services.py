"""Writes for the AGM: nominations, the tellers' rounds, the Chair's lots, the declaration
and the results into office. Each is one transaction, validated inside; confirmations and
welcomes go through clp.notifications."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from clp.notifications.services import notify
from officers import selectors as officer_selectors
from officers import services as officer_services
from officers.elections import count, selectors
from officers.elections.models import Agm, BallotRound, Contest, Lot, Nomination


def _date(value):
    return value.strftime("%-d %B %Y")


@transaction.atomic
def agm_create(*, name, held_on, nominations_close_on, qualifying_weeks, terms_end_on, posts, by=None):
    """An AGM with one contest per post, in the posts' order: one place elected first past
    the post, several by a block vote, until the Secretary changes the contest's settings.
    A post's settings are copied from its contest at the last AGM, if any."""
    agm = Agm(
        name=name,
        held_on=held_on,
        nominations_close_on=nominations_close_on,
        qualifying_weeks=qualifying_weeks,
        terms_end_on=terms_end_on,
        created_by=by,
    )
    agm.full_clean()
    agm.save()
    if not posts:
        raise ValidationError({"posts": "Choose the posts to elect."})
    for order, post in enumerate(posts, 1):
        last = Contest.objects.filter(post=post).order_by("-agm__held_on").first()
        contest = Contest(
            agm=agm,
            post=post,
            order=order,
            places=post.max_holders,
            method=last.method if last else (count.FPTP if post.max_holders == 1 else count.BLOCK),
            closes_on=nominations_close_on,
            from_members=last.from_members if last else True,
            from_branches=last.from_branches if last else True,
            from_affiliates=last.from_affiliates if last else False,
            seconder_required=last.seconder_required if last else False,
        )
        contest.full_clean()
        contest.save()
    return agm


@transaction.atomic
def contest_settings_save(
    *, contest, method, places, closes_on, from_members, from_branches, from_affiliates, seconder_required
):
    """The Standing Orders' settings for one post's election."""
    if contest.rounds.exists():
        raise ValidationError("The ballot has begun: its settings can no longer change.")
    contest.method, contest.places, contest.closes_on = method, places, closes_on
    contest.from_members, contest.from_branches = from_members, from_branches
    contest.from_affiliates, contest.seconder_required = from_affiliates, seconder_required
    errors = {}
    if places > contest.post.max_holders:
        errors["places"] = f"{contest.post.name} has {contest.post.max_holders} places at most."
    if method in (count.FPTP, count.EXHAUSTIVE) and places != 1:
        errors["method"] = (
            "First past the post and the exhaustive ballot elect one place; choose another method."
        )
    if closes_on > contest.agm.held_on:
        errors["closes_on"] = "Nominations must close on or before the day of the AGM."
    if not (from_members or from_branches or from_affiliates):
        errors["from_members"] = "Say who may nominate."
    if errors:
        raise ValidationError(errors)
    contest.full_clean()
    contest.save()
    return contest


@transaction.atomic
def nomination_add(
    *,
    contest,
    nominee,
    received_on,
    by_member=None,
    by_branch=None,
    by_affiliate=None,
    seconder=None,
    by=None,
):
    """Record a nomination. Refused after the closing date, twice for one post, from a kind
    of nominator the Standing Orders do not allow for the post, or without a seconder where
    one is required. The nominee and the nominator are told."""
    errors = []
    nominators = [n for n in (by_member, by_branch, by_affiliate) if n is not None]
    if received_on > contest.closes_on:
        errors.append(f"Nominations for {contest.post.name} closed on {_date(contest.closes_on)}.")
    if len(nominators) != 1:
        errors.append("Name one nominator: a member, a branch or an affiliate.")
    if by_member is not None and not contest.from_members:
        errors.append(f"Members may not nominate for {contest.post.name} under the Standing Orders.")
    if by_branch is not None and not contest.from_branches:
        errors.append(f"Branches may not nominate for {contest.post.name} under the Standing Orders.")
    if by_affiliate is not None and not contest.from_affiliates:
        errors.append(f"Affiliates may not nominate for {contest.post.name} under the Standing Orders.")
    if contest.seconder_required and seconder is None:
        errors.append(f"A nomination for {contest.post.name} needs a seconder.")
    if seconder is not None and seconder.pk in {nominee.pk, getattr(by_member, "pk", None)}:
        errors.append("The seconder must be someone other than the nominee and the nominator.")
    if contest.nominations.filter(nominee=nominee).exists():
        errors.append(f"{nominee} is already nominated for {contest.post.name}.")
    if contest.declared_at:
        errors.append(f"{contest.post.name} has been declared.")
    if errors:
        raise ValidationError(errors)
    nomination = Nomination(
        contest=contest,
        nominee=nominee,
        by_member=by_member,
        by_branch=by_branch,
        by_affiliate=by_affiliate,
        seconder=seconder,
        received_on=received_on,
    )
    nomination.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as exc:  # a second clerk recorded the same nomination meanwhile
        raise ValidationError(f"{nominee} is already nominated for {contest.post.name}.") from exc
    _confirm_nomination(nomination)
    return nomination


def _nominator_recipients(nomination):
    people, posts = [], []
    if nomination.by_member:
        people.append(nomination.by_member)
    if nomination.by_branch:
        posts += officer_selectors.secretary_posts(branch_id=nomination.by_branch_id)
    return people, posts


def _confirm_nomination(nomination):
    post, agm = nomination.contest.post, nomination.contest.agm
    body = (
        f"{nomination.nominee} has been nominated for {post.name} at {agm} on {_date(agm.held_on)}, "
        f"by {nomination.nominator}"
        + (f", seconded by {nomination.seconder}" if nomination.seconder else "")
        + "."
    )
    notify(
        key=f"officers:nomination:{nomination.pk}:nominee",
        kind="agm_nomination",
        subject=f"Your nomination for {post.name}",
        body=body + " Please tell the Secretary whether you consent to stand.",
        to_people=[nomination.nominee],
    )
    people, posts = _nominator_recipients(nomination)
    if people or posts:
        notify(
            key=f"officers:nomination:{nomination.pk}:nominator",
            kind="agm_nomination",
            subject=f"Nomination received: {nomination.nominee} for {post.name}",
            body=body,
            to_people=people,
            to_posts=posts,
        )


@transaction.atomic
def nomination_consent(*, nomination, consent_on, group_confirmed=False):
    """The nominee consents to stand (and, where the post asks it, confirms the group)."""
    if consent_on > nomination.contest.agm.held_on:
        raise ValidationError("Consent must be given by the day of the AGM.")
    nomination.consent_on = consent_on
    nomination.group_confirmed = group_confirmed
    nomination.save(update_fields=["consent_on", "group_confirmed"])
    return nomination


@transaction.atomic
def nomination_override(*, nomination, reason, by):
    """The Secretary lets a nominee who fails the test (or cannot be judged) stand, and says why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why this nominee may stand."})
    nomination.override_reason, nomination.override_by = reason, by
    nomination.save(update_fields=["override_reason", "override_by"])
    return nomination


@transaction.atomic
def candidates_publish(*, agm, by=None):
    """The Secretary publishes the list of candidates: each candidate and nominator is told."""
    agm = Agm.objects.select_for_update().get(pk=agm.pk)
    agm.candidates_published_at = timezone.now()
    agm.save(update_fields=["candidates_published_at"])
    url = reverse("officers:agm_detail", args=[agm.pk])
    for contest in selectors.contests_for(agm):
        names = ", ".join(str(n.nominee) for n in contest.nominations.all()) or "nobody"
        for n in contest.nominations.all():
            people, posts = _nominator_recipients(n)
            notify(
                key=f"officers:agm:{agm.pk}:published:{n.pk}",
                kind="agm_nomination",
                subject=f"Candidates for {contest.post.name} at {agm}",
                body=f"The candidates for {contest.post.name} at {agm} on {_date(agm.held_on)} are: {names}.",
                to_people=[n.nominee, *people],
                to_posts=posts,
                url=url,
            )
    return agm


@transaction.atomic
def agm_present_set(*, agm, people):
    """Who is present at the AGM (signed in): the voters counted before each ballot."""
    agm.present.set(people)
    return agm


def _standing(contest):
    state = selectors.contest_state(contest)
    return state.contest, state.briefing, state.standing


@transaction.atomic
def round_record(*, contest, present, votes=None, ballots=None, by=None):
    """Record the tellers' count for the next round (votes: {nomination id: votes}; for STV,
    ballots: [[nomination ids in order of preference]]). Figures that cannot be right are
    refused with the count's plain-English reason, and nothing is saved."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.declared_at:
        raise ValidationError(f"{contest.post.name} has been declared.")
    number = contest.rounds.count() + 1
    row = BallotRound(contest=contest, number=number, present=present, recorded_by=by)
    row.votes = {str(k): v for k, v in (votes or {}).items()}
    row.ballots = [list(b) for b in (ballots or [])]
    row.full_clean(exclude=["contest"])
    row.save()
    contest, brief, standing = _standing(contest)
    standing_ids = {c.nomination.pk for c in standing}
    named = {int(k) for k in row.votes} | {n for b in row.ballots for n in b}
    if named - standing_ids:
        raise ValidationError("The count names someone who is not standing in this ballot.")
    try:
        selectors.contest_count(contest, standing, brief.women_needed)
    except count.CountError as exc:
        raise ValidationError(str(exc)) from exc
    if not contest.briefing and brief.lines:
        contest.briefing = "\n".join(brief.lines)
        contest.save(update_fields=["briefing"])
    return row


@transaction.atomic
def lot_record(*, contest, round_number, kind, among, chosen, by=None):
    """The Chair's decision of a tie by lot, as the count asked for it."""
    if chosen.pk not in among or chosen.contest_id != contest.pk:
        raise ValidationError("The one drawn must be one of those tied.")
    lot = Lot(
        contest=contest, round=round_number, kind=kind, among=sorted(among), chosen=chosen, recorded_by=by
    )
    lot.save()
    return lot


@transaction.atomic
def contest_declare(*, contest, by=None):
    """Declare the result: the count must be complete (no tie waiting, no round to come)."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.declared_at:
        raise ValidationError(f"{contest.post.name} has already been declared.")
    contest, brief, standing = _standing(contest)
    if not standing:
        result = count.Result(steps=["Nobody stood: the post is left vacant."], vacant=contest.places)
    else:
        try:
            result = selectors.contest_count(contest, standing, brief.women_needed)
        except count.CountError as exc:
            raise ValidationError(str(exc)) from exc
        if result is None:
            raise ValidationError("Record the tellers' count first.")
        if result.tie:
            names = {c.nomination.pk: c.nomination.nominee.full_name for c in standing}
            raise ValidationError(result.tie.describe(names) + " Record the lot first.")
        if result.continuing:
            raise ValidationError("Nobody has more than half the votes yet: record the next round.")
    contest.declaration = {
        "steps": brief.lines + result.steps,
        "elected": result.elected,
        "vacant": result.vacant,
    }
    contest.declared_at = timezone.now()
    contest.save(update_fields=["declaration", "declared_at"])
    return contest


@transaction.atomic
def agm_into_office(*, agm, by=None, override_reason=""):
    """Declared results become terms of office from the AGM's date, through the officers'
    service (handovers, Governance and Legal Unit reminders, access that follows office),
    and each new officer is welcomed. Every contest must be declared first."""
    agm = Agm.objects.select_for_update().get(pk=agm.pk)
    if agm.in_office_at:
        raise ValidationError("These results are already in office.")
    contests = list(selectors.contests_for(agm))
    waiting = [c.post.name for c in contests if not c.declared_at]
    if waiting:
        raise ValidationError(f"Declare every result first: {', '.join(waiting)}.")
    results = []
    for c in contests:
        ids = c.declaration.get("elected", [])
        by_pk = {n.pk: n.nominee for n in c.nominations.all()}
        results.append((c.post, [by_pk[pk] for pk in ids]))
    before = {c.post_id: selectors.previous_holders(c.post, agm.held_on) for c in contests}
    terms = officer_services.agm_results_record(
        held_on=agm.held_on, results=results, by=by, override_reason=override_reason, ends_on=agm.terms_end_on
    )
    agm.in_office_at = timezone.now()
    agm.save(update_fields=["in_office_at"])
    for term in terms:
        _welcome(term, before.get(term.post_id, []))
    return terms


def welcome_text(term, predecessors):
    """The welcome a new officer receives: the role description, the open actions owned by
    the post, the next meetings and who held it before."""
    post = term.post
    extras = {"actions": [], "meetings": []}
    hook = getattr(settings, "OFFICERS_WELCOME_EXTRAS", "")
    if hook:
        extras = import_string(hook)(post_id=post.pk, branch_id=post.branch_id)
    held_before = [p for p in predecessors if p.pk != term.person_id]
    parts = [
        f"Welcome, {term.person.first_name}: you are {post.name} from {_date(term.starts_on)}"
        + (f" to {_date(term.ends_on)}." if term.ends_on else "."),
        "The role\n" + (post.duties or "No role description is recorded for this post yet."),
        "Open actions owned by the post\n"
        + ("\n".join(f"- {a}" for a in extras["actions"]) or "None at the moment."),
        "The next meetings\n" + ("\n".join(f"- {m}" for m in extras["meetings"]) or "None planned yet."),
        "Who held it before\n"
        + (
            ", ".join(p.full_name for p in held_before)
            + " held the post before you: ask them for the handover."
            if held_before
            else ("You held it before: welcome back." if predecessors else "Nobody held it before you.")
        ),
    ]
    return "\n\n".join(parts)


def _welcome(term, predecessors):
    notify(
        key=f"officers:welcome:{term.pk}",
        kind="agm_welcome",
        subject=f"Welcome: you are {term.post.name}",
        body=welcome_text(term, predecessors),
        to_people=[term.person],
        url=reverse("officers:post", args=[term.post_id]),
    )

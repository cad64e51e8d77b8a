"""Reads for the AGM: its contests and nominations with their joins, who may stand and vote,
what the balance rules ask of each ballot, and the count so far."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from officers import selectors as officer_selectors
from officers.elections import count, eligibility
from officers.elections.models import Agm, BallotRound, Lot, Nomination
from officers.models import BalanceRule, Person, Term

VOTER_STATUSES = [Person.Status.MEMBER, Person.Status.NEW, Person.Status.ARREARS]


def agms():
    return Agm.objects.prefetch_related("contests")


def nominations_queryset():
    return Nomination.objects.select_related(
        "nominee", "nominee__branch", "by_member", "by_branch", "by_affiliate", "seconder"
    ).order_by("nominee__last_name", "nominee__first_name", "pk")


# What the AGM's pages read of a nomination and its people (the eligibility test, the names,
# the nominator and seconder): whole models of six tables a nomination were most of the
# AGM page's calls after its template.
NOMINATION_READ = (
    "contest_id", "nominee_id", "by_member_id", "by_branch_id", "by_affiliate_id", "seconder_id",
    "received_on", "consent_on", "group_confirmed", "override_reason",
    "nominee__first_name", "nominee__last_name", "nominee__membership_status", "nominee__joined_on",
    "nominee__counts_as_woman", "nominee__date_of_birth", "nominee__trade_union",
    "by_member__first_name", "by_member__last_name", "by_branch__name", "by_affiliate__name",
    "seconder__first_name", "seconder__last_name",
)  # fmt: skip


def nominations_to_read():
    """nominations_queryset with only NOMINATION_READ, for the pages that show them (the
    services take whole models)."""
    return (
        Nomination.objects.select_related("nominee", "by_member", "by_branch", "by_affiliate", "seconder")
        .only(*NOMINATION_READ)
        .order_by("nominee__last_name", "nominee__first_name", "pk")
    )


def contests_for(agm, *, nominations=None):
    """The AGM's contests in order, each with its post, nominations (nominations_queryset
    unless given), rounds and lots."""
    return (
        agm.contests.select_related("post", "post__branch")
        .prefetch_related(
            Prefetch("nominations", queryset=nominations_queryset() if nominations is None else nominations),
            Prefetch("rounds", queryset=BallotRound.objects.order_by("number")),
            Prefetch("lots", queryset=Lot.objects.order_by("pk")),
        )
        .order_by("order", "pk")
    )


def member_data(person) -> eligibility.Member:
    return eligibility.Member(
        id=person.pk,
        name=person.full_name,
        status=person.membership_status,
        joined_on=person.joined_on,
        woman=person.counts_as_woman,
        date_of_birth=person.date_of_birth,
        trade_union=person.trade_union,
    )


def requirements(posts, rule_rows=None):
    """{post id: eligibility.Requirement} from the active rules and the posts' settings."""
    asks = {p.pk: {"woman": False, "under_age": None} for p in posts}
    for rule in officer_selectors.active_rules() if rule_rows is None else rule_rows:
        for p in rule.posts.all():
            if p.pk not in asks:
                continue
            if rule.kind == BalanceRule.Kind.WOMAN_HOLDER:
                asks[p.pk]["woman"] = True
            elif rule.kind == BalanceRule.Kind.MAX_AGE and rule.age:
                asks[p.pk]["under_age"] = rule.age
    return {
        p.pk: eligibility.Requirement(union=p.union_members_only, group=p.must_belong_to, **asks[p.pk])
        for p in posts
    }


def verdict_for(nomination, requirement, agm):
    return eligibility.may_stand(
        member_data(nomination.nominee),
        requirement,
        on=agm.held_on,
        weeks=agm.qualifying_weeks,
        group_confirmed=nomination.group_confirmed,
    )


@dataclass
class Candidacy:
    nomination: Nomination
    verdict: eligibility.Verdict
    standing: bool  # on the ballot paper
    note: str  # why not, or the override

    @property
    def overridden(self):
        return bool(self.nomination.override_reason)


def candidacies(contest, requirement, *, women_only=False):
    """Every nomination for `contest`, with the eligibility verdict and whether it stands."""
    rows = []
    for n in contest.nominations.all():
        verdict = verdict_for(n, requirement, contest.agm)
        if n.consent_on is None:
            standing, note = False, "Has not yet consented."
        elif verdict.eligible is not True and not n.override_reason:
            standing, note = False, " ".join(verdict.reasons)
        elif women_only and n.nominee.counts_as_woman is not True:
            standing, note = False, "This ballot is open to women only."
        else:
            standing = True
            note = (
                f"Stands by the Secretary's override: {n.override_reason}"
                if verdict.eligible is not True
                else ""
            )
        rows.append(Candidacy(n, verdict, standing, note))
    return rows


def voters(agm):
    """Members with the voting test applied: [(person, verdict, present)]."""
    present = set(agm.present.values_list("pk", flat=True))
    people = Person.objects.filter(membership_status__in=VOTER_STATUSES).select_related("branch")
    return [
        (p, eligibility.may_vote(member_data(p), on=agm.held_on, weeks=agm.qualifying_weeks), p.pk in present)
        for p in people
    ]


def eligible_present(agm):
    """How many of those signed in as present may vote (what member_data reads of them, as
    columns: whole people were a tenth of the contest page's calls)."""
    present = agm.present.values_list("pk", "first_name", "last_name", "membership_status", "joined_on")
    return sum(
        1
        for pk, first, last, status, joined_on in present
        if eligibility.may_vote(
            eligibility.Member(id=pk, name=f"{first} {last}".strip(), status=status, joined_on=joined_on),
            on=agm.held_on,
            weeks=agm.qualifying_weeks,
        ).eligible
        is True
    )


@dataclass
class Briefing:
    """What the balance rules ask of one ballot, said before it is taken."""

    women_needed: int  # places on this ballot that must go to women
    lines: list

    @property
    def women_only(self):
        return self.women_needed > 0


def holders_on(on):
    """The terms in force on `on` as (post id, person id, counts as a woman) tuples: one query
    (the terms and their people as models were a third of the AGM page's calls)."""
    terms = Term.objects.current(on).values_list("post_id", "person_id", "person__counts_as_woman")
    return list(terms)


def briefing(contest, contests, rule_rows=None, current=None):
    """The balance rules for `contest`, given the AGM's `contests` in order: the "at least N
    women" rules (posts elected in turn: open to women only once the places left equal the
    women still needed), the Women's Officer, and a delegation of more than one. The active
    rules and the terms in force on the day (holders_on) may be given, to ask once for every
    contest."""
    agm = contest.agm
    rule_rows = list(officer_selectors.active_rules()) if rule_rows is None else rule_rows
    if current is None:
        current = holders_on(agm.held_on)
    lines, needed_here = [], 0
    undeclared = {c.post_id: c for c in contests if c.declared_at is None}
    declared = {c.post_id: c for c in contests if c.declared_at is not None}
    elected_women = {}
    for c in declared.values():
        ids = set(c.declaration.get("elected", []))
        elected_women[c.post_id] = [
            n.nominee_id for n in c.nominations.all() if n.pk in ids and n.nominee.counts_as_woman is True
        ]
    for rule in rule_rows:
        post_ids = [p.pk for p in rule.posts.all()]
        if contest.post_id not in post_ids:
            continue
        if rule.kind == BalanceRule.Kind.WOMAN_HOLDER:
            needed_here = contest.places
            lines.append(f"{rule.name}: this ballot is open to women only.")
        elif rule.kind == BalanceRule.Kind.DELEGATION_HALF_WOMEN and contest.places > 1:
            half = (contest.places + 1) // 2
            needed_here = max(needed_here, half)
            lines.append(f"{rule.name}: at least {half} of the {contest.places} places go to women.")
        elif rule.kind == BalanceRule.Kind.SINGLE_DELEGATE_ALTERNATES and contest.places == 1:
            before = (
                Term.objects.filter(post_id=contest.post_id, starts_on__lt=agm.held_on)
                .select_related("person")
                .order_by("-starts_on")
                .first()
            )
            if before is not None and before.person.counts_as_woman is not True:
                needed_here = 1
                lines.append(
                    f"{rule.name}: the term before was held by {before.person.full_name}, not a woman: "
                    "this ballot is open to women only."
                )
        elif rule.kind == BalanceRule.Kind.MIN_WOMEN:
            continuing = [
                (person_id, woman)
                for post_id, person_id, woman in current
                if post_id in post_ids and post_id not in undeclared and post_id not in declared
            ]
            women = {person_id for person_id, woman in continuing if woman is True}
            women_places = sum(1 for _, woman in continuing if woman is True)
            for ids in (elected_women.get(pk, []) for pk in post_ids):
                women |= set(ids)
                women_places += len(ids)
            so_far = women_places if rule.counts == BalanceRule.Counts.PLACES else len(women)
            places_left = sum(undeclared[pk].places for pk in post_ids if pk in undeclared)
            others_left = places_left - contest.places
            here = max(min(rule.minimum - so_far - others_left, contest.places), 0)
            if contest.places == 1:
                _, line = count.open_to_women_only(
                    rule_name=rule.name, minimum=rule.minimum, women_so_far=so_far, places_left=places_left
                )
            else:
                line = f"{rule.name}: {so_far} women so far, {places_left} places left to elect: " + (
                    f"at least {here} of these {contest.places} places go to women."
                    if here
                    else "no quota here."
                )
            lines.append(line)
            needed_here = max(needed_here, here)
    return Briefing(women_needed=needed_here, lines=lines)


def contest_count(contest, standing, women_needed):
    """The count as the tellers' rounds stand (None before the first round)."""
    rounds = list(contest.rounds.all())
    if not rounds:
        return None
    candidates = [
        count.Candidate(c.nomination.pk, c.nomination.nominee.full_name, c.nomination.nominee.counts_as_woman)
        for c in standing
    ]
    lots = [count.Lot(lot.round, lot.kind, tuple(lot.among), lot.chosen_id) for lot in contest.lots.all()]
    return run_count(
        contest.method, candidates, rounds, places=contest.places, women_needed=women_needed, lots=lots
    )


def run_count(method, candidates, rounds, *, places, women_needed, lots):
    """The pure count for a contest's method over its rounds (BallotRound rows or alike)."""
    if method == count.STV:
        first = rounds[0]
        ballots = [tuple(b) for b in first.ballots]
        return count.count_stv(
            candidates, ballots, seats=places, present=first.present, women_needed=women_needed, lots=lots
        )
    counts = [count.RoundCount(r.present, {int(k): v for k, v in r.votes.items()}) for r in rounds]
    if method == count.EXHAUSTIVE:
        return count.count_exhaustive(candidates, counts, lots=lots)
    if len(counts) > 1:
        raise count.CountError("This post is decided in one round.")
    return count.count_block(candidates, counts[0], seats=places, women_needed=women_needed, lots=lots)


def previous_holders(post, on):
    """Who held `post` the day before `on`."""
    return [
        t.person
        for t in post.terms.filter(starts_on__lt=on).select_related("person").order_by("-starts_on")[:1]
    ]


@dataclass
class ContestState:
    contest: object
    briefing: Briefing
    rows: list  # every Candidacy
    standing: list  # those on the ballot paper
    result: object = None  # count.Result so far, or None before the first round
    problem: str = ""  # the count's refusal, if the recorded figures cannot be counted

    @property
    def elected(self):
        ids = set(self.contest.declaration.get("elected", []))
        return [r.nomination for r in self.rows if r.nomination.pk in ids]


def _state(contest, contests, requirement, rule_rows=None, current=None):
    brief = briefing(contest, contests, rule_rows, current)
    rows = candidacies(contest, requirement, women_only=brief.women_needed >= contest.places)
    standing = [r for r in rows if r.standing]
    state = ContestState(contest, brief, rows, standing)
    try:
        state.result = contest_count(contest, standing, brief.women_needed)
    except count.CountError as exc:
        state.problem = str(exc)
    return state


def agm_overview(agm):
    """Every contest of the AGM with its state: [ContestState], in the order elected."""
    contests = list(contests_for(agm, nominations=nominations_to_read()))
    rule_rows = list(officer_selectors.active_rules())
    current = holders_on(agm.held_on)
    reqs = requirements([c.post for c in contests], rule_rows)
    return [_state(c, contests, reqs[c.post_id], rule_rows, current) for c in contests]


def contest_state(contest):
    """The state of one contest (its briefing counts the AGM's others): the nominations read
    with only what is shown or counted, and only of this contest and the declared ones (the
    briefing counts the women they elected), the active rules asked once."""
    wanted = nominations_to_read().filter(Q(contest=contest) | Q(contest__declared_at__isnull=False))
    contests = list(contests_for(contest.agm, nominations=wanted))
    contest = next(c for c in contests if c.pk == contest.pk)
    rule_rows = list(officer_selectors.active_rules())
    return _state(contest, contests, requirements([contest.post], rule_rows)[contest.post_id], rule_rows)

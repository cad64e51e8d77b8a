"""The count, over plain data: first past the post and the block vote (several places, each
voter marking up to that many), the exhaustive ballot (the lowest out each round, the tellers
recounting) and the single transferable vote, with the balance rules applied the two ways
party practice applies them:

- posts elected one after another: once the places still to elect equal the women still
  needed, those places are open to women only (`open_to_women_only`, said before the ballot);
- a multi-seat ballot: where the top-placed candidates would break "at least N women", the
  last seats go to the highest-placed women until the rule is met (`count_block`,
  `count_stv`).

Every count returns a `Result` whose `steps` explain the declaration line by line. A tie that
decides something is never settled here: the Result carries the `Tie`, and the Chair's
decision by lot comes back in as a `Lot`, recorded.
"""

import itertools
from dataclasses import dataclass, field
from fractions import Fraction

FPTP, EXHAUSTIVE, BLOCK, STV = "fptp", "exhaustive", "block", "stv"
METHODS = {
    FPTP: "First past the post",
    EXHAUSTIVE: "Exhaustive ballot (the lowest out each round)",
    BLOCK: "One round, each voter marks up to the number of places",
    STV: "Single transferable vote (ballots ranked)",
}
ELECT, ELIMINATE = "elect", "eliminate"


class CountError(ValueError):
    """Tellers' figures that cannot be right: the message says why, in plain English."""


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    woman: bool | None = None  # None: has not said; never counted as a woman


@dataclass(frozen=True)
class Tie:
    """Candidates level where it decides something: the Chair draws lots."""

    round: int
    kind: str  # ELECT: who takes the place; ELIMINATE: who goes out
    among: tuple  # candidate ids, sorted

    def describe(self, names):
        who = ", ".join(names[c] for c in self.among)
        what = "who is elected" if self.kind == ELECT else "who is eliminated"
        return f"Round {self.round}: {who} are level; the Chair decides by lot {what}."


@dataclass(frozen=True)
class Lot:
    """The Chair's decision of a tie by lot: `chosen` is elected (ELECT) or goes out (ELIMINATE)."""

    round: int
    kind: str
    among: tuple
    chosen: int

    def settles(self, tie):
        return (self.round, self.kind, tuple(sorted(self.among))) == (tie.round, tie.kind, tie.among)


@dataclass
class Result:
    elected: list = field(default_factory=list)  # candidate ids, in the order elected
    steps: list = field(default_factory=list)
    tie: Tie | None = None  # waiting for the Chair
    continuing: tuple | None = None  # exhaustive: who stands in the next round, still to count
    vacant: int = 0  # places left unfilled

    @property
    def declared(self):
        return self.tie is None and self.continuing is None


@dataclass(frozen=True)
class RoundCount:
    """One round as the tellers recorded it: the voters present and each candidate's votes."""

    present: int
    votes: dict  # candidate id -> votes


def _plural(n, one, many=None):
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _names(candidates):
    return {c.id: c.name for c in candidates}


def _tally_line(number, votes, names):
    ordered = sorted(votes.items(), key=lambda kv: (-kv[1], names[kv[0]]))
    return f"Round {number}: " + ", ".join(f"{names[c]} {_figure(v)}" for c, v in ordered) + "."


def _figure(value):
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{float(value):.2f}"
    return str(int(value))


def _lot_for(tie, lots):
    for lot in lots:
        if lot.settles(tie) and lot.chosen in tie.among:
            return lot.chosen
    return None


def _check_round(number, count, candidates, *, per_voter=1):
    known = {c.id for c in candidates}
    unknown = set(count.votes) - known
    if unknown:
        raise CountError(f"Round {number} counts votes for someone who is not a candidate in it.")
    if any(v < 0 for v in count.votes.values()):
        raise CountError(f"Round {number}: a candidate cannot have fewer than no votes.")
    if count.present < 1:
        raise CountError(f"Round {number}: record how many voters were present.")
    total = sum(count.votes.values())
    if per_voter == 1 and total > count.present:
        raise CountError(
            f"Round {number} counts {total} votes, but only "
            f"{_plural(count.present, 'voter was', 'voters were')} present."
        )
    for c in candidates:
        if count.votes.get(c.id, 0) > count.present:
            raise CountError(
                f"Round {number}: {c.name} has {count.votes[c.id]} votes, but only "
                f"{_plural(count.present, 'voter was', 'voters were')} present."
            )
    if per_voter > 1 and total > count.present * per_voter:
        raise CountError(
            f"Round {number} counts {total} votes, but {_plural(count.present, 'voter')} marking up to "
            f"{per_voter} each can cast at most {count.present * per_voter}."
        )


def _walk(order, seats, others_allowed, is_woman):
    """Down a strict order: a woman takes a place while places remain; anyone else only while
    fewer than `others_allowed` others hold one."""
    taken, others = [], 0
    for c in order:
        if len(taken) == seats:
            break
        if is_woman(c):
            taken.append(c)
        elif others < others_allowed:
            taken.append(c)
            others += 1
    return taken


def count_block(candidates, count, *, seats=1, women_needed=0, lots=(), round_number=1):
    """First past the post (one place) or a block vote (several): the most votes win, except
    that no more than `seats - women_needed` places go to candidates who are not women; the
    last places then go to the highest-placed women. With one place and `women_needed=1` the
    post is open to women only."""
    names = _names(candidates)
    by_id = {c.id: c for c in candidates}
    _check_round(round_number, count, candidates, per_voter=seats)
    votes = {c.id: count.votes.get(c.id, 0) for c in candidates}
    result = Result(steps=[_tally_line(round_number, votes, names)])
    women_needed = min(women_needed, seats)
    others_allowed = seats - women_needed
    is_woman = lambda cid: by_id[cid].woman is True  # noqa: E731
    ordered = []  # a strict order, lots deciding where a tie matters
    levels = [
        sorted(g, key=lambda cid: names[cid])
        for _, g in itertools.groupby(sorted(votes, key=lambda c: -votes[c]), key=lambda c: votes[c])
    ]
    for group in levels:
        group = list(group)
        while len(group) > 1 and not _decided(ordered, group, seats, others_allowed, is_woman):
            tie = Tie(round_number, ELECT, tuple(sorted(group)))
            chosen = _lot_for(tie, lots)
            if chosen is None:
                result.tie = tie
                result.steps.append(tie.describe(names))
                return result
            result.steps.append(
                f"{names[chosen]} is drawn by lot from {', '.join(names[c] for c in tie.among)}."
            )
            ordered.append(chosen)
            group.remove(chosen)
        ordered += group
    elected = _walk(ordered, seats, others_allowed, is_woman)
    result.elected = elected
    if women_needed:
        result.steps += _balance_steps(ordered, elected, seats, women_needed, votes, by_id)
    for place, cid in enumerate(elected, 1):
        word = "is elected" if seats == 1 else f"takes place {place} of {seats}"
        result.steps.append(f"{names[cid]} ({_plural(votes[cid], 'vote')}) {word}.")
    result.vacant = seats - len(elected)
    if result.vacant:
        result.steps.append(
            f"{_plural(result.vacant, 'place is', 'places are')} left vacant: "
            + ("no woman stood for them." if women_needed else "there were not enough candidates.")
        )
    return result


def _decided(ordered, group, seats, others_allowed, is_woman):
    """Whether the order within a level group changes who is elected (brute force: a level
    group at a CLP's AGM is small)."""
    before = _walk(ordered, seats, others_allowed, is_woman)
    if len(before) == seats:
        return True  # the places are filled before this level
    if len(_walk(ordered + group, seats, others_allowed, is_woman)) - len(before) == len(group):
        return True  # all of them are elected, in any order
    if len(group) > 7:
        return False
    outcomes = {
        frozenset(_walk(ordered + list(p), seats, others_allowed, is_woman))
        for p in itertools.permutations(group)
    }
    return len(outcomes) == 1


def _balance_steps(ordered, elected, seats, women_needed, votes, by_id):
    steps = []
    top = ordered[:seats]
    women_top = sum(1 for c in top if by_id[c].woman is True)
    if women_top >= women_needed:
        return [
            f"The {_plural(seats, 'place')} by votes include {_plural(women_top, 'woman', 'women')}; "
            f"the rule needs at least {women_needed}: met."
            if seats > 1
            else f"{by_id[top[0]].name} is a woman, as this post requires."
        ]
    if seats == 1:
        steps.append("This post is open to women only.")
    else:
        steps.append(
            f"The top {seats} by votes include only {_plural(women_top, 'woman', 'women')}; "
            f"the rule needs at least {women_needed}, so the last places go to the highest-placed women."
        )
    for c in top:
        if c not in elected:
            reason = (
                "has not said whether they count as a woman" if by_id[c].woman is None else "is not a woman"
            )
            steps.append(f"{by_id[c].name} ({_plural(votes[c], 'vote')}) {reason} and is not elected.")
    for c in elected:
        if c not in top:
            steps.append(
                f"{by_id[c].name} ({_plural(votes[c], 'vote')}), the highest-placed woman not yet elected, "
                "takes a place."
            )
    return steps


def count_fptp(candidates, count, *, women_only=False, lots=()):
    """One place, one round: the most votes wins (open to women only when the rules say so)."""
    return count_block(candidates, count, seats=1, women_needed=1 if women_only else 0, lots=lots)


def count_exhaustive(candidates, rounds, *, lots=()):
    """One place, round after round: a candidate with more than half the votes cast is
    elected; otherwise the lowest is eliminated and the tellers count again. `rounds` are the
    tellers' counts so far; while nobody is elected the Result names who continues."""
    names = _names(candidates)
    continuing = [c.id for c in candidates]
    result = Result()
    if not rounds:
        raise CountError("Record the first round's count.")
    if len(continuing) == 1:
        result.elected = continuing
        result.steps.append(f"{names[continuing[0]]} is the only candidate and is elected unopposed.")
        return result
    for number, count in enumerate(rounds, 1):
        if result.elected:
            raise CountError(f"Round {number} is not needed: the post was decided in round {number - 1}.")
        standing = [c for c in candidates if c.id in continuing]
        missing = [names[c] for c in continuing if c not in count.votes]
        extra = [names.get(c, "someone else") for c in count.votes if c not in continuing]
        if extra:
            raise CountError(
                f"Round {number} counts {', '.join(extra)}, "
                f"who {'is' if len(extra) == 1 else 'are'} no longer standing: "
                "each round leaves out the candidate eliminated in the round before."
            )
        if missing:
            raise CountError(f"Round {number}: record the votes for {', '.join(missing)}.")
        _check_round(number, count, standing)
        votes = {c: count.votes[c] for c in continuing}
        total = sum(votes.values())
        if total == 0:
            raise CountError(f"Round {number} records no votes.")
        result.steps.append(_tally_line(number, votes, names) + f" {_plural(total, 'vote')} cast.")
        top = max(votes.values())
        leaders = [c for c in continuing if votes[c] == top]
        if top * 2 > total:
            result.elected = leaders
            result.steps.append(
                f"{names[leaders[0]]} has more than half the votes cast ({top} of {total}) and is elected."
            )
            continue
        low = min(votes.values())
        lowest = sorted((c for c in continuing if votes[c] == low), key=lambda c: names[c])
        if len(continuing) == 2 and len(lowest) == 2:
            tie = Tie(number, ELECT, tuple(sorted(lowest)))
            chosen = _lot_for(tie, lots)
            if chosen is None:
                result.tie = tie
                result.steps.append(tie.describe(names))
                return result
            result.elected = [chosen]
            result.steps.append(f"{names[chosen]} is drawn by lot and is elected.")
            continue
        out = lowest[0]
        if len(lowest) > 1:
            tie = Tie(number, ELIMINATE, tuple(sorted(lowest)))
            out = _lot_for(tie, lots)
            if out is None:
                result.tie = tie
                result.steps.append(tie.describe(names))
                return result
            result.steps.append(f"{names[out]} is drawn by lot to be eliminated.")
        continuing.remove(out)
        result.steps.append(
            f"Nobody has more than half; {names[out]} has the fewest votes ({low}) and is eliminated."
        )
        if len(continuing) == 1:
            result.elected = continuing[:]
            result.steps.append(f"{names[continuing[0]]} is the only candidate left and is elected.")
    if not result.elected:
        result.continuing = tuple(continuing)
        result.steps.append(
            f"Round {len(rounds) + 1} is between {', '.join(names[c] for c in continuing)}: "
            "the tellers count again."
        )
    return result


def count_stv(candidates, ballots, *, seats, present, women_needed=0, lots=()):
    """The single transferable vote for several places (a delegation): the Droop quota, whole
    surpluses passed on at a fraction of their value (the Gregory method, exact fractions),
    the lowest excluded when nobody reaches the quota. Balance: once the places left are no
    more than the women still needed, every candidate who is not a woman is excluded and
    their votes pass on, so the last places go to the highest-placed women.

    ballots: one tuple of candidate ids per ballot paper, first preference first."""
    names = _names(candidates)
    by_id = {c.id: c for c in candidates}
    if len(ballots) > present:
        raise CountError(
            f"{_plural(len(ballots), 'ballot paper')} recorded, but only "
            f"{_plural(present, 'voter was', 'voters were')} present."
        )
    for n, ranking in enumerate(ballots, 1):
        if not ranking:
            raise CountError(f"Ballot {n} has no preference marked.")
        if len(set(ranking)) != len(ranking):
            raise CountError(f"Ballot {n} gives one candidate two preferences.")
        if set(ranking) - set(names):
            raise CountError(f"Ballot {n} names someone who is not a candidate.")
    if not ballots:
        raise CountError("Record the ballot papers.")
    quota = len(ballots) // (seats + 1) + 1
    result = Result(
        steps=[
            f"{_plural(len(ballots), 'valid ballot paper')}, {_plural(seats, 'place')}: the quota is {quota}."
        ]
    )
    women_needed = min(women_needed, seats)
    papers = [[list(r), Fraction(1)] for r in ballots]
    continuing = [c.id for c in candidates]
    stage = 0

    def top_of(paper):
        for cid in paper[0]:
            if cid in continuing:
                return cid
        return None

    while len(result.elected) < seats and continuing:
        stage += 1
        if stage > 3 * len(candidates) + 3:  # each stage elects or excludes someone
            raise CountError("The count did not finish: report this as a fault.")
        seats_left = seats - len(result.elected)
        women_left = max(women_needed - sum(1 for c in result.elected if by_id[c].woman is True), 0)
        if women_left and women_left >= seats_left:
            excluded = [c for c in continuing if by_id[c].woman is not True]
            if excluded:
                for c in excluded:
                    continuing.remove(c)
                result.steps.append(
                    f"Stage {stage}: {_plural(seats_left, 'place is', 'places are')} left and "
                    f"{_plural(women_left, 'woman is', 'women are')} still needed: "
                    f"{', '.join(names[c] for c in excluded)} "
                    f"{'is' if len(excluded) == 1 else 'are'} excluded and their votes pass on."
                )
                continue
        if len(continuing) <= seats_left:
            for c in sorted(continuing, key=lambda c: names[c]):
                result.elected.append(c)
                result.steps.append(
                    f"Stage {stage}: {names[c]} is elected, one of as many candidates as places left."
                )
            continuing.clear()
            break
        tally = {c: Fraction(0) for c in continuing}
        for paper in papers:
            cid = top_of(paper)
            if cid is not None:
                tally[cid] += paper[1]
        result.steps.append(_tally_line(stage, tally, names).replace("Round", "Stage", 1))
        reached = sorted((c for c in continuing if tally[c] >= quota), key=lambda c: (-tally[c], names[c]))
        if reached:
            for c in reached:
                seats_left = seats - len(result.elected)
                women_left = max(women_needed - sum(1 for e in result.elected if by_id[e].woman is True), 0)
                if by_id[c].woman is not True and women_left >= seats_left:
                    continue  # excluded at the next stage with the others who are not women
                result.elected.append(c)
                result.steps.append(f"{names[c]} reaches the quota ({_figure(tally[c])}) and is elected.")
                factor = (tally[c] - quota) / tally[c]
                for paper in papers:
                    if top_of(paper) == c:
                        paper[1] *= factor
                continuing.remove(c)
                if factor:
                    result.steps.append(f"{names[c]}'s surplus of {_figure(tally[c] - quota)} passes on.")
            continue
        low = min(tally.values())
        lowest = sorted((c for c in continuing if tally[c] == low), key=lambda c: names[c])
        out = lowest[0]
        if len(lowest) > 1:
            tie = Tie(stage, ELIMINATE, tuple(sorted(lowest)))
            out = _lot_for(tie, lots)
            if out is None:
                result.tie = tie
                result.steps.append(tie.describe(names).replace("Round", "Stage", 1))
                return result
            result.steps.append(f"{names[out]} is drawn by lot to be excluded.")
        continuing.remove(out)
        result.steps.append(
            f"Nobody reaches the quota; {names[out]} has the fewest votes ({_figure(low)}) and is excluded."
        )
    result.vacant = seats - len(result.elected)
    if result.vacant:
        result.steps.append(
            f"{_plural(result.vacant, 'place is', 'places are')} left vacant"
            + (": not enough women stood." if women_needed else ".")
        )
    return result


def open_to_women_only(*, rule_name, minimum, women_so_far, places_left):
    """Posts elected one after another: before each ballot, (women only?, what to say).

    women_so_far: women holding the rule's posts from this AGM's earlier ballots or
    continuing in office; places_left: the rule's places still to elect, this one included."""
    needed = max(minimum - women_so_far, 0)
    if not needed:
        return False, f"{rule_name}: met already ({_plural(women_so_far, 'woman', 'women')})."
    if places_left > needed:
        return False, (
            f"{rule_name}: {_plural(women_so_far, 'woman', 'women')} so far, {needed} still needed, "
            f"{_plural(places_left, 'place')} left to elect."
        )
    message = (
        f"{rule_name}: {_plural(women_so_far, 'woman', 'women')} so far and {needed} still needed, with "
        f"{_plural(places_left, 'place')} left to elect: this ballot is open to women only."
    )
    if places_left < needed:
        message += " Even so the rule cannot be met at this AGM."
    return True, message

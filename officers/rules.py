"""The balance rules of a CLP's Standing Orders, judged over plain data.

Nothing here touches the database: the selectors turn posts, terms and BalanceRule rows into
the dataclasses below, and `evaluate` returns one Finding per rule (per post for the rules
that judge each post on its own). A rule is never passed on data we do not have: a holder
who has not said whether they count as a woman, or a Youth Officer with no date of birth,
makes the finding "unknown".
"""

import datetime
from dataclasses import dataclass, field, replace

OK, WARNING, UNKNOWN, BREACH = "ok", "warning", "unknown", "breach"
SEVERITY = {OK: 0, UNKNOWN: 1, WARNING: 2, BREACH: 3}

MIN_WOMEN = "min_women"
WOMAN_HOLDER = "woman_holder"
MAX_AGE = "max_age"
BALANCE = "balance"
SINGLE_DELEGATE_ALTERNATES = "single_delegate_alternates"
DELEGATION_HALF_WOMEN = "delegation_half_women"
SHARED_AT_MOST = "shared_at_most"
KINDS = {
    MIN_WOMEN: "At least N women among these posts",
    WOMAN_HOLDER: "Each of these posts must be held by a woman",
    MAX_AGE: "The holder must be under an age on the date of election",
    BALANCE: "Gender balance among these posts as far as possible (a warning only)",
    SINGLE_DELEGATE_ALTERNATES: "A single delegate must be a woman at least every other year",
    DELEGATION_HALF_WOMEN: "A delegation of more than one must be at least half women",
    SHARED_AT_MOST: "Each of these posts is shared by at most N people",
}


@dataclass(frozen=True)
class Holder:
    person_id: int
    name: str
    woman: bool | None = None  # None: the person has not said
    date_of_birth: datetime.date | None = None


@dataclass(frozen=True)
class TermData:
    post_id: int
    holder: Holder
    starts_on: datetime.date  # for elected posts, the date of election
    ends_on: datetime.date | None = None  # the last day in office

    def holds_on(self, on):
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


@dataclass(frozen=True)
class PostData:
    id: int
    name: str
    max_holders: int = 1


@dataclass(frozen=True)
class RuleData:
    id: int
    name: str
    kind: str
    post_ids: tuple
    minimum: int | None = None
    age: int | None = None
    hard: bool = True
    source: str = ""
    counts: str = "people"  # MIN_WOMEN: "people" (different women) or "places" (posts held by women)
    maximum: int | None = None  # SHARED_AT_MOST: the most people who may share each post

    @property
    def blocks(self):
        return self.hard and self.kind != BALANCE


@dataclass(frozen=True)
class Finding:
    rule_id: int
    rule_name: str
    status: str
    message: str
    hard: bool
    post_ids: tuple = ()

    @property
    def blocking(self):
        return self.hard and self.status == BREACH


@dataclass(frozen=True)
class Change:
    """A proposed result: from `starts_on`, `post_id` is held by `holders` (none: vacant),
    replacing whoever held it."""

    post_id: int
    holders: tuple
    starts_on: datetime.date


@dataclass
class Roster:
    posts: dict  # post id -> PostData
    terms: list = field(default_factory=list)  # TermData, current and past

    def holders(self, post_id, on):
        return [t for t in self.terms if t.post_id == post_id and t.holds_on(on)]

    def with_changes(self, changes):
        """The roster as it would be if `changes` were made (nothing is saved)."""
        terms = list(self.terms)
        for change in changes:
            day_before = change.starts_on - datetime.timedelta(days=1)
            kept = []
            for t in terms:
                if t.post_id != change.post_id:
                    kept.append(t)
                elif t.starts_on >= change.starts_on:
                    continue  # superseded by the change
                elif t.holds_on(change.starts_on):
                    kept.append(replace(t, ends_on=day_before))
                else:
                    kept.append(t)
            kept += [TermData(change.post_id, h, change.starts_on) for h in change.holders]
            terms = kept
        return Roster(posts=self.posts, terms=terms)


@dataclass(frozen=True)
class Check:
    on: datetime.date
    findings: tuple

    @property
    def status(self):
        if not self.findings:
            return OK
        return max((f.status for f in self.findings), key=SEVERITY.get)

    @property
    def breaches(self):
        return [f for f in self.findings if f.blocking]

    @property
    def counts(self):
        return {s: sum(1 for f in self.findings if f.status == s) for s in (OK, WARNING, UNKNOWN, BREACH)}


def evaluate(rules, roster, on):
    """Judge every rule on the roster as of `on`."""
    findings = []
    for rule in rules:
        findings += JUDGES[rule.kind](rule, roster, on)
    return Check(on=on, findings=tuple(findings))


def _finding(rule, status, message, post_ids=None):
    if status == BREACH and not rule.blocks:
        status = WARNING  # a soft rule never breaches: it warns
    return Finding(rule.id, rule.name, status, message, rule.blocks, tuple(post_ids or rule.post_ids))


def _plural(n, one, many=None):
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _seats(rule, roster, on):
    """(held seats as TermData, number of vacant seats) among the rule's posts."""
    held, vacant = [], 0
    for post_id in rule.post_ids:
        post = roster.posts[post_id]
        holders = roster.holders(post_id, on)
        held += holders
        vacant += max(post.max_holders - len(holders), 0)
    return held, vacant


PEOPLE, PLACES = "people", "places"


def judge_min_women(rule, roster, on):
    """At least N women among the posts.

    Rule books word this two ways, and the rule says which it means (`counts`):
    "at least three of the officers must be women" counts different women (PEOPLE: a woman
    who holds two of the posts is one woman, so doubling up cannot meet the quota), while
    "at least three of the positions must be held by women" counts places (PLACES: she fills
    two of them). The two readings differ only when one woman holds several of the posts,
    and the message then says so.
    """
    held, vacant = _seats(rule, roster, on)
    seats = len(held) + vacant
    places = sum(1 for t in held if t.holder.woman is True)
    if rule.counts == PLACES:
        women = places
        unknown = sum(1 for t in held if t.holder.woman is None)
    else:
        women = len({t.holder.person_id for t in held if t.holder.woman is True})
        unknown = len({t.holder.person_id for t in held if t.holder.woman is None})
    held_by = "is held by a woman" if places == 1 else "are held by women"
    text = f"{places} of the {_plural(seats, 'post')} {held_by}"
    if women != places:
        doubled = {}
        for t in held:
            if t.holder.woman is True:
                doubled[t.holder.name] = doubled.get(t.holder.name, 0) + 1
        who = ", ".join(f"{name} holds {n}" for name, n in doubled.items() if n > 1)
        text += f", but by only {_plural(women, 'woman', 'women')} ({who})"
    need = f"the rules require at least {rule.minimum}" + (
        f" {'woman' if rule.minimum == 1 else 'women'}" if women != places else ""
    )
    shortfall = rule.minimum - women
    if shortfall <= 0:
        return [_finding(rule, OK, f"{text}; {need}.")]
    if unknown + vacant < shortfall:
        return [_finding(rule, BREACH, f"{text}; {need}.")]
    if unknown:
        return [
            _finding(
                rule,
                UNKNOWN,
                f"{text}; {need}. {_plural(unknown, 'holder has', 'holders have')} not said whether "
                "they count as a woman, so this cannot be judged.",
            )
        ]
    return [
        _finding(
            rule,
            WARNING,
            f"{text}; {need}. {_plural(vacant, 'post is', 'posts are')} vacant: "
            f"at least {shortfall} of them must go to a woman.",
        )
    ]


def judge_woman_holder(rule, roster, on):
    findings = []
    for post_id in rule.post_ids:
        post = roster.posts[post_id]
        holders = roster.holders(post_id, on)
        if not holders:
            findings.append(
                _finding(rule, WARNING, f"{post.name} is vacant; it must go to a woman.", [post_id])
            )
        for t in holders:
            name = t.holder.name
            if t.holder.woman is True:
                findings.append(_finding(rule, OK, f"{post.name} is held by a woman ({name}).", [post_id]))
            elif t.holder.woman is None:
                findings.append(
                    _finding(
                        rule,
                        UNKNOWN,
                        f"{post.name} must be held by a woman; {name} has not said whether they count "
                        "as a woman.",
                        [post_id],
                    )
                )
            else:
                findings.append(
                    _finding(rule, BREACH, f"{post.name} must be held by a woman; {name} is not.", [post_id])
                )
    return findings


def age_on(date_of_birth, on):
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def judge_max_age(rule, roster, on):
    findings = []
    for post_id in rule.post_ids:
        post = roster.posts[post_id]
        for t in roster.holders(post_id, on):
            name, dob = t.holder.name, t.holder.date_of_birth
            if dob is None:
                message = (
                    f"The {post.name} must be under {rule.age} on the date of election; we have no date "
                    f"of birth for {name}."
                )
                findings.append(_finding(rule, UNKNOWN, message, [post_id]))
                continue
            age = age_on(dob, t.starts_on)
            status = OK if age < rule.age else BREACH
            message = (
                f"{name} was {age} when elected {post.name} on {t.starts_on:%-d %B %Y}; "
                f"the rules require under {rule.age}."
            )
            findings.append(_finding(rule, status, message, [post_id]))
    if not findings:
        findings.append(_finding(rule, OK, "Vacant: no holder to judge."))
    return findings


def judge_balance(rule, roster, on):
    held, _vacant = _seats(rule, roster, on)
    women = sum(1 for t in held if t.holder.woman is True)
    others = sum(1 for t in held if t.holder.woman is False)
    unknown = len(held) - women - others
    text = f"{_plural(women, 'woman', 'women')} and {_plural(others, 'other')} hold these posts"
    if unknown:
        text += f" ({_plural(unknown, 'holder has', 'holders have')} not said)"
    if abs(women - others) <= 1:
        return [_finding(rule, OK, f"{text}: balanced.")]
    if unknown and abs(women - others) - unknown <= 1:
        return [_finding(rule, UNKNOWN, f"{text}: cannot tell whether it is balanced.")]
    return [_finding(rule, WARNING, f"{text}: the rules ask for balance as far as possible.")]


def judge_single_delegate_alternates(rule, roster, on):
    """Party rules: where a single delegate is elected, a woman at least every other year.
    Judged over the *terms* held, not calendar dates: today's term and the term before it,
    however far the AGM's date moved between them."""
    findings = []
    for post_id in rule.post_ids:
        post = roster.posts[post_id]
        now = roster.holders(post_id, on)
        if not now:
            findings.append(_finding(rule, OK, f"{post.name} is vacant.", [post_id]))
            continue
        started = min(t.starts_on for t in now)
        earlier = [t for t in roster.terms if t.post_id == post_id and t.starts_on < started]
        before = [t for t in earlier if t.starts_on == max(e.starts_on for e in earlier)] if earlier else []
        status, message = _alternation(post.name, now, before)
        findings.append(_finding(rule, status, message, [post_id]))
    return findings


def _alternation(post_name, now, before):
    if any(t.holder.woman for t in now):
        return OK, f"{post_name} is held by a woman this term."
    if not before:
        return OK, f"{post_name} has no earlier term on record, so this one need not go to a woman."
    then = before[0]
    if any(t.holder.woman for t in before):
        return (
            OK,
            f"{post_name} was held by a woman the term before "
            f"({then.holder.name}, from {then.starts_on:%-d %B %Y}).",
        )
    if any(t.holder.woman is None for t in now + before):
        return UNKNOWN, f"{post_name}: cannot tell whether a woman held it this term or the term before."
    return BREACH, (
        f"{post_name} was held by {then.holder.name} the term before (from {then.starts_on:%-d %B %Y}) "
        f"and is held by {now[0].holder.name} this term; a single delegate must be a woman at least every "
        "other year, judged term by term."
    )


def judge_delegation_half_women(rule, roster, on):
    """A delegation of more than one place: at least half women. Vacant places are judged
    too: the message names how many of them must go to women."""
    findings = []
    for post_id in rule.post_ids:
        post = roster.posts[post_id]
        held = roster.holders(post_id, on)
        places = max(post.max_holders, len(held))
        if places < 2:
            continue
        vacant = places - len(held)
        needed = (places + 1) // 2
        women = sum(1 for t in held if t.holder.woman is True)
        unknown = sum(1 for t in held if t.holder.woman is None)
        text = f"{women} of the {places} {post.name} places are held by women; at least {needed} must be"
        short = needed - women
        if short <= 0:
            findings.append(_finding(rule, OK, f"{text}.", [post_id]))
        elif women + unknown + vacant < needed:
            findings.append(_finding(rule, BREACH, f"{text}.", [post_id]))
        elif unknown and short > vacant:
            findings.append(_finding(rule, UNKNOWN, f"{text} ({unknown} not known).", [post_id]))
        else:
            who = "a woman" if short == 1 else "women"
            must = f"{short} of the {_plural(vacant, 'vacant place')} must go to {who}"
            findings.append(_finding(rule, WARNING, f"{text}: {must}.", [post_id]))
    if not findings:
        findings.append(_finding(rule, OK, "No delegation of more than one to judge."))
    return findings


def judge_shared_at_most(rule, roster, on):
    """Rule book 2023: a post may be shared by at most two people (the Chair and the Treasurer
    by none): each post's holders on the day, against `maximum`."""
    findings = []
    for post_id in rule.post_ids:
        post = roster.posts[post_id]
        held = roster.holders(post_id, on)
        limit = rule.maximum or 1
        allowed = "may not be shared" if limit == 1 else f"may be shared by at most {limit} people"
        status = OK if len(held) <= limit else BREACH
        findings.append(
            _finding(
                rule,
                status,
                f"{post.name} {allowed}; {_plural(len(held), 'person holds', 'people hold')} it.",
                [post_id],
            )
        )
    return findings


JUDGES = {
    MIN_WOMEN: judge_min_women,
    WOMAN_HOLDER: judge_woman_holder,
    MAX_AGE: judge_max_age,
    BALANCE: judge_balance,
    SINGLE_DELEGATE_ALTERNATES: judge_single_delegate_alternates,
    DELEGATION_HALF_WOMEN: judge_delegation_half_women,
    SHARED_AT_MOST: judge_shared_at_most,
}


def blocking_findings(check, changed_post_ids):
    """Hard breaches that touch a post being changed: these block recording the change."""
    changed = set(changed_post_ids)
    return [f for f in check.breaches if changed & set(f.post_ids)]

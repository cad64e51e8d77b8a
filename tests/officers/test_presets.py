"""Each preset: a roster that passes, and rosters that break each of its rules."""

import datetime

import pytest

from officers import rules, selectors, services
from officers.models import BalanceRule, Post
from officers.presets import PRESETS
from officers.rules import BREACH, OK, WARNING, Holder, PostData, Roster, RuleData, TermData

AGM = datetime.date(2026, 3, 14)
LAST_AGM = datetime.date(2025, 3, 14)
ON = AGM + datetime.timedelta(days=30)
YOUNG = datetime.date(2004, 1, 1)

# Who is a woman in a roster that meets every rule of the preset.
PASSING_WOMEN = {
    "rule-book-2023": {"chair", "secretary", "womens-officer", "conference-delegate"},
    "national-model": {
        "chair",
        "secretary",
        "vice-chair-membership",
        "womens-officer",
        "conference-delegate",
    },
    "suffolk-coastal": {
        # first six: 3 women; voting members: 7 women
        "chair",
        "treasurer",
        "womens-officer",
        "equality-officer",
        "policy-officer",
        "branch-delegate-1",
        "branch-delegate-3",
        # non-voting: 4 of 8
        "political-education-coordinator",
        "environment-coordinator",
        "contact-creator-administrator",
        "minute-secretary",
        "conference-delegate",
    },
    "broadland": {"chair", "secretary", "womens-officer", "conference-delegate"},
    "party-model-clp": {"chair", "secretary", "womens-officer", "conference-delegate"},
    "party-model-branch": {"chair", "secretary"},
}


class World:
    """A preset as plain data, with a roster filled from the AGM (and a year of history)."""

    def __init__(self, key):
        self.preset = PRESETS[key]
        self.ids = {spec.slug: n for n, spec in enumerate(self.preset.posts, 1)}
        self.posts = {
            n: PostData(n, spec.name, spec.max_holders)
            for spec, n in zip(self.preset.posts, self.ids.values(), strict=True)
        }
        self.rules = [
            RuleData(
                n,
                spec.name,
                spec.kind,
                tuple(self.ids[s] for s in spec.posts),
                spec.minimum,
                spec.age,
                spec.hard,
                counts=spec.counts,
                maximum=spec.maximum,
            )
            for n, spec in enumerate(self.preset.rules, 1)
        ]
        women = PASSING_WOMEN[key]
        self.holders = {}
        for spec in self.preset.posts:
            if spec.max_holders > 1:  # a delegation: half women
                self.holders[spec.slug] = [
                    self.person(spec.slug, i, woman=i % 2 == 0) for i in range(spec.max_holders)
                ]
            else:
                self.holders[spec.slug] = [self.person(spec.slug, 0, woman=spec.slug in women)]
        # Last year's holders: a man everywhere, so the single-delegate rule needs a woman now.
        self.history = [
            TermData(n, self.person(slug, 9, woman=False), LAST_AGM, AGM - datetime.timedelta(days=1))
            for slug, n in self.ids.items()
        ]

    def person(self, slug, i, woman):
        n = self.ids[slug] * 10 + i
        return Holder(n, f"{slug} {i}", woman=woman, date_of_birth=YOUNG)

    def roster(self):
        terms = list(self.history)
        terms += [TermData(self.ids[slug], h, AGM) for slug, hs in self.holders.items() for h in hs]
        return Roster(posts=self.posts, terms=terms)

    def check(self):
        return rules.evaluate(self.rules, self.roster(), ON)

    def break_rule(self, rule):
        """Change the roster so that `rule` (and perhaps others) is broken."""
        slugs = [slug for slug, n in self.ids.items() if n in rule.post_ids]
        for slug in slugs:
            hs = self.holders[slug]
            if rule.kind == rules.BALANCE:
                self.holders[slug] = [Holder(h.person_id, h.name, True, h.date_of_birth) for h in hs]
            elif rule.kind == rules.SHARED_AT_MOST:
                extra = rule.maximum + 1 - len(hs)
                self.holders[slug] = hs + [self.person(slug, 5 + i, woman=True) for i in range(extra)]
            elif rule.kind == rules.MAX_AGE:
                self.holders[slug] = [
                    Holder(h.person_id, h.name, h.woman, datetime.date(1980, 1, 1)) for h in hs
                ]
            else:
                self.holders[slug] = [Holder(h.person_id, h.name, False, h.date_of_birth) for h in hs]


@pytest.mark.parametrize("key", PRESETS)
def test_a_roster_that_meets_the_preset_passes_every_rule(key):
    check = World(key).check()
    assert [f.message for f in check.findings if f.status != OK] == []


CASES = [(key, n) for key, preset in PRESETS.items() for n in range(len(preset.rules))]


@pytest.mark.parametrize(("key", "n"), CASES, ids=[f"{k}-{PRESETS[k].rules[n].kind}" for k, n in CASES])
def test_a_roster_that_breaks_a_rule_is_reported(key, n):
    world = World(key)
    rule = world.rules[n]
    world.break_rule(rule)
    findings = [f for f in world.check().findings if f.rule_id == rule.id]
    expected = WARNING if rule.kind == rules.BALANCE else BREACH
    assert expected in {f.status for f in findings}, findings


def test_suffolk_coastal_message_names_the_shortfall():
    world = World("suffolk-coastal")
    for slug in ("chair", "treasurer"):
        world.holders[slug] = [world.person(slug, 0, woman=False)]
    findings = {f.rule_name: f for f in world.check().findings}
    first_six = findings["At least three of the first six officers are women"]
    assert first_six.status == BREACH
    assert first_six.message == "1 of the 6 posts is held by a woman; the rules require at least 3."


@pytest.mark.django_db
@pytest.mark.parametrize("key", PRESETS)
def test_loading_a_preset_twice_creates_its_posts_and_rules_once(key, branch_a):
    services.preset_load(key=key)
    services.preset_load(key=key)
    preset = PRESETS[key]
    assert BalanceRule.objects.filter(preset=key, active=True).count() == len(preset.rules)
    scope = Post.Scope.BRANCH if preset.branch else Post.Scope.CLP
    assert Post.objects.filter(scope=scope).count() == len(preset.posts)
    for rule in BalanceRule.objects.filter(preset=key):
        assert rule.posts.exists()


@pytest.mark.django_db
def test_loading_another_rule_book_switches_the_old_rules_off():
    services.preset_load(key="national-model")
    services.preset_load(key="suffolk-coastal")
    assert not BalanceRule.objects.filter(preset="national-model", active=True).exists()
    assert selectors.balance_check(on=AGM).findings  # Suffolk's rules are judged
    assert {f.rule_name for f in selectors.balance_check(on=AGM).findings} == {
        r.name for r in PRESETS["suffolk-coastal"].rules
    }


def _names(key, slugs=None):
    preset = PRESETS[key]
    by_slug = {p.slug: p for p in preset.posts}
    return [by_slug[s].name for s in (slugs if slugs is not None else by_slug)]


def _rule(key, kind, n=0):
    return [r for r in PRESETS[key].rules if r.kind == kind][n]


def test_the_national_model_has_its_eight_key_posts_and_three_rules_as_seed_000_says():
    rule = _rule("national-model", BalanceRule.Kind.MIN_WOMEN)
    assert _names("national-model", rule.posts) == [
        "Chair",
        "Deputy Chair",
        "Secretary",
        "Treasurer",
        "Vice-Chair (Membership)",
        "Vice-Chair (Policy)",
        "Women's Officer",
        "Youth Officer",
    ]
    assert (rule.minimum, rule.counts) == (4, "people")
    assert _rule("national-model", BalanceRule.Kind.WOMAN_HOLDER).posts == ("womens-officer",)
    assert _rule("national-model", BalanceRule.Kind.MAX_AGE).age == 27
    # and the rule book's own: a single delegate, a delegation
    assert len(PRESETS["national-model"].rules) == 5
    # The functional officer posts are there but not on the ECC and under no rule.
    assert _names("national-model")[8:14] == [
        "Membership Officer",
        "Campaigns Officer",
        "Political Education Officer",
        "Ethnic Minority Officer",
        "Trade Union Liaison Officer",
        "Disability Officer",
    ]


def test_suffolk_coastal_has_the_voting_and_non_voting_members_of_seed_003():
    preset = PRESETS["suffolk-coastal"]
    voting = [p.name for p in preset.posts if p.ec == Post.EC.VOTING]
    non_voting = [p.name for p in preset.posts if p.ec == Post.EC.NON_VOTING]
    assert voting == [
        "Chair",
        "Vice Chair",
        "Treasurer",
        "Secretary",
        "Membership Officer",
        "Women's Officer",
        "Equality & Diversity Officer",
        "TULO Officer",
        "Policy Officer",
        "Youth Officer",
        "Communications, Social Media & IT Officer",
        "Branch delegate 1",
        "Branch delegate 2",
        "Branch delegate 3",
        "Branch delegate 4",
    ]
    assert non_voting == [
        "Campaign Co-ordinator",
        "Political Education Co-ordinator",
        "Community Involvement Co-ordinator",
        "Environment Co-ordinator",
        "International Co-ordinator",
        "Fundraising Co-ordinator",
        "Contact Creator Local Administrator",
        "Minute Secretary",
    ]
    first_six = _rule("suffolk-coastal", BalanceRule.Kind.MIN_WOMEN, 0)
    all_voting = _rule("suffolk-coastal", BalanceRule.Kind.MIN_WOMEN, 1)
    assert _names("suffolk-coastal", first_six.posts) == voting[:6]
    assert (first_six.minimum, first_six.counts) == (3, "places")  # "positions ... held by women"
    assert _names("suffolk-coastal", all_voting.posts) == voting
    assert (all_voting.minimum, all_voting.counts) == (7, "people")  # "members ... must be women"
    balance = _rule("suffolk-coastal", BalanceRule.Kind.BALANCE)
    assert _names("suffolk-coastal", balance.posts) == non_voting and not balance.hard
    assert len(preset.rules) == 7  # the Youth Officer under 27, and the rule book's own three


def test_broadland_has_six_key_officers_and_eight_more_all_voting():
    preset = PRESETS["broadland"]
    assert len(preset.posts) == 16  # with the rule book's two delegations
    assert {p.ec for p in preset.posts[:14]} == {Post.EC.VOTING}
    rule = _rule("broadland", BalanceRule.Kind.MIN_WOMEN)
    assert _names("broadland", rule.posts) == [
        "Chair",
        "Vice-Chair",
        "Vice-Chair (Membership)",
        "Secretary",
        "Treasurer",
        "Women's Officer",
    ]
    assert rule.minimum == 3
    assert len(preset.rules) == 5


def test_the_party_model_rules_for_clp_and_branch_officers():
    clp = PRESETS["party-model-clp"]
    assert [r.kind for r in clp.rules] == [
        BalanceRule.Kind.MIN_WOMEN,
        BalanceRule.Kind.SINGLE_DELEGATE_ALTERNATES,
        BalanceRule.Kind.DELEGATION_HALF_WOMEN,
        BalanceRule.Kind.WOMAN_HOLDER,  # the rule book's own, whatever the Standing Orders say
    ]
    assert clp.superseded_by == "rule-book-2023"
    assert len(clp.rules[0].posts) == 6 and clp.rules[0].minimum == 3
    branch = PRESETS["party-model-branch"]
    assert [p.name for p in branch.posts] == [
        "Branch Chair",
        "Branch Vice-Chair",
        "Branch Secretary",
        "Branch Treasurer",
    ]
    [rule] = branch.rules
    assert (rule.kind, rule.minimum, len(rule.posts)) == (BalanceRule.Kind.MIN_WOMEN, 2, 4)


MIN_WOMEN_CASES = [
    (key, n)
    for key, preset in PRESETS.items()
    for n, r in enumerate(preset.rules)
    if r.kind == rules.MIN_WOMEN
]


@pytest.mark.parametrize(("key", "n"), MIN_WOMEN_CASES, ids=[f"{k}-{n}" for k, n in MIN_WOMEN_CASES])
def test_one_woman_short_of_each_minimum_is_a_breach_and_exactly_the_minimum_passes(key, n):
    world = World(key)
    rule = world.rules[n]
    slugs = [slug for slug, pk in world.ids.items() if pk in rule.post_ids]
    world.holders = {
        slug: [world.person(slug, i, woman=False) for i in range(len(hs))]
        for slug, hs in world.holders.items()
    }
    for slug in slugs[: rule.minimum]:
        world.holders[slug] = [world.person(slug, 0, woman=True)]
    [finding] = [f for f in world.check().findings if f.rule_id == rule.id]
    assert finding.status == OK, finding.message
    world.holders[slugs[rule.minimum - 1]] = [world.person(slugs[rule.minimum - 1], 0, woman=False)]
    [finding] = [f for f in world.check().findings if f.rule_id == rule.id]
    assert finding.status == BREACH, finding.message
    assert f"the rules require at least {rule.minimum}" in finding.message

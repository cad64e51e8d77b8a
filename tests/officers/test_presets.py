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
    "national-model": {"chair", "secretary", "vice-chair-membership", "womens-officer"},
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
    },
    "broadland": {"chair", "secretary", "womens-officer"},
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

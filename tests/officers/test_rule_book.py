"""The rule book in force: the 2023 preset, the rules every preset carries, and the AGM refusal."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from officers import selectors, services
from officers.models import BalanceRule, Post
from officers.presets import PRESETS
from tests.factories.officers import BalanceRuleFactory, PersonFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_the_2023_rule_book_has_six_officers_three_women_and_sharing_limits():
    preset = PRESETS["rule-book-2023"]
    by_kind = {}
    for rule in preset.rules:
        by_kind.setdefault(rule.kind, []).append(rule)
    [executive] = by_kind[BalanceRule.Kind.MIN_WOMEN]
    assert (len(executive.posts), executive.minimum) == (6, 3)
    shared = {r.maximum: set(r.posts) for r in by_kind[BalanceRule.Kind.SHARED_AT_MOST]}
    assert shared[1] == {"chair", "treasurer"}
    assert "chair" not in shared[2] and "treasurer" not in shared[2]
    bame = next(p for p in preset.posts if p.slug == "bame-officer")
    assert bame.must_belong_to == "BAME members"


@pytest.mark.parametrize("key", [k for k, p in PRESETS.items() if not p.branch])
def test_every_clp_preset_carries_the_rule_books_own_rules(key):
    kinds = {r.kind for r in PRESETS[key].rules}
    assert {
        BalanceRule.Kind.WOMAN_HOLDER,
        BalanceRule.Kind.DELEGATION_HALF_WOMEN,
        BalanceRule.Kind.SINGLE_DELEGATE_ALTERNATES,
    } <= kinds


def test_the_2017_presets_are_kept_and_marked_superseded(capsys):
    assert PRESETS["party-model-clp"].superseded_by == "rule-book-2023"
    assert PRESETS["party-model-branch"].superseded_by == "rule-book-2023"
    assert not PRESETS["rule-book-2023"].superseded_by
    call_command("load_officer_preset", "--list")
    listing = capsys.readouterr().out
    assert "party-model-clp: Party model rules (2017 rule book)" in listing
    assert "Superseded by rule-book-2023." in listing


def test_loading_the_2023_rule_book_judges_a_shared_chair():
    services.preset_load(key="rule-book-2023")
    chair = Post.objects.get(slug="chair", branch=None)
    chair.max_holders = 2
    chair.save()
    results = [(chair, [PersonFactory(woman=True), PersonFactory(woman=True)])]
    with pytest.raises(services.RuleBreach) as refusal:
        services.agm_results_record(held_on=TODAY(), results=results)
    assert "Chair may not be shared; 2 people hold it." in [f.message for f in refusal.value.findings]


def test_the_agm_refusal_lists_rules_that_cannot_be_judged_as_well_as_breaches(national, man):
    posts = national["posts"]
    no_birthday = PersonFactory(date_of_birth=None)
    with pytest.raises(services.RuleBreach) as refusal:
        services.agm_results_record(
            held_on=TODAY(), results=[(posts["secretary"], [man]), (posts["youth-officer"], [no_birthday])]
        )
    assert [f.rule_name for f in refusal.value.findings] == [
        "At least four of the eight key posts are held by women"
    ]
    [unknown] = refusal.value.unknown
    assert "we have no date of birth for" in unknown.message


def test_the_roster_shows_an_override_reason(national, man, client_for):
    posts = national["posts"]
    services.agm_results_record(
        held_on=TODAY(), results=[(posts["secretary"], [man])], override_reason="No woman stood."
    )
    secretary = posts["secretary"]
    page = client_for(national["people"]["chair"]).get("/officers/").content.decode()
    assert "(stands by override: No woman stood.)" in page
    assert selectors.balance_check(on=TODAY()).status == "breach"
    assert secretary.terms.current(TODAY()).get().override_reason == "No woman stood."


def test_single_delegate_breach_over_terms_from_the_database(national):
    post = national["posts"]["conference-delegate"]
    woman = national["people"]["conference-delegate"]
    # Two men in a row after the woman: the second breaks the rule.
    first = PersonFactory()
    second = PersonFactory()
    later = TODAY() + datetime.timedelta(days=1)
    services.agm_results_record(held_on=later, results=[(post, [first])])
    with pytest.raises(services.RuleBreach):
        services.agm_results_record(held_on=later + datetime.timedelta(days=500), results=[(post, [second])])
    assert woman.terms.get().ends_on == TODAY()


def test_the_rules_read_as_columns_are_the_rules_read_as_models():
    services.preset_load(key="rule-book-2023")
    BalanceRule.objects.filter(pk=BalanceRule.objects.order_by("pk").first().pk).update(active=False)
    # A rule whose posts were all removed is still read, naming none; rules of the same
    # order and name keep their places (read in one query, a row per rule and post).
    BalanceRuleFactory(name="A rule with no posts left", order=0)
    BalanceRuleFactory(name="Twice", order=0, posts=list(Post.objects.order_by("-pk")[:3]))
    BalanceRuleFactory(name="Twice", order=0, posts=list(Post.objects.order_by("pk")[:2]))
    found = selectors.active_rules_data()
    assert len(found) > 5 and any(len(r.post_ids) > 2 for r in found)
    assert [r.post_ids for r in found if r.name == "A rule with no posts left"] == [()]
    assert found == [selectors.rule_data(r) for r in selectors.active_rules()]

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from clp.notifications.models import Notification
from officers import selectors, services
from officers.access import access_for
from officers.models import BalanceRule, Handover, Post, Term
from officers.tasks import daily_checks
from tests.factories.officers import PersonFactory, PostFactory, TermFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_the_national_model_roster_passes(national):
    assert selectors.balance_check(on=TODAY()).status == "ok"


def test_electing_a_man_treasurer_in_place_of_a_woman_is_blocked_and_nothing_is_saved(national, man):
    secretary = national["people"]["secretary"]
    terms_before = Term.objects.count()
    with pytest.raises(services.RuleBreach) as exc:
        services.agm_results_record(
            held_on=TODAY(), results=[(national["posts"]["secretary"], [man])], by=secretary.user
        )
    assert (
        exc.value.findings[0].message == "3 of the 8 posts are held by women; the rules require at least 4."
    )
    assert Term.objects.count() == terms_before
    assert national["posts"]["secretary"].terms.current(TODAY()).get().person == secretary


def test_an_override_reason_lets_the_result_stand_and_is_kept_on_the_term(national, man):
    [term] = services.agm_results_record(
        held_on=TODAY(),
        results=[(national["posts"]["secretary"], [man])],
        override_reason="No woman stood; the AGM will be re-run in June.",
    )
    assert term.override_reason == "No woman stood; the AGM will be re-run in June."
    old = Term.objects.get(post=national["posts"]["secretary"], person=national["people"]["secretary"])
    assert old.ends_on == TODAY() - datetime.timedelta(days=1)


def test_a_warning_never_blocks(national, man):
    BalanceRule.objects.update(hard=False)
    [term] = services.agm_results_record(held_on=TODAY(), results=[(national["posts"]["secretary"], [man])])
    assert term.override_reason == ""
    assert selectors.balance_check(on=TODAY()).status == "warning"


def test_electing_several_posts_at_once_with_the_balance_kept(national, man, woman):
    posts = national["posts"]
    terms = services.agm_results_record(
        held_on=TODAY(), results=[(posts["secretary"], [man]), (posts["treasurer"], [woman])]
    )
    assert len(terms) == 2
    assert selectors.balance_check(on=TODAY()).status == "ok"


def test_a_youth_officer_with_no_date_of_birth_is_unknown_and_does_not_block(national):
    youngster = PersonFactory(date_of_birth=None)
    services.agm_results_record(held_on=TODAY(), results=[(national["posts"]["youth-officer"], [youngster])])
    [finding] = [f for f in selectors.balance_check(on=TODAY()).findings if "Youth" in f.rule_name]
    assert finding.status == "unknown"


def test_a_second_holder_beyond_the_posts_places_is_refused(national, man):
    with pytest.raises(ValidationError, match="may have only 1 holder at a time"):
        services.term_start(post=national["posts"]["treasurer"], person=man, starts_on=TODAY())


def test_a_post_with_two_places_takes_two_holders_and_no_third():
    post = PostFactory(max_holders=2)
    services.term_start(post=post, person=PersonFactory(), starts_on=TODAY())
    services.term_start(post=post, person=PersonFactory(), starts_on=TODAY())
    with pytest.raises(ValidationError, match="only 2 holders"):
        services.term_start(post=post, person=PersonFactory(), starts_on=TODAY() + datetime.timedelta(days=5))


def test_a_new_holder_may_follow_a_term_that_has_ended():
    post = PostFactory()
    before = TermFactory(
        post=post,
        starts_on=TODAY() - datetime.timedelta(days=400),
        ends_on=TODAY() - datetime.timedelta(days=1),
    )
    newcomer = PersonFactory()
    term = services.term_start(post=post, person=newcomer, starts_on=TODAY())
    assert [t.person for t in post.terms.current(TODAY())] == [newcomer]
    assert [t.person for t in post.terms.current(TODAY() - datetime.timedelta(days=1))] == [before.person]
    assert Term.objects.get(pk=term.pk).starts_on == TODAY()


def test_a_term_cannot_end_before_it_starts():
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        services.term_start(
            post=PostFactory(),
            person=PersonFactory(),
            starts_on=TODAY(),
            ends_on=TODAY() - datetime.timedelta(days=1),
        )
    assert not Term.objects.exists()


def test_a_rule_that_names_no_posts_is_refused_and_not_saved():
    with pytest.raises(ValidationError) as exc:
        services.balance_rule_save(posts=[], name="Empty", kind=BalanceRule.Kind.MIN_WOMEN, minimum=2)
    assert exc.value.message_dict["posts"] == ["A rule must name at least one post."]
    assert not BalanceRule.objects.exists()


def test_a_rule_asking_for_more_women_than_places_is_refused():
    with pytest.raises(ValidationError, match="asks for 3 women among posts with only 2 places"):
        services.balance_rule_save(
            posts=[PostFactory(), PostFactory()], name="Too many", kind=BalanceRule.Kind.MIN_WOMEN, minimum=3
        )


def test_changes_to_terms_and_rules_are_kept_with_who_made_them(national):
    secretary = national["people"]["secretary"]
    term = national["posts"]["treasurer"].terms.get()
    services.term_end(term=term, ends_on=TODAY(), by=secretary.user)
    latest = term.history.latest()
    assert latest.ends_on == TODAY()
    assert latest.history_user == secretary.user
    rule = BalanceRule.objects.first()
    services.balance_rule_save(rule=rule, posts=list(rule.posts.all()), by=secretary.user, hard=False)
    assert rule.history.latest().history_user == secretary.user


def test_access_ends_with_the_term(treasurer):
    term = treasurer.terms.get()
    services.term_end(term=term, ends_on=TODAY())
    user = treasurer.user
    assert access_for(user, on=TODAY()).can_keep_accounts
    assert not access_for(user, on=TODAY() + datetime.timedelta(days=1)).can_keep_accounts
    with time_machine.travel(TODAY() + datetime.timedelta(days=1, hours=12)):
        user._access_cache = None
        assert not access_for(user).holds_any_post


class TestHandover:
    def test_a_new_treasurer_reminds_the_secretary_to_tell_the_glu(self, national, woman):
        services.agm_results_record(held_on=TODAY(), results=[(national["posts"]["treasurer"], [woman])])
        handover = Handover.objects.get()
        assert handover.incoming == woman
        assert handover.outgoing == national["people"]["treasurer"]
        note = Notification.objects.get(kind="handover_glu")
        assert note.post == national["posts"]["secretary"]
        assert "Governance and Legal Unit" in note.body

    def test_re_electing_the_same_treasurer_needs_no_handover(self, national):
        treasurer = national["people"]["treasurer"]
        services.agm_results_record(held_on=TODAY(), results=[(national["posts"]["treasurer"], [treasurer])])
        assert not Handover.objects.exists()

    def test_reminders_repeat_weekly_until_marked_done(self, national, woman):
        services.agm_results_record(held_on=TODAY(), results=[(national["posts"]["chair"], [woman])])
        daily_checks()
        assert Notification.objects.filter(kind="handover_glu").count() == 1  # week 0 already sent
        with time_machine.travel(TODAY() + datetime.timedelta(days=7, hours=12)):
            daily_checks()
            daily_checks()
        assert Notification.objects.filter(kind="handover_glu").count() == 2
        services.handover_mark_done(handover=Handover.objects.get(), by=None)
        with time_machine.travel(TODAY() + datetime.timedelta(days=14, hours=12)):
            daily_checks()
        assert Notification.objects.filter(kind="handover_glu").count() == 2


def test_terms_ending_within_60_days_remind_the_secretary_once(national):
    ends = TODAY() + datetime.timedelta(days=45)
    Term.objects.filter(post__scope=Post.Scope.CLP).update(ends_on=ends)
    daily_checks()
    daily_checks()
    [note] = Notification.objects.filter(kind="agm_preparation")
    assert note.post == national["posts"]["secretary"]
    assert "11 terms of office end on" in note.subject  # eight key posts and three delegates


def test_terms_ending_later_than_60_days_do_not_remind_yet(national):
    Term.objects.update(ends_on=TODAY() + datetime.timedelta(days=61))
    daily_checks()
    assert not Notification.objects.filter(kind="agm_preparation").exists()


def test_results_elected_for_a_year_remind_the_secretary_two_months_before_they_end(national, woman):
    next_agm = TODAY() + datetime.timedelta(days=365)
    [term] = services.agm_results_record(
        held_on=TODAY(),
        results=[(national["posts"]["treasurer"], [woman])],
        ends_on=next_agm - datetime.timedelta(days=1),
    )
    assert term.ends_on == next_agm - datetime.timedelta(days=1)
    daily_checks()
    assert not Notification.objects.filter(kind="agm_preparation").exists()
    with time_machine.travel(next_agm - datetime.timedelta(days=50)):
        daily_checks()
    assert Notification.objects.filter(kind="agm_preparation").count() == 1


def test_co_opting_a_man_as_womens_officer_is_blocked_like_an_election(national, man):
    post = national["posts"]["womens-officer"]
    services.term_end(term=post.terms.get(), ends_on=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(services.RuleBreach) as exc:
        services.term_start(post=post, person=man, starts_on=TODAY(), how=Term.How.CO_OPTED)
    assert [f.message for f in exc.value.findings] == [
        "3 of the 8 posts are held by women; the rules require at least 4.",
        "Women's Officer must be held by a woman; Mark Man is not.",
    ]
    assert not Term.objects.filter(person=man).exists()


def test_a_single_appointment_with_a_reason_stands_and_keeps_the_reason(national, man):
    post = national["posts"]["womens-officer"]
    services.term_end(term=post.terms.get(), ends_on=TODAY() - datetime.timedelta(days=1))
    term = services.term_start(
        post=post, person=man, starts_on=TODAY(), how=Term.How.ACTING, override_reason="Acting until the AGM."
    )
    assert term.override_reason == "Acting until the AGM."


def test_a_reason_given_when_no_rule_is_broken_is_not_kept(national, woman):
    post = national["posts"]["womens-officer"]
    services.term_end(term=post.terms.get(), ends_on=TODAY() - datetime.timedelta(days=1))
    term = services.term_start(post=post, person=woman, starts_on=TODAY(), override_reason="Just in case")
    assert term.override_reason == ""


def test_a_treasurer_changed_outside_the_forms_is_still_noticed_by_the_daily_checks(national, woman):
    # e.g. a superuser ends the old term and adds the new one in the admin
    old = national["posts"]["treasurer"].terms.get()
    Term.objects.filter(pk=old.pk).update(ends_on=TODAY() - datetime.timedelta(days=3))
    TermFactory(
        post=national["posts"]["treasurer"], person=woman, starts_on=TODAY() - datetime.timedelta(days=2)
    )
    daily_checks()
    daily_checks()
    handover = Handover.objects.get()
    assert (handover.outgoing, handover.incoming) == (national["people"]["treasurer"], woman)
    assert Notification.objects.filter(kind="handover_glu").count() == 1


def _own_details(person, **changes):
    """What a person's own form sends: their details, not the office's record."""
    fields = ["first_name", "last_name", "email", "phone", "address", "postcode", "gender"]
    fields += ["counts_as_woman", "date_of_birth"]
    return {name: getattr(person, name) for name in fields} | changes


def test_a_field_a_service_is_not_given_keeps_its_value(branch_a):
    person = PersonFactory(branch=branch_a, membership_number="L0001", disability="Deaf")
    services.person_save(person=person, **_own_details(person, first_name="Renamed"))
    person.refresh_from_db()
    assert (person.first_name, person.branch, person.membership_number) == ("Renamed", branch_a, "L0001")
    assert person.disability == "Deaf"


def test_a_service_sets_only_the_fields_it_names(member):
    with pytest.raises(TypeError):
        services.person_save(person=member, **_own_details(member), user=None)  # not a field it changes
    with pytest.raises(TypeError):
        services.balance_rule_save(posts=[PostFactory()], name="R", kind=BalanceRule.Kind.BALANCE, pk=7)

"""The balance rules over plain data: no database."""

import datetime

from officers import rules
from officers.rules import BREACH, OK, UNKNOWN, WARNING, Change, Holder, PostData, Roster, RuleData, TermData

AGM = datetime.date(2026, 3, 14)


def person(n, woman=True, dob=None):
    return Holder(person_id=n, name=f"Person {n}", woman=woman, date_of_birth=dob)


def roster_of(holders, max_holders=None, starts_on=AGM):
    """holders: {post id: [Holder, ...]}; a post with an empty list is vacant."""
    max_holders = max_holders or {}
    posts = {pk: PostData(pk, f"Post {pk}", max_holders.get(pk, 1)) for pk in holders}
    terms = [TermData(pk, h, starts_on) for pk, hs in holders.items() for h in hs]
    return Roster(posts=posts, terms=terms)


def judge(rule, roster, on=AGM):
    return rules.evaluate([rule], roster, on).findings


KEY_POSTS = RuleData(1, "Key posts", rules.MIN_WOMEN, post_ids=tuple(range(1, 9)), minimum=4)


def test_four_women_among_eight_key_posts_meets_the_rule():
    roster = roster_of({pk: [person(pk, woman=pk <= 4)] for pk in range(1, 9)})
    [finding] = judge(KEY_POSTS, roster)
    assert finding.status == OK


def test_three_women_among_eight_key_posts_is_a_breach_in_plain_english():
    roster = roster_of({pk: [person(pk, woman=pk <= 3)] for pk in range(1, 9)})
    [finding] = judge(KEY_POSTS, roster)
    assert finding.status == BREACH
    assert finding.message == "3 of the 8 posts are held by women; the rules require at least 4."
    assert finding.blocking


def test_a_holder_who_has_not_said_makes_the_count_unknown_not_passed():
    roster = roster_of(
        {pk: [person(pk, woman=True if pk <= 3 else (None if pk == 4 else False))] for pk in range(1, 9)}
    )
    [finding] = judge(KEY_POSTS, roster)
    assert finding.status == UNKNOWN
    assert "not said" in finding.message


def test_a_vacancy_that_a_woman_could_fill_is_a_warning_not_a_breach():
    holders = {pk: [person(pk, woman=pk <= 3)] for pk in range(1, 8)}
    holders[8] = []
    [finding] = judge(KEY_POSTS, roster_of(holders))
    assert finding.status == WARNING
    assert "1 post is vacant" in finding.message


def test_women_officer_rule_judges_the_holder():
    rule = RuleData(2, "Women's Officer is a woman", rules.WOMAN_HOLDER, post_ids=(7,))
    assert judge(rule, roster_of({7: [person(1, woman=True)]}))[0].status == OK
    assert judge(rule, roster_of({7: [person(1, woman=False)]}))[0].status == BREACH
    assert judge(rule, roster_of({7: [person(1, woman=None)]}))[0].status == UNKNOWN


YOUTH = RuleData(3, "Youth Officer under 27", rules.MAX_AGE, post_ids=(8,), age=27)


def test_youth_officer_is_judged_on_age_at_the_date_of_election():
    turned_27_after_agm = datetime.date(1999, 3, 15)
    [finding] = judge(
        YOUTH, roster_of({8: [person(1, dob=turned_27_after_agm)]}), on=AGM + datetime.timedelta(days=30)
    )
    assert finding.status == OK
    [finding] = judge(YOUTH, roster_of({8: [person(1, dob=datetime.date(1999, 3, 14))]}))
    assert finding.status == BREACH
    assert "was 27 when elected" in finding.message


def test_youth_officer_with_no_date_of_birth_is_unknown():
    [finding] = judge(YOUTH, roster_of({8: [person(1, dob=None)]}))
    assert finding.status == UNKNOWN
    assert "no date of birth" in finding.message


def test_balance_as_far_as_possible_only_ever_warns():
    rule = RuleData(4, "Non-voting balance", rules.BALANCE, post_ids=(1, 2, 3, 4), hard=False)
    balanced = roster_of({1: [person(1)], 2: [person(2, False)], 3: [person(3)], 4: [person(4, False)]})
    assert judge(rule, balanced)[0].status == OK
    all_men = roster_of({pk: [person(pk, False)] for pk in range(1, 5)})
    [finding] = judge(rule, all_men)
    assert finding.status == WARNING
    assert not finding.blocking


def test_a_soft_rule_warns_where_a_hard_one_would_breach():
    soft = RuleData(1, "Key posts", rules.MIN_WOMEN, post_ids=(1, 2), minimum=2, hard=False)
    [finding] = judge(soft, roster_of({1: [person(1, False)], 2: [person(2, False)]}))
    assert finding.status == WARNING


DELEGATE = RuleData(5, "Single delegate", rules.SINGLE_DELEGATE_ALTERNATES, post_ids=(9,))


def two_years(last_year, this_year):
    last = TermData(9, last_year, AGM.replace(year=2025), AGM - datetime.timedelta(days=1))
    now = TermData(9, this_year, AGM)
    return Roster(posts={9: PostData(9, "Conference delegate")}, terms=[last, now])


def test_single_delegate_a_man_two_years_running_breaks_the_history_rule():
    [finding] = judge(
        DELEGATE, two_years(person(1, False), person(2, False)), on=AGM + datetime.timedelta(days=10)
    )
    assert finding.status == BREACH
    assert "at least every other year" in finding.message


def test_single_delegate_a_man_after_a_woman_is_fine():
    [finding] = judge(
        DELEGATE, two_years(person(1, True), person(2, False)), on=AGM + datetime.timedelta(days=10)
    )
    assert finding.status == OK


def test_delegation_of_more_than_one_must_be_half_women():
    rule = RuleData(6, "Delegation", rules.DELEGATION_HALF_WOMEN, post_ids=(10,))
    half = roster_of({10: [person(1), person(2, False)]}, max_holders={10: 2})
    assert judge(rule, half)[0].status == OK
    none = roster_of({10: [person(1, False), person(2, False)]}, max_holders={10: 2})
    assert judge(rule, none)[0].status == BREACH


def test_what_if_a_man_is_elected_treasurer_replaces_the_woman_who_holds_it():
    roster = roster_of({pk: [person(pk, woman=pk <= 4)] for pk in range(1, 9)})
    change = Change(
        post_id=4, holders=(person(99, woman=False),), starts_on=AGM + datetime.timedelta(days=365)
    )
    after = roster.with_changes([change])
    check = rules.evaluate([KEY_POSTS], after, change.starts_on)
    assert check.status == BREACH
    assert rules.blocking_findings(check, [4])
    assert not rules.blocking_findings(check, [9])  # not caused by a change to an unrelated post
    # the original roster is untouched, and the old Treasurer's term ends the day before
    assert rules.evaluate([KEY_POSTS], roster, change.starts_on).status == OK
    old = [t for t in after.terms if t.post_id == 4 and t.holder.person_id == 4]
    assert old[0].ends_on == change.starts_on - datetime.timedelta(days=1)


def test_the_check_reports_the_worst_status():
    check = rules.Check(
        on=AGM,
        findings=(
            rules.Finding(1, "a", OK, "", True),
            rules.Finding(2, "b", UNKNOWN, "", True),
            rules.Finding(3, "c", WARNING, "", False),
        ),
    )
    assert check.status == WARNING
    assert check.counts == {OK: 1, WARNING: 1, UNKNOWN: 1, BREACH: 0}


def test_a_woman_holding_two_key_posts_counts_once_when_the_rule_counts_women():
    # "At least four of these must be women" (seed 000): four posts held by three women is
    # three women, so doubling up cannot meet the quota.
    holders = {pk: [person(pk, woman=pk <= 3)] for pk in range(1, 9)}
    holders[4] = [person(1, woman=True)]  # Person 1 is also post 4's holder
    [finding] = judge(KEY_POSTS, roster_of(holders))
    assert finding.status == BREACH
    assert finding.message == (
        "4 of the 8 posts are held by women, but by only 3 women (Person 1 holds 2); "
        "the rules require at least 4 women."
    )


def test_a_woman_holding_two_positions_fills_both_when_the_rule_counts_places():
    # "At least three of the first six positions must be held by women" (seed 003).
    first_six = RuleData(
        2, "First six", rules.MIN_WOMEN, post_ids=tuple(range(1, 7)), minimum=3, counts="places"
    )
    holders = {pk: [person(pk, woman=pk <= 2)] for pk in range(1, 7)}
    holders[3] = [person(1, woman=True)]
    [finding] = judge(first_six, roster_of(holders))
    assert finding.status == OK
    assert finding.message.startswith("3 of the 6 posts are held by women")


# --- The rule book in force (2023) ---------------------------------------------------------
def test_single_delegate_is_judged_over_terms_however_the_agm_dates_moved():
    """Last term began 20 months ago (the AGM moved from March to November): a year ago the
    same man held it, but the term before his was a woman's, so this term is fine."""
    woman, man, other = person(1, True), person(2, False), person(3, False)
    terms = [
        TermData(9, woman, datetime.date(2023, 3, 14), datetime.date(2024, 11, 20)),
        TermData(9, man, datetime.date(2024, 11, 21), datetime.date(2026, 3, 13)),
        TermData(9, other, AGM),
    ]
    roster = Roster(posts={9: PostData(9, "Conference delegate")}, terms=terms)
    [finding] = judge(DELEGATE, roster, on=AGM)
    assert finding.status == BREACH  # the term before this one (the man's) was not a woman's
    terms[1] = TermData(9, person(4, True), datetime.date(2024, 11, 21), datetime.date(2026, 3, 13))
    roster = Roster(posts={9: PostData(9, "Conference delegate")}, terms=terms)
    [finding] = judge(DELEGATE, roster, on=AGM)
    assert finding.status == OK
    assert "the term before (Person 4, from 21 November 2024)" in finding.message


def test_a_delegation_with_vacant_places_names_the_vacancies_that_must_go_to_women():
    rule = RuleData(6, "Delegation", rules.DELEGATION_HALF_WOMEN, post_ids=(10,))
    one_man = roster_of({10: [person(1, False)]}, max_holders={10: 4})
    [finding] = judge(rule, one_man)
    assert finding.status == WARNING
    assert finding.message == (
        "0 of the 4 Post 10 places are held by women; at least 2 must be: "
        "2 of the 3 vacant places must go to women."
    )
    three_men = roster_of({10: [person(1, False), person(2, False), person(3, False)]}, max_holders={10: 4})
    assert judge(rule, three_men)[0].status == BREACH


def test_posts_shared_by_at_most_two_and_the_chair_not_at_all():
    two = RuleData(7, "Shared by two", rules.SHARED_AT_MOST, post_ids=(1,), maximum=2)
    one = RuleData(8, "Not shared", rules.SHARED_AT_MOST, post_ids=(2,), maximum=1)
    roster = roster_of({1: [person(1), person(2)], 2: [person(3), person(4)]}, max_holders={1: 3, 2: 2})
    assert judge(two, roster)[0].status == OK
    [finding] = judge(one, roster)
    assert (finding.status, finding.message) == (BREACH, "Post 2 may not be shared; 2 people hold it.")
    roster = roster_of({1: [person(1), person(2), person(5)]}, max_holders={1: 3})
    assert judge(two, roster)[0].status == BREACH

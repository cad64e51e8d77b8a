"""Who may stand and vote, from the data held: no database."""

import datetime

import pytest

from officers.elections.eligibility import CANNOT_TELL, NO, YES, Member, Requirement, may_stand, may_vote

AGM = datetime.date(2027, 3, 13)


def member(**kw):
    values = {"id": 1, "name": "Ann", "status": "member", "joined_on": datetime.date(2020, 1, 1)}
    return Member(**(values | kw))


@pytest.mark.parametrize(
    "joined_on, eligible",
    [
        pytest.param(AGM - datetime.timedelta(weeks=8), YES, id="8 weeks to the day"),
        pytest.param(AGM - datetime.timedelta(weeks=8) + datetime.timedelta(days=1), NO, id="a day short"),
        pytest.param(None, CANNOT_TELL, id="no joining date"),
    ],
)
def test_the_qualifying_period_counts_to_the_date_of_the_meeting(joined_on, eligible):
    assert may_vote(member(joined_on=joined_on), on=AGM).eligible is eligible


def test_a_day_short_says_when_they_qualify():
    verdict = may_vote(member(joined_on=datetime.date(2027, 1, 17)), on=AGM)
    assert verdict.reasons == (
        "A member for less than 8 weeks on 13 March 2027 "
        "(joined 17 January 2027; qualifies from 14 March 2027).",
    )


def test_the_qualifying_period_is_a_setting():
    joined = AGM - datetime.timedelta(weeks=6)
    assert may_vote(member(joined_on=joined), on=AGM).eligible is NO
    assert may_vote(member(joined_on=joined), on=AGM, weeks=6).eligible is YES


@pytest.mark.parametrize(
    "status, reason",
    [
        ("arrears", "In arrears on the latest Membership Action Report."),
        ("lapsed", "Not a member: lapsed."),
        ("non_member", "Not a party member."),
    ],
)
def test_members_not_in_good_standing_may_not_vote(status, reason):
    verdict = may_vote(member(status=status), on=AGM)
    assert (verdict.eligible, verdict.reasons) == (NO, (reason,))


YOUTH = Requirement(under_age=27)


@pytest.mark.parametrize(
    "born, eligible",
    [
        pytest.param(datetime.date(2000, 3, 14), YES, id="27th birthday the day after: 26 on the day"),
        pytest.param(datetime.date(2000, 3, 13), NO, id="27 on the day"),
        pytest.param(None, CANNOT_TELL, id="no date of birth"),
    ],
)
def test_a_youth_officer_is_under_27_on_the_day_elected(born, eligible):
    assert may_stand(member(date_of_birth=born), YOUTH, on=AGM).eligible is eligible


def test_a_womens_officer_is_a_woman_and_a_tulo_officer_in_an_affiliated_union():
    womens, tulo = Requirement(woman=True), Requirement(union=True)
    assert may_stand(member(woman=True), womens, on=AGM).eligible is YES
    assert may_stand(member(woman=False), womens, on=AGM).reasons == ("The post must be held by a woman.",)
    assert may_stand(member(woman=None), womens, on=AGM).eligible is CANNOT_TELL
    assert may_stand(member(trade_union="UNISON"), tulo, on=AGM).eligible is YES
    assert may_stand(member(), tulo, on=AGM).eligible is NO


def test_a_group_officer_confirms_they_belong_and_every_failure_is_listed():
    bame = Requirement(group="BAME members")
    assert may_stand(member(), bame, on=AGM).eligible is CANNOT_TELL
    assert may_stand(member(), bame, on=AGM, group_confirmed=True).eligible is YES
    verdict = may_stand(member(status="arrears", woman=False), Requirement(woman=True), on=AGM)
    assert verdict.eligible is NO and len(verdict.reasons) == 2

"""Who may stand and vote at the AGM, worked out from the data held, with the reasons.

Pure functions over plain data. A member may vote (and stand) when they have been a member
for at least the qualifying period (8 weeks by default, a setting), counted to the date of
the meeting, and are not in arrears on the latest Membership Action Report. A post may ask
more of its holder: a woman (the Women's Officer), under an age on the day elected (the
Youth Officer: under 27), a member of an affiliated trade union (the TULO officer), or, where
the Standing Orders say so, a member of a group (which the nominee confirms). Missing data is
never passed: the answer is then "cannot tell", with the reason.
"""

import datetime
from dataclasses import dataclass

from officers.rules import age_on

YES, NO, CANNOT_TELL = True, False, None
IN_GOOD_STANDING = {"member", "new"}


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    status: str  # officers.models.Person.Status
    joined_on: datetime.date | None = None
    woman: bool | None = None
    date_of_birth: datetime.date | None = None
    trade_union: str = ""


@dataclass(frozen=True)
class Requirement:
    """What a post asks of its holder, beyond being a member who may vote."""

    woman: bool = False
    under_age: int | None = None
    union: bool = False
    group: str = ""


@dataclass(frozen=True)
class Verdict:
    eligible: bool | None  # None: cannot tell on the data held
    reasons: tuple  # plain English, one per test failed or not judged
    passed: tuple = ()

    @property
    def label(self):
        return {YES: "Eligible", NO: "Not eligible", CANNOT_TELL: "Cannot tell"}[self.eligible]


def _combine(failed, unknown, passed):
    if failed:
        return Verdict(NO, tuple(failed + unknown), tuple(passed))
    if unknown:
        return Verdict(CANNOT_TELL, tuple(unknown), tuple(passed))
    return Verdict(YES, (), tuple(passed))


def qualifies_from(joined_on, weeks):
    """The first day a member who joined on `joined_on` may vote: `weeks` weeks later."""
    return joined_on + datetime.timedelta(weeks=weeks)


def may_vote(member, *, on, weeks=8):
    """A member of at least `weeks` weeks on `on` (8 weeks to the day is enough), not in arrears."""
    return _combine(*_membership(member, on, weeks))


def _membership(member, on, weeks):
    failed, unknown, passed = [], [], []
    if member.status == "arrears":
        failed.append("In arrears on the latest Membership Action Report.")
    elif member.status in ("lapsed", "resigned"):
        failed.append(f"Not a member: {member.status}.")
    elif member.status not in IN_GOOD_STANDING:
        failed.append("Not a party member.")
    else:
        passed.append("A member in good standing.")
    if member.joined_on is None:
        unknown.append("We have no joining date, so the qualifying period cannot be checked.")
    else:
        first_day = qualifies_from(member.joined_on, weeks)
        if on < first_day:
            failed.append(
                f"A member for less than {weeks} weeks on {on:%-d %B %Y} "
                f"(joined {member.joined_on:%-d %B %Y}; qualifies from {first_day:%-d %B %Y})."
            )
        else:
            passed.append(f"A member for at least {weeks} weeks (joined {member.joined_on:%-d %B %Y}).")
    return failed, unknown, passed


def may_stand(member, requirement, *, on, weeks=8, group_confirmed=False):
    """May `member` stand for a post asking `requirement`, elected on `on`?"""
    failed, unknown, passed = _membership(member, on, weeks)
    if requirement.woman:
        if member.woman is True:
            passed.append("A woman, as the post requires.")
        elif member.woman is None:
            unknown.append("The post must be held by a woman; they have not said whether they count as one.")
        else:
            failed.append("The post must be held by a woman.")
    if requirement.under_age:
        if member.date_of_birth is None:
            unknown.append(
                f"The post's holder must be under {requirement.under_age}; we have no date of birth."
            )
        else:
            age = age_on(member.date_of_birth, on)
            if age < requirement.under_age:
                passed.append(f"Aged {age} on the day elected (under {requirement.under_age}).")
            else:
                failed.append(
                    f"Aged {age} on the day elected; the post's holder must be under {requirement.under_age}."
                )
    if requirement.union:
        if member.trade_union.strip():
            passed.append(f"A member of an affiliated union ({member.trade_union.strip()}).")
        else:
            failed.append(
                "The post's holder must be a member of an affiliated trade union; none is recorded."
            )
    if requirement.group:
        if group_confirmed:
            passed.append(f"Confirms they are one of the {requirement.group}.")
        else:
            unknown.append(
                f"The post is for one of the {requirement.group}; the nominee has not confirmed it."
            )
    return _combine(failed, unknown, passed)

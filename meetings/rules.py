"""The rules of a meeting as plain functions over plain data: tested without a database.

- the numbers of an agenda's items (items for information have none) and its running clock
  (they take no time);
- the quorum from Standing Orders (a number, or a fraction of those entitled to vote);
- who votes (voting EC posts; members in good standing at general and branch meetings, not
  new members until confirmed; visitors never);
- the dates of a year of meetings ("the second Tuesday of each month");
- whether a decision's outcome adds up with its count.
"""

import calendar
import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

# Members in good standing vote. A new member is welcomed, invited and sent the papers, but
# votes once the membership is confirmed (the list of new members goes to the General
# Meeting; the Membership Officer then moves them to "member"); members in arrears do not vote.
MEMBER_STATUSES_WHO_VOTE = {"member"}
MEMBER_STATUSES_INVITED = {"member", "new"}


def agenda_numbers(items):
    """[(number, item)] for `items` in agenda order: each item's number on the circulated
    agenda. An item for information is listed in the correspondence file, not numbered as
    business (and takes no meeting time): its number is None.

    The one numbering of an agenda: the agenda page and PDF, the minutes page and PDF, the
    circulation email and the branch mailing all number items with this."""
    numbered, number = [], 0
    for item in items:
        if item.takes_time:
            number += 1
            numbered.append((number, item))
        else:
            numbered.append((None, item))
    return numbered


def correspondence(items):
    """The items for information: the correspondence file."""
    return [item for number, item in agenda_numbers(items) if number is None]


def agenda_lines(items, *, presenters=False):
    """The agenda as plain text lines (an email, the branch mailing): the business as
    numbered on the agenda, then one line listing the correspondence file, if any."""
    lines = [
        f"{number}. {item.title}" + (f" ({item.presenter})" if presenters and item.presenter else "")
        for number, item in agenda_numbers(items)
        if number is not None
    ]
    filed = correspondence(items)
    if filed:
        lines += ["", "For information (the correspondence file): " + "; ".join(i.title for i in filed)]
    return lines


@dataclass(frozen=True)
class Slot:
    item: object
    starts_at: datetime.datetime | None  # None: takes no meeting time
    ends_at: datetime.datetime | None
    number: int | None = None  # the item's number on the circulated agenda


@dataclass(frozen=True)
class Timetable:
    slots: list
    total_minutes: int
    limit_minutes: int

    @property
    def over_limit(self):
        return self.total_minutes > self.limit_minutes

    @property
    def ends_at(self):
        timed = [s for s in self.slots if s.ends_at]
        return timed[-1].ends_at if timed else None


def timetable(items, starts_at, *, limit_minutes):
    """The running clock: each item that takes time starts where the last one ended."""
    clock = starts_at
    slots, total = [], 0
    for number, item in agenda_numbers(items):
        if number is None:
            slots.append(Slot(item, None, None))
            continue
        end = clock + datetime.timedelta(minutes=item.minutes_allowed)
        slots.append(Slot(item, clock, end, number=number))
        total += item.minutes_allowed
        clock = end
    return Timetable(slots=slots, total_minutes=total, limit_minutes=limit_minutes)


def quorum_needed(*, entitled, number=None, fraction=None):
    """How many voting members must be present. A fraction rounds up (a third of 20 is 7);
    with neither set there is no quorum rule (0)."""
    if number is not None:
        return number
    if fraction is not None:
        return math.ceil(Decimal(entitled) * Decimal(fraction))
    return 0


@dataclass(frozen=True)
class Quorum:
    needed: int
    present_voting: int
    entitled: int

    @property
    def met(self):
        return self.present_voting >= self.needed


def votes_at(*, kind, membership_status, ec_statuses=(), person_branch_id=None, meeting_branch_id=None):
    """Whether a person may vote at a meeting of `kind`.

    EC: only holders of a voting EC post (co-ordinators and the minute secretary attend without a vote).
    Branch meetings: members of that branch. General meetings and AGMs: members in good standing.
    """
    if kind == "ec":
        return "voting" in ec_statuses
    in_good_standing = membership_status in MEMBER_STATUSES_WHO_VOTE
    if kind == "branch":
        return in_good_standing and person_branch_id == meeting_branch_id
    return in_good_standing


def nth_weekday(year, month, weekday, nth):
    """The `nth` (1-4, or -1 for the last) `weekday` (0 Monday) of a month."""
    days = [
        d
        for d in calendar.Calendar().itermonthdates(year, month)
        if d.month == month and d.weekday() == weekday
    ]
    return days[nth - 1] if nth > 0 else days[nth]


def monthly_dates(*, first_month, months, weekday, nth, skip_months=()):
    """The dates of a series: `first_month` is a date in the first month."""
    dates = []
    year, month = first_month.year, first_month.month
    for _ in range(months):
        if month not in skip_months:
            dates.append(nth_weekday(year, month, weekday, nth))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return dates


# --- Decisions -------------------------------------------------------------------------

CARRIED, LOST, CASTING = "carried", "lost", "casting"


def decision_refusal(*, outcome, votes_for=None, votes_against=None):
    """Why a decision's outcome does not add up with its count, in plain words; None when it
    does. Uncounted votes (both None) prove nothing either way; one side counted reads the
    other as none.

    Carried needs more for than against, lost more against than for (or a tie); the Chair's
    casting vote carries a motion only on a tie."""
    if votes_for is None and votes_against is None:
        if outcome == CASTING:
            return "The Chair's casting vote is used on a tie: record the votes for and against."
        return None
    cast_for, cast_against = votes_for or 0, votes_against or 0
    if outcome == CARRIED and cast_against > cast_for:
        return (
            f"A motion with {cast_against} against and {cast_for} for was lost, not carried: "
            "check the count or the outcome."
        )
    if outcome == CARRIED and cast_against == cast_for:
        return (
            f"A tie ({cast_for} for, {cast_against} against) does not carry a motion: record it as "
            "carried on the Chair's casting vote, or as lost."
        )
    if outcome == LOST and cast_for > cast_against:
        return (
            f"A motion with {cast_for} for and {cast_against} against was carried, not lost: "
            "check the count or the outcome."
        )
    if outcome == CASTING and cast_for != cast_against:
        return (
            f"The Chair's casting vote is used only on a tie; the count is {cast_for} for and "
            f"{cast_against} against."
        )
    return None

"""The meeting rules, without a database."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from meetings import rules


@dataclass
class Item:
    title: str
    minutes_allowed: int
    takes_time: bool = True
    presenter: str = ""


START = datetime.datetime(2026, 12, 8, 19, 30)


def test_the_running_clock_starts_each_item_where_the_last_ended():
    table = rules.timetable([Item("Apologies", 5), Item("Campaigns", 30)], START, limit_minutes=120)
    assert [s.starts_at.strftime("%H:%M") for s in table.slots] == ["19:30", "19:35"]
    assert table.ends_at.strftime("%H:%M") == "20:05"
    assert table.total_minutes == 35


def test_items_for_information_take_no_meeting_time():
    table = rules.timetable(
        [Item("Letter", 15, takes_time=False), Item("Report", 10)], START, limit_minutes=120
    )
    assert table.slots[0].starts_at is None
    assert table.total_minutes == 10


def test_items_for_information_have_no_number_and_the_business_is_numbered_around_them():
    items = [Item("Apologies", 5), Item("Letter", 0, takes_time=False), Item("Campaigns", 30)]
    assert [(n, i.title) for n, i in rules.agenda_numbers(items)] == [
        (1, "Apologies"),
        (None, "Letter"),
        (2, "Campaigns"),
    ]
    assert [s.number for s in rules.timetable(items, START, limit_minutes=120).slots] == [1, None, 2]
    assert [i.title for i in rules.correspondence(items)] == ["Letter"]


def test_the_agenda_as_text_numbers_the_business_and_files_the_correspondence():
    items = [
        Item("Apologies", 5),
        Item("Letter", 0, takes_time=False),
        Item("Campaigns", 30, presenter="Chair"),
        Item("Report", 0, takes_time=False),
    ]
    assert rules.agenda_lines(items, presenters=True) == [
        "1. Apologies",
        "2. Campaigns (Chair)",
        "",
        "For information (the correspondence file): Letter; Report",
    ]
    assert rules.agenda_lines(items[:1] + items[2:3]) == ["1. Apologies", "2. Campaigns"]


def test_an_agenda_past_two_hours_is_over_the_limit():
    assert rules.timetable([Item("Long", 121)], START, limit_minutes=120).over_limit
    assert not rules.timetable([Item("Exact", 120)], START, limit_minutes=120).over_limit


def test_a_quorum_as_a_fraction_rounds_up():
    assert rules.quorum_needed(entitled=20, fraction=Decimal("0.333")) == 7
    assert rules.quorum_needed(entitled=20, number=5) == 5
    assert rules.quorum_needed(entitled=20) == 0


def test_only_voting_ec_posts_vote_at_the_ec():
    assert rules.votes_at(kind="ec", membership_status="member", ec_statuses={"voting"})
    assert not rules.votes_at(kind="ec", membership_status="member", ec_statuses={"non_voting"})


def test_branch_members_vote_at_their_branch_and_visitors_do_not():
    assert rules.votes_at(kind="branch", membership_status="member", person_branch_id=1, meeting_branch_id=1)
    assert not rules.votes_at(
        kind="branch", membership_status="member", person_branch_id=2, meeting_branch_id=1
    )
    assert not rules.votes_at(kind="general", membership_status="non_member")


def test_second_tuesday_of_each_month_skipping_august():
    dates = rules.monthly_dates(
        first_month=datetime.date(2026, 3, 1), months=12, weekday=1, nth=2, skip_months=(8,)
    )
    assert len(dates) == 11
    assert dates[0] == datetime.date(2026, 3, 10)
    assert all(d.weekday() == 1 and 8 <= d.day <= 14 for d in dates)
    assert 8 not in {d.month for d in dates}


def test_last_friday_of_a_month():
    assert rules.nth_weekday(2026, 12, 4, -1) == datetime.date(2026, 12, 25)


def test_a_new_member_is_invited_but_votes_only_once_the_membership_is_confirmed():
    assert rules.votes_at(kind="general", membership_status="member")
    assert not rules.votes_at(kind="general", membership_status="new")
    assert not rules.votes_at(kind="agm", membership_status="arrears")
    assert not rules.votes_at(kind="branch", membership_status="new", person_branch_id=1, meeting_branch_id=1)
    assert "new" in rules.MEMBER_STATUSES_INVITED

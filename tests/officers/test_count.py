"""The count over plain data, with the balance rules applied as the election goes: no database."""

import pytest

from officers.elections.count import (
    ELECT,
    ELIMINATE,
    Candidate,
    CountError,
    Lot,
    RoundCount,
    count_block,
    count_exhaustive,
    count_fptp,
    count_stv,
    open_to_women_only,
)


def field(*spec):
    """spec: 'W' for a woman, 'M' for a man, '?' for not said; ids from 1, names A, B, C..."""
    woman = {"W": True, "M": False, "?": None}
    return [Candidate(n, chr(64 + n), woman[s]) for n, s in enumerate(spec, 1)]


def votes(*figures, present=100):
    return RoundCount(present=present, votes=dict(enumerate(figures, 1)))


# --- A multi-seat ballot: the last seats go to the highest-placed women ------------------
BLOCK_SCENARIOS = [
    # (genders, votes, seats, women needed, elected)
    pytest.param(
        "MMWMWMMW",
        (80, 75, 70, 65, 60, 55, 50, 45),
        6,
        3,
        {1, 2, 3, 4, 5, 8},
        id="6 seats, at least 3 women, top six hold 2: the highest-placed other woman takes the sixth",
    ),
    pytest.param(
        "MMMMMMWW",
        (80, 75, 70, 65, 60, 55, 50, 45),
        6,
        3,
        {1, 2, 3, 7, 8},
        id="only two other women stood: one place left vacant rather than go to a man",
    ),
    pytest.param(
        "WWWMMMMM",
        (80, 75, 70, 65, 60, 55, 50, 45),
        6,
        3,
        {1, 2, 3, 4, 5, 6},
        id="the top six already hold three women: by votes alone",
    ),
    pytest.param(
        "MMM?WMWW",
        (80, 75, 70, 65, 60, 55, 50, 45),
        4,
        2,
        {1, 2, 5, 7},
        id="a candidate who has not said is not counted as a woman",
    ),
    pytest.param("MW", (30, 20), 1, 1, {2}, id="one place open to women only"),
    pytest.param("MW", (30, 20), 1, 0, {1}, id="first past the post"),
]


@pytest.mark.parametrize("genders, figures, seats, women, elected", BLOCK_SCENARIOS)
def test_block_vote_with_at_least_n_women(genders, figures, seats, women, elected):
    result = count_block(field(*genders), votes(*figures, present=200), seats=seats, women_needed=women)
    assert result.declared
    assert set(result.elected) == elected
    assert result.vacant == seats - len(elected)


def test_the_declaration_explains_why_the_sixth_place_goes_to_a_woman():
    result = count_block(field(*"MMWMWMMW"), votes(80, 75, 70, 65, 60, 55, 50, 45), seats=6, women_needed=3)
    assert "The top 6 by votes include only 2 women; the rule needs at least 3" in " ".join(result.steps)
    assert "F (55 votes) is not a woman and is not elected." in result.steps
    assert "H (45 votes), the highest-placed woman not yet elected, takes a place." in result.steps


def test_a_tie_for_the_last_place_waits_for_the_chair_and_a_lot_settles_it():
    candidates = field(*"MMM")
    result = count_block(candidates, votes(30, 20, 20), seats=2)
    assert not result.declared
    assert (result.tie.kind, result.tie.among) == (ELECT, (2, 3))
    assert result.steps[-1] == "Round 1: B, C are level; the Chair decides by lot who is elected."
    settled = count_block(candidates, votes(30, 20, 20), seats=2, lots=[Lot(1, ELECT, (3, 2), 3)])
    assert settled.elected == [1, 3]
    assert "C is drawn by lot from B, C." in settled.steps


def test_a_tie_that_decides_nothing_needs_no_lot():
    result = count_block(field(*"MMMM"), votes(30, 20, 5, 5), seats=2)
    assert result.declared and result.elected == [1, 2]
    # and a tie between a man and a woman for a place only a woman may take is no tie at all
    result = count_block(field(*"WMWM"), votes(30, 20, 20, 5), seats=2, women_needed=2)
    assert result.declared and set(result.elected) == {1, 3}


@pytest.mark.parametrize(
    "count, message",
    [
        (votes(60, 50, present=100), "Round 1 counts 110 votes, but only 100 voters were present."),
        (votes(5, 5, present=0), "Round 1: record how many voters were present."),
        (
            RoundCount(present=10, votes={9: 3}),
            "Round 1 counts votes for someone who is not a candidate in it.",
        ),
    ],
)
def test_impossible_figures_are_refused_in_plain_english(count, message):
    with pytest.raises(CountError, match=message):
        count_fptp(field(*"MW"), count)


# --- Posts elected one after another -----------------------------------------------------
def ballots_in_turn(minimum, winners):
    """Six posts elected one after another: whether each ballot was open to women only.
    winners: True for a woman, False for a man (a women-only ballot elects a woman)."""
    women, opened = 0, []
    for n, woman in enumerate(winners):
        women_only, _ = open_to_women_only(
            rule_name="R", minimum=minimum, women_so_far=women, places_left=6 - n
        )
        opened.append(women_only)
        women += 1 if (woman or women_only) else 0
    return opened


@pytest.mark.parametrize(
    "minimum, winners, opened",
    [
        pytest.param(
            4,
            [True, False, True, False, True, True],
            [False] * 4 + [True, True],
            id="four of six, two women after four posts: the last two are open to women only",
        ),
        pytest.param(
            3,
            [True, False, True, False, False, True],
            [False] * 5 + [True],
            id="three of six, two women after four: the fifth open; a man elected, the sixth women only",
        ),
        pytest.param(3, [True, True, True, False, False, False], [False] * 6, id="met after three"),
        pytest.param(
            3,
            [False, False, False, True, True, True],
            [False, False, False, True, True, True],
            id="three men first: the last three are women only",
        ),
    ],
)
def test_posts_elected_in_turn_open_to_women_only_once_places_left_equal_women_needed(
    minimum, winners, opened
):
    assert ballots_in_turn(minimum, winners) == opened


def test_the_ballot_says_why_it_is_open_to_women_only():
    women_only, message = open_to_women_only(rule_name="Rule", minimum=3, women_so_far=2, places_left=1)
    assert women_only
    assert message == (
        "Rule: 2 women so far and 1 still needed, with 1 place left to elect: "
        "this ballot is open to women only."
    )


def test_a_rule_that_cannot_be_met_says_so():
    _, message = open_to_women_only(rule_name="R", minimum=3, women_so_far=0, places_left=2)
    assert "cannot be met" in message


# --- The exhaustive ballot ----------------------------------------------------------------
def test_exhaustive_ballot_over_three_rounds():
    candidates = field(*"MWMW")  # A, B, C, D
    rounds = [votes(30, 25, 20, 15, present=90)]
    first = count_exhaustive(candidates, rounds)
    assert first.continuing == (1, 2, 3)
    assert "D has the fewest votes (15) and is eliminated." in first.steps[-2]
    rounds.append(RoundCount(present=90, votes={1: 34, 2: 30, 3: 24}))
    second = count_exhaustive(candidates, rounds)
    assert second.continuing == (1, 2)
    rounds.append(RoundCount(present=90, votes={1: 40, 2: 48}))
    third = count_exhaustive(candidates, rounds)
    assert third.declared and third.elected == [2]
    assert "B has more than half the votes cast (48 of 88) and is elected." in third.steps


def test_a_round_that_eliminates_nobody_is_refused():
    candidates = field(*"MWM")
    rounds = [votes(30, 25, 20), votes(31, 26, 19)]
    with pytest.raises(CountError, match="counts C, who is no longer standing"):
        count_exhaustive(candidates, rounds)


def test_a_round_after_the_post_is_decided_is_refused():
    with pytest.raises(CountError, match="Round 2 is not needed"):
        count_exhaustive(field(*"MW"), [votes(60, 30), RoundCount(present=100, votes={1: 60})])


def test_a_tie_for_lowest_waits_for_the_chair():
    candidates = field(*"MWM")
    result = count_exhaustive(candidates, [votes(40, 20, 20)])
    assert (result.tie.kind, result.tie.among) == (ELIMINATE, (2, 3))
    settled = count_exhaustive(candidates, [votes(40, 20, 20)], lots=[Lot(1, ELIMINATE, (2, 3), 3)])
    assert settled.continuing == (1, 2)


def test_a_tie_between_the_last_two_is_decided_by_lot():
    result = count_exhaustive(field(*"MW"), [votes(20, 20)])
    assert result.tie.kind == ELECT
    settled = count_exhaustive(field(*"MW"), [votes(20, 20)], lots=[Lot(1, ELECT, (1, 2), 2)])
    assert settled.elected == [2]


# --- STV ------------------------------------------------------------------------------------
def stv_ballots():
    """Four places; A-D are men, E-G women. Men take every first-preference quota."""
    A, B, C, D, E, F, G = range(1, 8)
    return (
        [(A, D, E)] * 12
        + [(B, D, F)] * 11
        + [(C, D, G)] * 11
        + [(D,)] * 10
        + [(E, F)] * 4
        + [(F, E)] * 3
        + [(G, E)] * 2
    )


def test_stv_for_a_four_place_delegation_elects_by_preference():
    result = count_stv(field(*"MMMMWWW"), stv_ballots(), seats=4, present=60)
    assert result.declared
    assert result.steps[0] == "53 valid ballot papers, 4 places: the quota is 11."
    assert result.elected == [1, 2, 3, 4]  # D reaches the quota with A's surplus
    assert "A's surplus of 1 passes on." in result.steps


def test_stv_with_half_women_gives_the_last_places_to_the_highest_placed_women():
    result = count_stv(field(*"MMMMWWW"), stv_ballots(), seats=4, present=60, women_needed=2)
    assert result.declared
    assert result.elected[:2] == [1, 2]
    assert set(result.elected) == {1, 2, 5, 7}  # C's votes pass to G; E takes the last place
    assert (
        "Stage 2: 2 places are left and 2 women are still needed: C, D are excluded and their votes pass on."
        in (result.steps)
    )


def test_stv_refuses_more_ballots_than_voters_and_spoilt_papers():
    with pytest.raises(CountError, match="53 ballot papers recorded, but only 50 voters were present"):
        count_stv(field(*"MMMMWWW"), stv_ballots(), seats=4, present=50)
    with pytest.raises(CountError, match="Ballot 1 gives one candidate two preferences"):
        count_stv(field(*"MW"), [(1, 1)], seats=1, present=5)


def test_stv_tie_for_exclusion_waits_for_the_chair():
    result = count_stv(field(*"MWM"), [(1,), (1,), (1,), (2,), (3,)], seats=1, present=5)
    # quota 3: A is elected at once
    assert result.elected == [1]
    tie = count_stv(field(*"MWMW"), [(1,), (1,), (2,), (3,), (4,), (4,)], seats=1, present=6)
    assert tie.tie.kind == ELIMINATE and tie.tie.among == (2, 3)

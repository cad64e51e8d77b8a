"""Motions on numbered lines as pure functions: numbering, amendments applied, conflicts,
deadlines to the day. No database."""

import datetime

import pytest

from meetings.motions import (
    DELETE,
    INSERT,
    REPLACE,
    Change,
    apply,
    conflicting_pairs,
    conflicts,
    digest,
    is_late,
    marked,
    motion_deadline,
    numbered_lines,
    problems,
    word_count,
)

# Five short paragraphs: one line each.
FIVE = "\n".join(
    [
        "This CLP notes the cuts.",
        "This CLP believes in buses.",
        "This CLP resolves to campaign.",
        "To write to the MP.",
        "To report back.",
    ]
)


def test_each_paragraph_is_wrapped_into_numbered_lines():
    text = "word " * 40 + "\nSecond paragraph."
    lines = numbered_lines(text, width=50)
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    assert all(len(line.text) <= 50 for line in lines)
    assert [line.ends_paragraph for line in lines] == [False, False, False, True, True]
    assert lines[-1].text == "Second paragraph."


def test_blank_lines_and_extra_spaces_are_not_numbered():
    lines = numbered_lines("  One   two \n\n\nThree  ")
    assert [(line.number, line.text) for line in lines] == [(1, "One two"), (2, "Three")]


CASES = [
    # (change, expected text)
    pytest.param(Change(INSERT, 0, text="Preamble."), "Preamble.\n" + FIVE, id="insert at the start"),
    pytest.param(
        Change(INSERT, 2, text="This CLP welcomes trams."),
        FIVE.replace("buses.\n", "buses.\nThis CLP welcomes trams.\n"),
        id="insert after a line",
    ),
    pytest.param(Change(INSERT, 5, text="Urgently."), FIVE + "\nUrgently.", id="insert after the last line"),
    pytest.param(
        Change(DELETE, 2, 2), FIVE.replace("This CLP believes in buses.\n", ""), id="delete one line"
    ),
    pytest.param(Change(DELETE, 4, 5), "\n".join(FIVE.splitlines()[:3]), id="delete the last lines"),
    pytest.param(
        Change(REPLACE, 3, 3, text="This CLP resolves to organise."),
        FIVE.replace("to campaign", "to organise"),
        id="replace one line",
    ),
    pytest.param(
        Change(REPLACE, 1, 2, text="This CLP notes everything."),
        "This CLP notes everything.\n" + "\n".join(FIVE.splitlines()[2:]),
        id="replace two lines with one",
    ),
    pytest.param(
        Change(REPLACE, 5, 5, text="To report back.\nTo publish it."),
        FIVE + "\nTo publish it.",
        id="replace a line with two paragraphs",
    ),
]


@pytest.mark.parametrize(("change", "expected"), CASES)
def test_an_amendment_applied_to_the_numbered_lines(change, expected):
    assert problems(change, 5) == []
    assert apply(numbered_lines(FIVE), [change]) == expected


def test_words_inside_a_wrapped_paragraph_keep_the_paragraph_together():
    text = "aaa bbb ccc ddd eee fff"
    lines = numbered_lines(text, width=8)  # "aaa bbb", "ccc ddd", "eee fff"
    assert [line.text for line in lines] == ["aaa bbb", "ccc ddd", "eee fff"]
    assert apply(lines, [Change(REPLACE, 2, 2, text="XXX")]) == "aaa bbb XXX eee fff"
    assert apply(lines, [Change(DELETE, 3, 3)]) == "aaa bbb ccc ddd"
    assert apply(lines, [Change(INSERT, 1, text="new")]) == "aaa bbb new ccc ddd eee fff"


def test_several_amendments_apply_by_the_original_line_numbers():
    lines = numbered_lines(FIVE)
    amended = apply(
        lines,
        [
            Change(DELETE, 4, 4),
            Change(INSERT, 1, text="It condemns them."),
            Change(REPLACE, 5, 5, text="To act."),
        ],
    )
    assert amended.splitlines() == [
        "This CLP notes the cuts.",
        "It condemns them.",
        "This CLP believes in buses.",
        "This CLP resolves to campaign.",
        "To act.",
    ]


BAD = [
    pytest.param(Change(DELETE, 6, 6), "there is no line 6", id="delete a line that does not exist"),
    pytest.param(Change(REPLACE, 0, 2, text="x"), "there is no line 0", id="replace from line 0"),
    pytest.param(Change(REPLACE, 4, 9, text="x"), "there is no line 9", id="replace past the end"),
    pytest.param(Change(DELETE, 4, 2), "give the first line first", id="lines the wrong way round"),
    pytest.param(Change(INSERT, 7, text="x"), "not after line 7", id="insert past the end"),
    pytest.param(Change(INSERT, 2, text="  "), "Give the words to insert", id="insert nothing"),
    pytest.param(Change(REPLACE, 2, 2), "Give the words that replace", id="replace with nothing"),
    pytest.param(Change(DELETE, 2, 2, text="x"), "leave the new words empty", id="delete with words"),
]


@pytest.mark.parametrize(("change", "message"), BAD)
def test_an_amendment_that_does_not_fit_is_refused_in_plain_words(change, message):
    found = problems(change, 5)
    assert found and message.lower() in found[0].lower()
    with pytest.raises(ValueError):
        apply(numbered_lines(FIVE), [change])


CONFLICTS = [
    (Change(DELETE, 2, 3), Change(REPLACE, 3, 4, text="x"), True),
    (Change(DELETE, 2, 3), Change(REPLACE, 4, 5, text="x"), False),
    (Change(INSERT, 2, text="a"), Change(INSERT, 2, text="b"), True),
    (Change(INSERT, 2, text="a"), Change(INSERT, 3, text="b"), False),
    (Change(INSERT, 2, text="a"), Change(DELETE, 2, 3), True),  # inside the deleted lines
    (Change(INSERT, 3, text="a"), Change(DELETE, 2, 3), False),  # after them
    (Change(INSERT, 1, text="a"), Change(DELETE, 2, 3), False),  # before them
    (Change(REPLACE, 1, 5, text="x"), Change(DELETE, 3, 3), True),
]


@pytest.mark.parametrize(("a", "b", "expected"), CONFLICTS)
def test_amendments_on_the_same_lines_conflict(a, b, expected):
    assert conflicts(a, b) is expected
    assert conflicts(b, a) is expected


def test_conflicting_amendments_are_not_applied_together():
    changes = [Change(DELETE, 1, 1), Change(DELETE, 4, 5), Change(REPLACE, 5, 5, text="x")]
    assert conflicting_pairs(changes) == {(1, 2)}
    with pytest.raises(ValueError, match="same lines"):
        apply(numbered_lines(FIVE), changes)


def test_a_change_is_shown_in_place_on_the_numbered_lines():
    rows = marked(numbered_lines(FIVE), Change(REPLACE, 2, 3, text="New words."))
    assert [(r.number, r.state) for r in rows] == [
        (1, "kept"),
        (2, "deleted"),
        (3, "deleted"),
        (None, "inserted"),
        (4, "kept"),
        (5, "kept"),
    ]
    rows = marked(numbered_lines(FIVE), Change(INSERT, 0, text="First."))
    assert (rows[0].number, rows[0].text, rows[0].state) == (None, "First.", "inserted")


DEADLINES = [
    # meeting day, days before, received on, late?
    (datetime.date(2026, 3, 20), 14, datetime.date(2026, 3, 5), False),
    (datetime.date(2026, 3, 20), 14, datetime.date(2026, 3, 6), False),  # the deadline day itself
    (datetime.date(2026, 3, 20), 14, datetime.date(2026, 3, 7), True),  # the day after
    (datetime.date(2026, 3, 20), 0, datetime.date(2026, 3, 20), False),
    (datetime.date(2026, 4, 2), 7, datetime.date(2026, 3, 26), False),  # across a month end
    (datetime.date(2026, 4, 2), 7, datetime.date(2026, 3, 27), True),
]


@pytest.mark.parametrize(("meeting_day", "days", "received", "late"), DEADLINES)
def test_the_deadline_for_motions_to_the_day(meeting_day, days, received, late):
    assert is_late(received, motion_deadline(meeting_day, days)) is late


def test_words_are_counted_and_identical_submissions_share_a_digest():
    assert word_count("This CLP  notes\nthe cuts.") == 5
    assert digest("This CLP notes") == digest("  this clp\nNOTES ")
    assert digest("This CLP notes") != digest("This CLP believes")

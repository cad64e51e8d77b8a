"""Reading the Membership Action Report: no database needed."""

import datetime
from pathlib import Path

import pytest

from branches.membership_report import ReportError, parse_report

DATA = Path(__file__).resolve().parent.parent / "data"


def read(name):
    return (DATA / name).read_text(encoding="utf-8")


def test_the_sample_report_reads_every_row_with_its_status_and_dates():
    rows = parse_report(read("membership_action_report.csv"))
    assert len(rows) == 8
    first = rows[0]
    assert (first.membership_number, first.first_name, first.status) == ("L900001", "Nadia", "new")
    assert first.joined_on == datetime.date(2026, 11, 2)
    assert rows[1].branch == "" and rows[1].ward == "Aldgate"
    assert [r.status for r in rows[3:7]] == ["lapsed", "resigned", "arrears", "member"]


def test_a_bad_row_is_reported_by_its_row_number():
    with pytest.raises(ReportError) as caught:
        parse_report(read("membership_action_report_bad_row.csv"))
    assert caught.value.errors == [
        (3, "Status “Gone away” is not one of Arrears, Current, In Arrears, Lapsed, Member, New, Resigned.")
    ]


def test_a_file_without_the_expected_columns_says_which_are_missing():
    with pytest.raises(ReportError) as caught:
        parse_report(read("membership_action_report_wrong_columns.csv"))
    [(line, message)] = caught.value.errors
    assert line == 1
    assert "“Membership Number”" in message and "Membership Action Report" in message


def test_every_problem_is_listed_not_just_the_first():
    text = (
        "Membership Number,First Name,Last Name,Status,Branch,Joined\n"
        "A1,Ann,Archer,New,Alpha,31/02/2026\n"
        "A2,,Baker,New,Alpha,\n"
        "A1,Cara,Clarke,New,Alpha,\n"
        "A4,Dan,Davies,New,,\n"
        "A5,Ed,Evans\n"
    )
    with pytest.raises(ReportError) as caught:
        parse_report(text)
    assert [line for line, _ in caught.value.errors] == [2, 3, 5, 6]
    messages = dict(caught.value.errors)
    assert "is not a date" in messages[2]
    assert messages[3] == "First name is empty."
    assert "neither a branch nor a ward" in messages[5]
    assert "fields where the header has 6" in messages[6]


def test_a_duplicated_membership_number_names_the_first_row():
    text = "Membership Number,First Name,Last Name,Status,Ward\nA1,Ann,Archer,New,X\nA1,Ann,Archer,New,X\n"
    with pytest.raises(ReportError) as caught:
        parse_report(text)
    assert caught.value.errors == [(3, "Membership number A1 is also on row 2.")]


def test_headings_are_matched_whatever_their_case_and_a_bom_is_ignored():
    rows = parse_report("\ufeffMEMBERSHIP NUMBER, first name ,Surname,status,ward\nA1,Ann,Archer,lapsed,X\n")
    assert rows[0].last_name == "Archer" and rows[0].status == "lapsed"


def test_an_empty_file_is_a_clear_error():
    with pytest.raises(ReportError) as caught:
        parse_report("")
    assert caught.value.errors == [(0, "The file is empty or is not a CSV file.")]


def test_a_row_with_several_problems_names_them_all_so_one_upload_finds_them():
    text = (
        "Membership Number,First Name,Last Name,Status,Email,Ward,Joined,Status Date\n"
        "X1,,Smith,Gone away,not-an-email,,31/02/2026,yesterday\n"
    )
    with pytest.raises(ReportError) as caught:
        parse_report(text)
    [(line, message)] = caught.value.errors
    assert line == 2
    assert message.startswith("First name is empty; Status “Gone away” is not one of")
    assert "Email “not-an-email” is not an email address" in message
    assert "neither a branch nor a ward" in message
    assert "Joined “31/02/2026” is not a date (use DD/MM/YYYY)" in message
    assert "Status date “yesterday” is not a date" in message
    assert message.endswith(".")

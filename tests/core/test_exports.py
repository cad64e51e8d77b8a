"""The one CSV writer (clp.core.exports.csv_export) neutralises every cell a spreadsheet
would run as a formula, whatever column it is in (OWASP: CSV injection)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from clp.core.exports import FORMULA_STARTS, csv_export

DANGEROUS = ["=", "+", "-", "@", "\t", "\r", "\n"]


def read(exported):
    return list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))


def test_every_dangerous_first_character_is_covered():
    assert set(DANGEROUS) == set(FORMULA_STARTS)


@pytest.mark.parametrize("start", DANGEROUS)
def test_a_cell_starting_with_a_formula_character_reaches_the_spreadsheet_as_text(start):
    value = f'{start}HYPERLINK("http://evil.example","Click")'
    rows = read(csv_export("x.csv", ["Name", "Note"], [[value, f"ok {start}"], ["plain", value]]))
    assert rows[1] == ["'" + value, f"ok {start}"]
    assert rows[2] == ["plain", "'" + value]


@pytest.mark.parametrize("start", DANGEROUS)
def test_the_header_is_neutralised_too(start):
    assert read(csv_export("x.csv", [f"{start}cmd"], []))[0] == [f"'{start}cmd"]


def test_other_values_are_written_as_they_are():
    rows = read(
        csv_export(
            "x.csv",
            ["a", "b", "c", "d"],
            [["Ada Lovelace", Decimal("500.01"), datetime.date(2026, 1, 31), None]],
        )
    )
    assert rows[1] == ["Ada Lovelace", "500.01", "2026-01-31", ""]


def test_the_file_is_utf8_with_a_byte_order_mark_for_spreadsheets():
    exported = csv_export("people.csv", ["Name"], [["Siân"]])
    assert exported.content.startswith(b"\xef\xbb\xbf")
    assert exported.filename == "people.csv" and exported.content_type.startswith("text/csv")

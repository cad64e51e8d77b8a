"""Reading the party's Membership Action Report (a CSV), with no database.

The columns are documented in README.md ("Branches and the directory") and shown by the
sample files in tests/data/. Every problem is reported against its row (the header is
row 1, as a spreadsheet numbers them) so the Secretary can fix the file and upload it again.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from clp.core import bounds

# Our name for each column -> the headings the membership system uses for it.
COLUMNS = {
    "membership_number": ("membership number", "membership no", "membership no."),
    "first_name": ("first name", "firstname", "forename"),
    "last_name": ("last name", "lastname", "surname"),
    "status": ("status", "membership status"),
    "email": ("email", "email address"),
    "phone": ("mobile", "telephone", "phone"),
    "address": ("address", "address1", "address line 1"),
    "postcode": ("postcode", "post code"),
    "branch": ("branch", "branch name"),
    "ward": ("ward", "ward name"),
    "joined_on": ("joined", "join date", "date joined"),
    "status_on": ("status date", "date of change"),
}
REQUIRED = ("membership_number", "first_name", "last_name", "status")

# What the report says -> officers.models.Person.Status values.
STATUSES = {
    "new": "new",
    "current": "member",
    "member": "member",
    "arrears": "arrears",
    "in arrears": "arrears",
    "lapsed": "lapsed",
    "resigned": "resigned",
}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")
# The columns' lengths (officers.Person): a value longer than its column is refused here, in
# the preview, not when the import is confirmed. An email address is at most 254 (RFC 5321).
LIMITS = {
    "membership_number": 20,
    "first_name": 80,
    "last_name": 80,
    "email": 254,
    "phone": 40,
    "postcode": 10,
    "address": 2_000,
}


@dataclass(frozen=True)
class ReportRow:
    line: int
    membership_number: str
    first_name: str
    last_name: str
    status: str
    email: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""
    branch: str = ""
    ward: str = ""
    joined_on: datetime.date | None = None
    status_on: datetime.date | None = None


class ReportError(Exception):
    """The file cannot be imported: `errors` is a list of (row number, message); row 0 is the file."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} problem(s) in the file")
        self.errors = errors


def _date(value):
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _headings(header):
    found, unknown = {}, []
    for index, heading in enumerate(header):
        key = " ".join(heading.strip().lower().split())
        ours = next((name for name, names in COLUMNS.items() if key in names), None)
        if ours and ours not in found:
            found[ours] = index
        elif not ours and key:
            unknown.append(heading.strip())
    return found, unknown


LABELS = {"joined_on": "Joined", "status_on": "Status date"}


def _label(name):
    return LABELS.get(name) or name.replace("_", " ").capitalize()


def _row(line, cells, columns, width):
    """The row, or ValueError naming every problem in it (so one upload finds them all)."""
    if len(cells) != width:
        raise ValueError(f"This row has {len(cells)} fields where the header has {width}.")
    values = {name: cells[index].strip() for name, index in columns.items()}
    problems = [f"{_label(name)} is empty" for name in REQUIRED if not values.get(name)]
    problems += [
        f"{_label(name)} is longer than {limit} characters"
        for name, limit in LIMITS.items()
        if len(values.get(name, "")) > limit
    ]
    status = STATUSES.get(values["status"].lower())
    if status is None and values["status"]:
        allowed = ", ".join(sorted({s.title() for s in STATUSES}))
        problems.append(f"Status “{values['status']}” is not one of {allowed}")
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            problems.append(f"Email “{values['email']}” is not an email address")
    if not values.get("branch") and not values.get("ward"):
        problems.append("there is neither a branch nor a ward, so it cannot be placed in a branch")
    for name in ("joined_on", "status_on"):
        raw = values.get(name)
        values[name] = _date(raw) if raw else None
        if raw and values[name] is None:
            problems.append(f"{_label(name)} “{raw}” is not a date (use DD/MM/YYYY)")
        elif values[name] and not bounds.first_day() <= values[name] <= bounds.last_day():
            problems.append(
                f"{_label(name)} “{raw}” is not a date between {bounds.years()[0]} and {bounds.years()[1]}"
            )
            values[name] = None
    if problems:
        message = "; ".join(problems) + "."
        raise ValueError(message[0].upper() + message[1:])
    values["status"] = status
    return ReportRow(line=line, **values)


def parse_report(text):
    """The rows of a Membership Action Report, or ReportError listing every problem found."""
    rows, errors = parse_rows(text)
    if errors:
        raise ReportError(errors)
    return rows


def parse_rows(text):
    """(the good rows, [(row number, problem), ...]) so that a caller may add its own checks of
    the good rows to the same list; ReportError when the file as a whole cannot be read."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ReportError([(0, "The file is empty or is not a CSV file.")]) from None
    columns, _unknown = _headings(header)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        names = ", ".join(f"“{COLUMNS[m][0].title()}”" for m in missing)
        raise ReportError([(1, f"The header row has no column {names}. Is this a Membership Action Report?")])
    rows, errors, seen = [], [], {}
    line = 1
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            try:
                row = _row(line, cells, columns, len(header))
            except ValueError as exc:
                errors.append((line, str(exc)))
                continue
            number = row.membership_number
            if number in seen:
                errors.append((line, f"Membership number {number} is also on row {seen[number]}."))
                continue
            seen[number] = line
            rows.append(row)
    except csv.Error as exc:
        errors.append((line + 1, f"This row cannot be read as CSV ({exc})."))
    if not rows and not errors:
        raise ReportError([(0, "The file has a header row but no members.")])
    return rows, errors

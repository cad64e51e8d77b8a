"""Reading the party's Membership Action Report (a CSV), with no database (a Django form per
row checks it).

The columns are documented in README.md ("Branches and the directory") and shown by the
sample files in tests/data/. Every problem is reported against its row (the header is
row 1, as a spreadsheet numbers them) so the Secretary can fix the file and upload it again.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from clp.core import bounds
from clp.core.bounds import Bounded
from officers.models import Person

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
ALLOWED = ", ".join(sorted({s.title() for s in STATUSES}))


class ReportRowForm(Bounded, forms.Form):
    """One row of the report: its fields, lengths (officers.Person's columns, so a value too
    long is refused in the preview, not when the import is confirmed), emails, dates and
    statuses declared once. Each error message is a template: {label} and {value} (the cell
    as written) are filled in by `row_problems`."""

    length_from = Person

    membership_number = forms.CharField()
    first_name = forms.CharField()
    last_name = forms.CharField()
    status = forms.ChoiceField(
        choices=[(name, name) for name in STATUSES],
        error_messages={"invalid_choice": "Status “{value}” is not one of " + ALLOWED},
    )
    email = forms.EmailField(
        required=False, error_messages={"invalid": "Email “{value}” is not an email address"}
    )
    phone = forms.CharField(required=False)
    address = forms.CharField(required=False)
    postcode = forms.CharField(required=False)
    branch = forms.CharField(required=False)
    ward = forms.CharField(required=False)
    joined_on = forms.DateField(required=False, input_formats=DATE_FORMATS)
    status_on = forms.DateField(required=False, input_formats=DATE_FORMATS)

    LABELS = {"joined_on": "Joined", "status_on": "Status date"}
    MESSAGES = {
        "required": "{label} is empty",
        "max_length": "{label} is longer than {limit} characters",
        "invalid": "{label} “{value}” is not a date (use DD/MM/YYYY)",
        "date_out_of_range": "{label} “{value}” is not a date between {low} and {high}",
    }

    # Cells that repeat from row to row (a status, a date, a branch): cleaned once per report.
    REPEATING = frozenset({"status", "branch", "ward", "joined_on", "status_on"})

    def __init__(self, data, *, memo=None, **kwargs):
        # The report's words for a status, whatever their case and spacing.
        data = {**data, "status": " ".join(data.get("status", "").lower().split())}
        super().__init__(data, **kwargs)
        self.memo = {} if memo is None else memo

    def _clean_fields(self):
        """Django's, without a BoundField per cell (no field is disabled and every widget
        reads data[name]: the same values), and with a repeating cell's clean value taken
        from `memo` when an earlier row had the same one. Only clean values are kept there:
        a cell in error is cleaned again, so each row still names its own problems."""
        memo = self.memo
        for name, field in self.fields.items():
            value = field.widget.value_from_datadict(self.data, None, name)
            try:
                if name in self.REPEATING:
                    key = (name, value)
                    if key in memo:
                        cleaned = memo[key]
                    else:
                        cleaned = memo[key] = field.clean(value)
                else:
                    cleaned = field.clean(value)
                self.cleaned_data[name] = cleaned
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except ValidationError as e:
                self.add_error(name, e)

    def clean(self):
        data = super().clean()
        if not self.data.get("branch") and not self.data.get("ward"):
            raise ValidationError("there is neither a branch nor a ward, so it cannot be placed in a branch")
        return data

    @classmethod
    def label(cls, name):
        return cls.LABELS.get(name) or name.replace("_", " ").capitalize()

    def row_problems(self, raw):
        """Every problem of the row in words, in the order of its fields."""
        low, high = bounds.years()
        problems = []
        for name, errors in self.errors.as_data().items():
            for error in errors:
                template = error.message if "{" in error.message else self.MESSAGES.get(error.code)
                if template is None:
                    problems.append(" ".join(error.messages))
                    continue
                field = self.fields.get(name)
                problems.append(
                    template.format(
                        label=self.label(name),
                        value=raw.get(name, ""),
                        limit=getattr(field, "max_length", ""),
                        low=low,
                        high=high,
                    )
                )
        return problems


class _Shared(dict):
    """Fields every row's form shares: they hold no state of a row, and Django's copy of
    twelve fields per form would be most of the time a 10,000-row report takes to check."""

    def __deepcopy__(self, memo):
        return self


ReportRowForm.base_fields = _Shared(ReportRowForm.base_fields)


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


def _row(line, cells, columns, width, memo=None):
    """The row, or ValueError naming every problem in it (so one upload finds them all)."""
    if len(cells) != width:
        raise ValueError(f"This row has {len(cells)} fields where the header has {width}.")
    raw = {name: cells[index].strip() for name, index in columns.items()}
    form = ReportRowForm(raw, memo=memo, label_suffix="")  # never shown: no gettext per row
    if not form.is_valid():
        message = "; ".join(form.row_problems(raw)) + "."
        raise ValueError(message[0].upper() + message[1:])
    values = dict(form.cleaned_data)
    values["status"] = STATUSES[form.cleaned_data["status"]]
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
    rows, errors, seen, memo = [], [], {}, {}
    line = 1
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            try:
                row = _row(line, cells, columns, len(header), memo)
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

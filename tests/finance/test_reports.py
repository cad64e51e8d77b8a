"""The quarterly donation and loan report: its rows, the PDF and CSV, freezing and amending."""

import csv
import datetime
import io
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pypdf import PdfReader

from clp.notifications.models import Notification
from finance import exports, services
from finance.models import QuarterlyReport
from finance.returns import quarter_report
from tests.factories.finance import DonationFactory, LoanFactory, PermissibilityCheckFactory, SourceFactory

pytestmark = pytest.mark.django_db
d = datetime.date
AFTER_Q1 = datetime.datetime(2025, 4, 3, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def after_q1():
    with time_machine.travel(AFTER_Q1, tick=False):
        yield


def _text(pdf_bytes):
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)
    return " ".join(text.split())  # table cells wrap: compare words, not lines


FEB_10 = d(2025, 2, 10)


def _donation(name, amount, on=FEB_10, **kwargs):
    return DonationFactory(source=SourceFactory(name=name), amount=D(amount), received_on=on, **kwargs)


@pytest.mark.parametrize(
    ("amount", "kwargs", "listed"),
    [
        ("500.00", {}, False),
        ("500.01", {}, True),
        ("650.00", {"non_cash": True}, True),
        ("450.00", {"non_cash": True}, False),
        ("800.00", {"branch": "a"}, True),
    ],
)
def test_the_report_lists_donations_over_500_only(after_q1, branch_a, amount, kwargs, listed):
    if kwargs.get("branch"):
        kwargs["branch"] = branch_a
    donation = _donation("Donor", amount, **kwargs)
    rows = quarter_report(2025, 1, d(2025, 4, 3)).rows
    assert [r.ref for r in rows] == ([f"donation:{donation.pk}"] if listed else [])
    if listed and donation.branch_id:
        assert rows[0].received_by == "Alpha Branch"
    if listed and donation.nature == "non_cash":
        assert rows[0].nature == "Non-cash: Printing and publications: Printing of 5,000 leaflets"


def test_the_report_shows_the_quarter_a_source_passes_the_ec_threshold(after_q1):
    source = SourceFactory(name="Generous Union")
    DonationFactory(  # accepted last year: does not count in 2025
        source=source, amount=D("1000"), received_on=d(2024, 12, 20), accepted_on=d(2024, 12, 21)
    )
    DonationFactory(source=source, amount=D("1200"), received_on=d(2025, 1, 15))
    LoanFactory(source=source, amount=D("1100"), made_on=d(2025, 3, 1))  # loans count too
    rows = quarter_report(2025, 1, d(2025, 4, 3)).rows
    assert [r.crosses_ec_threshold for r in rows] == [True, True]


def test_a_returned_donation_is_reported_but_does_not_add_to_the_total(after_q1):
    source = SourceFactory(name="Offshore Ltd", category="other")
    returned = DonationFactory(source=source, amount=D("2000"), received_on=d(2025, 1, 15))
    PermissibilityCheckFactory(
        donation=returned, outcome="returned", returned_on=d(2025, 1, 20), returned_to="Offshore Ltd"
    )
    DonationFactory(source=source, amount=D("600"), received_on=d(2025, 2, 15))
    rows = quarter_report(2025, 1, d(2025, 4, 3)).rows
    assert len(rows) == 2 and not any(r.crosses_ec_threshold for r in rows)
    assert "returned 20/01/2025 to Offshore Ltd" in rows[0].outcome


def test_the_pdf_lists_every_reportable_donation_and_no_other(after_q1, treasurer, branch_a):
    _donation("Alice Above", "500.01")
    _donation("Nina Nonreportable", "500.00")
    _donation("Printing Partners Ltd", "1200.00", non_cash=True, source__category="company")
    _donation("Branch Backer", "900.00", branch=branch_a)
    _donation("Late Larry", "900.00", on=d(2025, 4, 1))  # next quarter
    check = PermissibilityCheckFactory(
        donation=_donation("Ivan Impermissible", "2000.00"),
        outcome="returned", returned_on=d(2025, 2, 12), returned_to="Ivan Impermissible (the donor)",
    )  # fmt: skip
    _, content_type, pdf = exports.quarterly_report(2025, 1, "pdf")
    text = _text(pdf)
    assert content_type == "application/pdf"
    for name in ["Alice Above", "Printing Partners Ltd", "Branch Backer", "Ivan Impermissible"]:
        assert name in text
    assert "Nina Nonreportable" not in text and "Late Larry" not in text
    assert "returned 12/02/2025 to Ivan Impermissible (the donor)" in text
    assert "Demo Constituency Labour Party" in text and "Tess Treasurer" in text
    assert "2,600.01" in text  # the total: the returned £2,000 was never accepted
    assert "left out of the totals: £2,000.00" in text
    assert check.pk


def test_a_quarter_with_no_reportable_donations_gives_a_nil_report(after_q1, treasurer):
    _donation("Small Giver", "20.00")
    text = _text(exports.quarterly_report(2025, 1, "pdf")[2])
    assert "NIL RETURN" in text
    assert "Small Giver" not in text
    _, _, csv = exports.quarterly_report(2025, 1, "csv")
    assert "NIL RETURN" in csv.decode("utf-8-sig")


def test_the_csv_has_the_fields_head_office_needs(after_q1):
    donation = _donation("Carla Cash", "750.00")
    lines = exports.quarterly_report(2025, 1, "csv")[2].decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Reference,Type,Donor or lender,Category,Address")
    assert lines[1].startswith(f"donation:{donation.pk},Donation,Carla Cash,Individual,1 High Street Anytown")
    assert ",750.00,Cash,2025-02-10," in lines[1]


def test_a_report_for_a_quarter_not_yet_over_is_a_draft_and_cannot_be_submitted(treasurer):
    with time_machine.travel(datetime.datetime(2025, 3, 20, 9, tzinfo=datetime.UTC), tick=False):
        filename, _, pdf = exports.quarterly_report(2025, 1, "pdf")
        assert "DRAFT" in filename and "DRAFT" in _text(pdf)
        with pytest.raises(ValidationError, match="not over until 31 March 2025"):
            services.report_submit(year=2025, quarter=1, by=None, sent_how="email")
    assert not QuarterlyReport.objects.exists()


def test_submitting_freezes_the_report_and_a_later_find_makes_version_2(after_q1, treasurer):
    _donation("First Donor", "800.00")
    first = services.report_submit(year=2025, quarter=1, by=treasurer.user, sent_how="email to GLU")
    frozen_pdf = bytes(first.pdf)
    _donation("Found Later", "900.00", on=d(2025, 3, 30), accepted_on=d(2025, 3, 31))
    first.refresh_from_db()
    assert bytes(first.pdf) == frozen_pdf and "Found Later" not in _text(frozen_pdf)
    with pytest.raises(ValueError):
        first.save()
    services.donation_save(
        by=None,
        source=SourceFactory(),
        amount=D("700"),
        received_on=d(2025, 3, 2),
        accepted_on=d(2025, 3, 10),
    )
    assert Notification.objects.filter(key__contains="2025-Q1:amend:v1", post__role="treasurer").exists()
    live = quarter_report(2025, 1, d(2025, 4, 3))
    assert live.needs_amendment
    with pytest.raises(ValidationError) as error:
        services.report_submit(year=2025, quarter=1, by=treasurer.user, sent_how="email to GLU")
    assert "say why" in error.value.message_dict["reason"][0]
    second = services.report_submit(
        year=2025,
        quarter=1,
        by=treasurer.user,
        sent_how="email to GLU",
        reason="A branch donation was found in the April statement.",
    )
    text = _text(bytes(second.pdf))
    assert second.version == 2 and "Found Later" in text and "amended report" in text
    assert "A branch donation was found" in text
    assert not quarter_report(2025, 1, d(2025, 4, 3)).needs_amendment


def test_report_reminders_go_to_the_treasurer_then_the_chair_when_overdue(treasurer, chair, posts, settings):
    settings.FINANCE_REPORT_DUE_DAYS = 14
    with time_machine.travel(AFTER_Q1, tick=False):
        services.deadlines_run()
        services.deadlines_run()
    rows = Notification.objects.filter(key__startswith="finance:report:2025-Q1:").order_by("due_at", "key")
    assert [(r.due_at.date(), r.post.slug) for r in rows] == [
        (d(2025, 4, 7), "treasurer"),
        (d(2025, 4, 12), "treasurer"),
        (d(2025, 4, 14), "treasurer"),
        (d(2025, 4, 15), "chair"),
        (d(2025, 4, 15), "treasurer"),
    ]
    with time_machine.travel(AFTER_Q1, tick=False):
        services.report_submit(year=2025, quarter=1, by=treasurer.user, sent_how="email to GLU")
    assert not rows.filter(status=Notification.Status.PENDING).exists()


def test_the_command_writes_the_report(after_q1, tmp_path):
    _donation("Command Donor", "501.00")
    pdf_path, csv_path = tmp_path / "q1.pdf", tmp_path / "q1.csv"
    call_command(
        "quarterly_report", "2025", "1", "--format", "pdf", "--output", str(pdf_path), stdout=io.StringIO()
    )
    call_command(
        "quarterly_report", "2025", "1", "--format", "csv", "--output", str(csv_path), stdout=io.StringIO()
    )
    assert "Command Donor" in _text(pdf_path.read_bytes())
    assert "Command Donor" in csv_path.read_text(encoding="utf-8-sig")


def test_the_csv_cannot_smuggle_a_formula_into_a_spreadsheet(after_q1):
    _donation('=HYPERLINK("http://evil")', "900.00")
    line = exports.quarterly_report(2025, 1, "csv")[2].decode("utf-8-sig").splitlines()[1]
    assert ",\"'=HYPERLINK(" in line


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_no_cell_starting_like_a_formula_reaches_a_spreadsheet_as_one(after_q1, start):
    _donation(f'{start}HYPERLINK("http://evil.example")', "900.00")
    text = exports.quarterly_report(2025, 1, "csv")[2].decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[2] == f'\'{start}HYPERLINK("http://evil.example")'

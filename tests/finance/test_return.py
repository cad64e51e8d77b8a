"""The quarterly return as the Electoral Commission counts it, read back from the CSV and
the PDF: which items each quarter lists, the groups, acceptance and deemed acceptance,
returns within and after the 30 days, the evidence of a check, loans and their changes, the
quarters page and the amended-report notice.

Scenario rows follow the Commission's worked examples (see tests/finance/test_thresholds.py
for the addresses): "Reporting donations and loans: examples" (example 2, three £900
donations to an accounting unit; example 3, a donation and a loan from one source) and
"Parties with accounting units" (reported "each time" the total not previously reported
passes £2,230)."""

import csv
import datetime
import io
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from finance import exports, services
from finance.models import Donation, LoanChange, PermissibilityCheck, QuarterlyReport
from finance.returns import quarter_report
from tests.factories.finance import (
    DonationFactory,
    LoanFactory,
    PermissibilityCheckFactory,
    QuarterlyReportFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
d = datetime.date
NOW = datetime.datetime(2026, 2, 12, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def in_2026():
    """Every test runs on 12 February 2026 (logins and terms of office included)."""
    with time_machine.travel(NOW, tick=False):
        yield


def _csv_refs(year, quarter):
    """The references of the items a quarter's CSV lists (the groups' sections apart)."""
    rows = list(
        csv.reader(io.StringIO(exports.quarterly_report(year, quarter, "csv")[2].decode("utf-8-sig")))
    )
    items, groups = [], []
    for row in rows[1:]:
        if row and row[0].startswith("REPORTABLE GROUP"):
            groups.append((row[0], []))
        elif row and groups:
            groups[-1][1].append(row[0])
        elif row and row[0][:1].isalpha() and ":" in row[0] and not row[0].startswith("NIL"):
            items.append(row[0])
    return items, groups


def _pdf(year, quarter):
    pdf = exports.quarterly_report(year, quarter, "pdf")[2]
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def _given(source, amount, received, accepted=None):
    return DonationFactory(source=source, amount=D(amount), received_on=received, accepted_on=accepted)


def test_a_donor_reported_twice_in_one_year_two_groups_each_listed_whole():
    donor = SourceFactory(name="Steady Giver")
    feb = _given(donor, "1500", d(2025, 2, 1), d(2025, 2, 3))
    may = _given(donor, "1000", d(2025, 5, 1), d(2025, 5, 2))  # group 1: £2,500 in Q2
    aug = _given(donor, "900", d(2025, 8, 1), d(2025, 8, 4))  # group 2 starts
    octo = _given(donor, "900", d(2025, 10, 1), d(2025, 10, 2))
    nov = _given(donor, "900", d(2025, 11, 1), d(2025, 11, 3))  # group 2: £2,700 in Q4
    refs = {x: f"donation:{x.pk}" for x in (feb, may, aug, octo, nov)}
    assert _csv_refs(2025, 1) == ([refs[feb]], [])
    q2_items, q2_groups = _csv_refs(2025, 2)
    assert q2_items == [refs[may]] and [g[1] for g in q2_groups] == [[refs[feb], refs[may]]]
    assert "group 1 of 2025" in q2_groups[0][0] and "£2,500.00" in q2_groups[0][0]
    assert _csv_refs(2025, 3) == ([refs[aug]], [])
    q4_items, q4_groups = _csv_refs(2025, 4)
    assert q4_items == [refs[octo], refs[nov]]
    assert [g[1] for g in q4_groups] == [[refs[aug], refs[octo], refs[nov]]]
    assert "group 2 of 2025" in q4_groups[0][0]
    text = _pdf(2025, 4)
    assert "Steady Giver: group 2 of 2025 (donations)" in text and "2,700.00" in text


def test_a_group_of_a_donation_and_a_loan_is_marked_as_such():
    source = SourceFactory(name="Mixed Means")
    gift = _given(source, "1200", d(2025, 3, 1), d(2025, 3, 2))
    loan = LoanFactory(source=source, amount=D("1200"), made_on=d(2025, 6, 3))
    _, groups = _csv_refs(2025, 2)
    assert [g[1] for g in groups] == [[f"donation:{gift.pk}", f"loan:{loan.pk}"]]
    assert "(donations and loans)" in groups[0][0]
    assert "a group of donations and loans" in _pdf(2025, 2)


def test_received_in_march_and_accepted_in_april_belongs_to_q2():
    donation = _given(SourceFactory(), "800", d(2025, 3, 28), d(2025, 4, 2))
    assert _csv_refs(2025, 1)[0] == []
    assert _csv_refs(2025, 2)[0] == [f"donation:{donation.pk}"]


def test_a_donation_kept_past_30_days_is_deemed_accepted_on_day_31_and_flagged():
    kept = _given(SourceFactory(name="Unchecked Una"), "900", d(2025, 3, 5))  # day 31: 4 April
    assert _csv_refs(2025, 1)[0] == []
    (row,) = quarter_report(2025, 2, d(2026, 1, 20)).rows
    assert (row.ref, row.accepted_on, row.status) == (
        f"donation:{kept.pk}",
        d(2025, 4, 4),
        "Deemed accepted, not checked",
    )
    assert "Deemed accepted, not checked" in _pdf(2025, 2)


def test_on_day_30_an_undecided_donation_is_not_yet_on_any_report():
    donation = _given(SourceFactory(), "900", d(2026, 2, 10))
    with time_machine.travel(datetime.datetime(2026, 3, 11, 12, tzinfo=datetime.UTC), tick=False):
        assert quarter_report(2026, 1, d(2026, 3, 11)).rows == []
    with time_machine.travel(datetime.datetime(2026, 3, 12, 12, tzinfo=datetime.UTC), tick=False):
        assert [r.ref for r in quarter_report(2026, 1, d(2026, 3, 12)).rows] == [f"donation:{donation.pk}"]


def _returned(source, amount, received, returned):
    donation = _given(source, amount, received)
    PermissibilityCheckFactory(
        donation=donation, outcome="returned", answers={}, returned_on=returned, returned_to="the donor"
    )
    return donation


def test_returned_within_30_days_never_counts_returned_after_still_does():
    source = SourceFactory(name="Overseas Ltd", category="other")
    in_time = _returned(source, "2000", d(2025, 1, 10), d(2025, 2, 8))  # day 30
    late = _returned(source, "2400", d(2025, 1, 10), d(2025, 2, 9))  # day 31: deemed accepted first
    report = quarter_report(2025, 1, d(2026, 1, 20))
    by_ref = {r.ref: r for r in report.rows}
    assert by_ref[f"donation:{in_time.pk}"].status == "Not accepted"
    assert by_ref[f"donation:{late.pk}"].accepted_on == d(2025, 2, 9)
    assert by_ref[f"donation:{late.pk}"].status == "Accepted"
    assert report.total == D("2400") and report.not_accepted_total == D("2000")
    # Only the late one counts towards the group (£2,400 over £2,230: a group of one).
    assert [g.items[0][0] for g in report.groups] == [f"donation:{late.pk}"]


def test_an_impermissible_donation_is_reported_in_the_quarter_it_was_dealt_with():
    source = SourceFactory(name="Charity Trust", category="charity")
    donation = _returned(source, "700", d(2025, 6, 20), d(2025, 7, 3))
    assert _csv_refs(2025, 2)[0] == []
    assert _csv_refs(2025, 3)[0] == [f"donation:{donation.pk}"]
    page = donation_page_text(donation)
    assert "Not accepted: returned on 03 July 2025" in page


def donation_page_text(donation):
    from finance.selectors import donation_status, threshold_tables

    donation.refresh_from_db()
    return donation_status(donation, d(2026, 1, 20), threshold_tables()).accepted


def test_the_report_names_the_treasurer_in_post_at_the_end_of_the_quarter(posts):
    from tests.conftest import holder

    holder(posts["treasurer"], first_name="Olive", last_name="Oldtreasurer",
           starts_on=d(2024, 1, 1), ends_on=d(2025, 12, 31))  # fmt: skip
    holder(posts["treasurer"], first_name="Tess", last_name="Treasurer", starts_on=d(2026, 1, 1))
    assert quarter_report(2025, 4, d(2026, 2, 12)).treasurer_name == "Olive Oldtreasurer"
    assert quarter_report(2026, 1, d(2026, 2, 12)).treasurer_name == "Tess Treasurer"


# Permissibility: the questions as answered, kept as evidence ---------------------------------


def _check(donation, treasurer, answers, details=None, outcome="permissible"):
    return services.check_record(
        by=None, donation=donation, checked_on=donation.received_on, checked_by=treasurer,
        answers=answers, details=details or {}, outcome=outcome,
    )  # fmt: skip


def test_a_uk_company_that_does_not_trade_in_the_uk_cannot_be_recorded_permissible(treasurer):
    donation = DonationFactory(source__category="company", source__registration_number="01234567")
    answers = {"registered_companies_act": True, "incorporated_uk": True, "carries_on_business_uk": False}
    details = {"company_number": "01234567", "registered_office": "1 Quay, Northgate"}
    with pytest.raises(ValidationError) as error:
        _check(donation, treasurer, answers, details)
    assert "must carry on business in the UK" in error.value.message_dict["outcome"][0]
    assert not PermissibilityCheck.objects.exists()


def test_questions_left_unanswered_are_named_and_nothing_is_saved(treasurer):
    donation = DonationFactory()
    with pytest.raises(ValidationError) as error:
        _check(donation, treasurer, {"on_register": True}, {"register": "Anytown"})
    message = error.value.message_dict["outcome"][0]
    assert "Channel Islands or the Isle of Man" in message and "Electoral number" in message
    assert not PermissibilityCheck.objects.exists()


def test_answers_showing_a_permissible_donor_cannot_be_recorded_as_returned(treasurer):
    donation = DonationFactory()
    answers = {"on_register": True, "register_outside_uk": False}
    with pytest.raises(ValidationError) as error:
        _check(donation, treasurer, answers, {"register": "A", "electoral_number": "1"}, outcome="returned")
    assert "Every answer shows a permissible donor" in error.value.message_dict["outcome"][0]


def test_the_check_page_asks_the_laws_questions_and_keeps_the_answers(client_for, treasurer):
    donation = DonationFactory(received_on=d(2026, 2, 10), source__name="Vera Voter")
    url = reverse("finance:donation_check", args=[donation.pk])
    client = client_for(treasurer)
    form = client.get(url).content.decode()
    assert "on a UK electoral register on the day the donation was received" in form
    sent = {"checked_on": "2026-02-11", "checked_by": treasurer.pk, "outcome": "permissible",
            "q_on_register": "no", "q_register_outside_uk": "no", "d_register": "Anytown",
            "d_electoral_number": "AB-1"}  # fmt: skip
    refused = client.post(url, sent).content.decode()
    assert "must be on a UK electoral register" in refused and not PermissibilityCheck.objects.exists()
    page = client.post(url, {**sent, "q_on_register": "yes"}, follow=True).content.decode()
    check = PermissibilityCheck.objects.get()
    assert check.answers == {"on_register": True, "register_outside_uk": False}
    assert (check.checked_by, check.details["electoral_number"]) == (treasurer, "AB-1")
    assert "The law's questions, as answered" in page and "11 February 2026" in page


# Loans ---------------------------------------------------------------------------------------


def test_a_change_to_a_reported_loan_is_reported_as_a_change_not_a_new_loan(treasurer):
    facility = LoanFactory(kind="credit_facility", amount=D("2500"), made_on=d(2025, 3, 2))
    change = services.loan_change_record(
        loan=facility, by=None, changed_on=d(2025, 5, 1), what=LoanChange.What.AMOUNT,
        description="Limit raised for the campaign", new_amount=D("4000"),
    )  # fmt: skip
    items, _ = _csv_refs(2025, 2)
    assert items == [f"loan-change:{change.pk}"]
    assert "Limit raised for the campaign" in _pdf(2025, 2)
    assert _csv_refs(2025, 1)[0] == [f"loan:{facility.pk}"]


def test_a_loan_cannot_change_after_it_ended():
    loan = LoanFactory(made_on=d(2025, 3, 2), ended_on=d(2025, 6, 30))
    with pytest.raises(ValidationError) as error:
        services.loan_change_record(
            loan=loan, by=None, changed_on=d(2025, 7, 5), what="interest", description="Rate cut"
        )
    assert "ended on 30 June 2025" in error.value.message_dict["changed_on"][0]
    assert not LoanChange.objects.exists()


def test_a_loan_is_corrected_in_the_app_with_history(client_for, treasurer):
    loan = LoanFactory(made_on=d(2026, 1, 5), amount=D("2000"))
    PermissibilityCheckFactory(donation=None, loan=loan, checked_on=d(2026, 1, 2))
    url = reverse("finance:loan_edit", args=[loan.pk])
    data = {"kind": "loan", "amount": "2100", "made_on": "2026-01-05", "repayment_indefinite": "on"}
    client_for(treasurer).post(url, data)
    loan.refresh_from_db()
    assert loan.amount == D("2100") and loan.repayment_indefinite
    assert loan.history.count() == 2


# Quarters, submission, amendment -------------------------------------------------------------


def test_the_quarters_page_lists_this_year_and_last_with_draft_and_overdue(client_for, treasurer):
    QuarterlyReportFactory(year=2025, quarter=1, sent_on=d(2025, 4, 25))  # due 14 April: late
    page = client_for(treasurer).get(reverse("finance:reports")).content.decode()
    for label in ["Q1 2026", "Q4 2025", "Q3 2025", "Q2 2025", "Q1 2025"]:
        assert label in page
    assert "Q2 2026" not in page
    assert "Draft: the quarter is not over" in page and page.count("Overdue") == 3
    assert "late: first sent after the due date" in page and "version 1" in page


def test_a_donation_recorded_in_a_submitted_quarter_says_so_with_a_link(client_for, treasurer):
    QuarterlyReportFactory(year=2025, quarter=4)
    source = SourceFactory()
    data = {"source": source.pk, "nature": "cash", "received_how": "transfer", "amount": "800",
            "received_on": "2025-12-20", "accepted_on": "2025-12-22"}  # fmt: skip
    page = client_for(treasurer).post(reverse("finance:donation_new"), data, follow=True).content.decode()
    assert "Q4 2025 (October to December) was already submitted (version 1) without this" in page
    assert reverse("finance:report", args=[2025, 4]) in page


def test_submitting_twice_the_same_donation_form_records_one_donation(client_for, treasurer):
    source = SourceFactory()
    client = client_for(treasurer)
    data = {"source": source.pk, "nature": "cash", "received_how": "transfer", "amount": "650",
            "received_on": "2026-02-01", "once": "A" * 24}  # fmt: skip
    first = client.post(reverse("finance:donation_new"), data)
    again = client.post(reverse("finance:donation_new"), data)  # double click, or back and resend
    other_tab = client.post(reverse("finance:donation_new"), {**data, "once": "B" * 24})
    assert first.status_code == again.status_code == other_tab.status_code == 302
    assert Donation.objects.count() == 1
    assert QuarterlyReport.objects.count() == 0


@pytest.mark.parametrize(("accepted", "refused"), [(d(2026, 1, 30), False), (d(2026, 1, 31), True)])
def test_a_decision_dated_after_day_30_is_refused_it_was_deemed_accepted(accepted, refused):
    fields = {"by": None, "source": SourceFactory(), "amount": D("900"), "received_on": d(2026, 1, 1)}
    if not refused:
        assert services.donation_save(**fields, accepted_on=accepted).accepted_on == accepted
        return
    with pytest.raises(ValidationError) as error:
        services.donation_save(**fields, accepted_on=accepted)
    assert "deemed accepted on 31 January 2026" in error.value.message_dict["accepted_on"][0]
    assert not Donation.objects.exists()


def test_a_return_dated_before_the_donation_was_received_is_refused(treasurer):
    donation = DonationFactory(received_on=d(2026, 2, 5), source__category="charity")
    with pytest.raises(ValidationError) as error:
        services.check_record(
            by=None, donation=donation, checked_on=d(2026, 2, 6), checked_by=treasurer, answers={},
            outcome="returned", returned_on=d(2026, 2, 1), returned_to="the charity",
        )  # fmt: skip
    assert "before it was received" in error.value.message_dict["returned_on"][0]
    assert not PermissibilityCheck.objects.exists()

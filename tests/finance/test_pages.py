"""The finance pages through the client: who reaches what, plain errors, fixed query counts."""

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from finance.models import Donation, LedgerEntry, Loan, QuarterlyReport
from tests.factories.finance import (
    BankAccountFactory,
    DonationFactory,
    LedgerEntryFactory,
    PermissibilityCheckFactory,
    SignatoryFactory,
    SourceFactory,
)
from tests.pdf_stub import pdf_layout_skipped

pytestmark = pytest.mark.django_db
d = datetime.date
NOW = datetime.datetime(2026, 2, 12, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_branch_treasurer_records_a_donation_for_their_own_branch(client_for, branch_treasurer_a, branch_a):
    source = SourceFactory(name="Local Shop")
    response = client_for(branch_treasurer_a).post(
        reverse("finance:donation_new"),
        {
            "source": source.pk,
            "branch": branch_a.pk,
            "nature": "cash",
            "amount": "120.00",
            "received_on": "2026-02-11",
        },
    )
    donation = Donation.objects.get()
    assert response.status_code == 302 and donation.branch == branch_a and donation.amount == D("120.00")


def test_branch_treasurer_cannot_record_for_another_branch(client_for, branch_treasurer_a, branch_b):
    response = client_for(branch_treasurer_a).post(
        reverse("finance:donation_new"),
        {
            "source": SourceFactory().pk,
            "branch": branch_b.pk,
            "nature": "cash",
            "amount": "50",
            "received_on": "2026-02-11",
        },
    )
    assert response.status_code == 200 and not Donation.objects.exists()


def test_branch_treasurer_cannot_see_another_branchs_donation(client_for, branch_treasurer_a, branch_b):
    other = DonationFactory(branch=branch_b)
    assert client_for(branch_treasurer_a).get(reverse("finance:donation", args=[other.pk])).status_code == 404


def test_branch_treasurer_sees_only_their_branchs_donations(
    client_for, branch_treasurer_a, branch_a, branch_b
):
    DonationFactory(branch=branch_a, source__name="Alpha Friend")
    DonationFactory(branch=branch_b, source__name="Beta Friend")
    DonationFactory(source__name="CLP Friend")
    page = client_for(branch_treasurer_a).get(reverse("finance:donations")).content.decode()
    assert "Alpha Friend" in page and "Beta Friend" not in page and "CLP Friend" not in page


def test_branch_treasurer_records_income_but_not_checks_loans_or_reports(
    client_for, branch_treasurer_a, branch_a
):
    client = client_for(branch_treasurer_a)
    own = DonationFactory(branch=branch_a)
    assert client.get(reverse("finance:donation_check", args=[own.pk])).status_code == 403
    assert client.get(reverse("finance:loans")).status_code == 403
    assert client.get(reverse("finance:reports")).status_code == 403
    response = client.post(
        reverse("finance:entry_new"),
        {
            "direction": "expenditure",
            "category": "venues",
            "amount": "40",
            "on": "2026-02-01",
            "branch": branch_a.pk,
        },
    )
    assert response.status_code == 200 and not LedgerEntry.objects.exists()
    client.post(
        reverse("finance:entry_new"),
        {
            "direction": "income",
            "category": "fundraising",
            "amount": "40",
            "on": "2026-02-01",
            "branch": branch_a.pk,
            "description": "Quiz night",
        },
    )
    assert LedgerEntry.objects.get().branch == branch_a


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "0"}, "Enter an amount of more than £0"),
        ({"amount": "-5"}, "Enter an amount of more than £0"),
        ({"received_on": "2026-03-01"}, "A donation cannot be dated in the future"),
    ],
)
def test_bad_donations_get_a_plain_message_and_keep_what_was_typed(client_for, treasurer, data, message):
    source = SourceFactory()
    form = {"source": source.pk, "nature": "cash", "amount": "600", "received_on": "2026-02-10",
            "notes": "Cheque 000123", **data}  # fmt: skip
    page = client_for(treasurer).post(reverse("finance:donation_new"), form).content.decode()
    assert message in page and "Cheque 000123" in page
    assert not Donation.objects.exists()


def test_a_check_dated_before_the_donation_is_refused_on_the_page(client_for, treasurer):
    donation = DonationFactory(received_on=d(2026, 2, 10))
    page = (
        client_for(treasurer)
        .post(
            reverse("finance:donation_check", args=[donation.pk]),
            {
                "checked_on": "2026-02-01",
                "checked_by": treasurer.pk,
                "evidence": "On the register",
                "outcome": "permissible",
            },
        )
        .content.decode()
    )
    assert "cannot be dated before the donation was received" in page


def test_a_loan_checked_after_it_was_made_is_refused_on_the_page(client_for, treasurer):
    page = client_for(treasurer).post(
        reverse("finance:loan_new") + f"?source={SourceFactory().pk}",
        {"kind": "loan", "amount": "3000", "made_on": "2026-02-01", "repayment_indefinite": "on",
         "checked_on": "2026-02-05", "checked_by": treasurer.pk, "q_on_register": "yes",
         "q_register_outside_uk": "no", "d_register": "Anytown", "d_electoral_number": "AB-1"},
    ).content.decode()  # fmt: skip
    assert "must be checked before the loan is made" in page and not Loan.objects.exists()


def test_submitting_a_quarter_not_over_is_refused_with_a_message(client_for, treasurer):
    client = client_for(treasurer)
    response = client.post(reverse("finance:report_submit", args=[2026, 1]), follow=True)
    page = response.content.decode()
    assert "not over until 31 March 2026" in page and "DRAFT" in page


def test_the_treasurer_submits_a_nil_report_and_downloads_it_as_submitted(client_for, treasurer):
    client = client_for(treasurer)
    url = reverse("finance:report_submit", args=[2025, 4])
    unconfirmed = client.post(url, {"sent_how": "email to GLU", "sent_on": "2026-01-05"}).content.decode()
    assert "Tick the box to confirm" in unconfirmed and not QuarterlyReport.objects.exists()
    sent = {"sent_how": "email to GLU", "sent_on": "2026-01-05", "confirm": "on"}
    page = client.post(url, sent, follow=True).content.decode()
    assert "Submitted Q4 2025 report, version 1" in page
    report = QuarterlyReport.objects.get()
    assert (report.sent_how, report.sent_on, report.submitted_by) == (
        "email to GLU",
        d(2026, 1, 5),
        treasurer.user,
    )
    download = client.get(reverse("finance:report_file", args=[report.pk, "pdf"]))
    assert download.content == bytes(report.pdf)
    assert download["Content-Disposition"] == 'attachment; filename="donation-loan-report-2025-Q4-v1.pdf"'


def test_the_secretary_sees_the_summary_but_not_donors(client_for, secretary):
    DonationFactory(source__name="Private Person")
    client = client_for(secretary)
    assert "Private Person" not in client.get(reverse("finance:index")).content.decode()
    assert client.get(reverse("finance:donations")).status_code == 403


def test_bank_account_warns_when_fewer_than_3_signatories_are_current_officers(
    client_for, treasurer, chair, secretary, member
):
    account = BankAccountFactory()
    for person in (treasurer, chair, member):
        SignatoryFactory(account=account, person=person)
    page = client_for(treasurer).get(reverse("finance:bank")).content.decode()
    assert "Only 2 of the signatories are current officers" in page
    SignatoryFactory(account=account, person=secretary)
    page = client_for(treasurer).get(reverse("finance:bank")).content.decode()
    assert "3 signatories are current officers" in page


def test_bank_account_warns_when_more_than_4_people_can_sign(
    client_for, treasurer, chair, secretary, equality_officer, member
):
    account = BankAccountFactory()
    for person in (treasurer, chair, secretary, equality_officer, member):
        SignatoryFactory(account=account, person=person)
    page = client_for(treasurer).get(reverse("finance:bank")).content.decode()
    assert "5 people can sign: an account has 3 or 4 officer signatories" in page


def test_annual_accounts_add_clp_and_branches_and_flag_25000(client_for, treasurer, branch_a):
    LedgerEntryFactory(amount=D("20000.00"), on=d(2025, 5, 1))
    LedgerEntryFactory(amount=D("4999.99"), on=d(2025, 6, 1), branch=branch_a)
    DonationFactory(amount=D("0.02"), received_on=d(2025, 7, 1))
    client = client_for(treasurer)
    page = client.get(reverse("finance:accounts") + "?year=2025").content.decode()
    assert "£25,000.01" in page and "must also go to the Electoral Commission by 30 April 2026" in page


def _many_donations(n, branch=None):
    for i in range(n):
        donation = DonationFactory(
            amount=D("600") + i, received_on=d(2026, 1, 5) + datetime.timedelta(days=i), branch=branch
        )
        if i % 2:
            PermissibilityCheckFactory(donation=donation)


@pytest.mark.parametrize("n", [1, 12])
def test_the_donations_list_runs_a_fixed_number_of_queries(
    client_for, treasurer, n, django_assert_max_num_queries
):
    client = client_for(treasurer)
    client.get(reverse("finance:donations"))  # warm the session
    _many_donations(n)
    # session, user, the two-factor device, person, terms (access), thresholds, the count
    # and the page of donations with their source, branch, check and checker in one join,
    # the year's total, the inbox count.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("finance:donations"))
    assert response.content.decode().count("<tr>") == n + 1


@pytest.mark.parametrize("n", [1, 12])
def test_the_report_page_runs_a_fixed_number_of_queries(
    client_for, treasurer, n, django_assert_max_num_queries
):
    client = client_for(treasurer)
    client.get(reverse("finance:index"))
    _many_donations(n)
    # session, user, the two-factor device, person, terms (access), thresholds, the day and
    # reference of every row of the quarter (donations and loans in one union), the page's
    # donations (joined to source, branch, check, checker), the page's loans (the same), the
    # donations' totals, the loans' totals, the kept groups, changes to loans, the
    # Treasurer's term, submitted versions, the inbox count.
    with django_assert_max_num_queries(16):
        assert client.get(reverse("finance:report", args=[2026, 1])).status_code == 200


@pytest.mark.parametrize("fmt", ["pdf", "csv"])
@pytest.mark.parametrize("n", [1, 12])
def test_the_report_downloads_run_a_fixed_number_of_queries(
    client_for, treasurer, n, fmt, django_assert_max_num_queries
):
    """The rows are read as values of what the outputs show (finance.returns._FIELDS), each
    source holding only those: a template or writer that reads anything else of a source
    would load it again for every row, and fail here."""
    client = client_for(treasurer)
    client.get(reverse("finance:index"))
    _many_donations(n)
    url = reverse("finance:report_export", args=[2026, 1, fmt])
    # the layout's 5, thresholds, the quarter's donations (with their source, branch, check,
    # checker), its loans, the totals, the kept groups, changes to loans, the Treasurer,
    # submitted versions.
    with pdf_layout_skipped(), django_assert_max_num_queries(13):
        response = client.get(url)
    assert response.status_code == 200
    if fmt == "csv":  # those received by 13 January are past their 30 days on 12 February
        assert response.content.decode().count("donation:") == min(n, 9)


def test_the_report_page_shows_every_row_a_page_at_a_time_with_the_quarters_totals(
    client_for, treasurer, monkeypatch
):
    from finance import views

    monkeypatch.setattr(views, "REPORT_PAGE", 2)
    for i, name in enumerate(["First Giver", "Second Giver", "Third Giver"]):
        DonationFactory(
            source=SourceFactory(name=name), amount=D("600") + 100 * i, received_on=d(2025, 1, 5 + i)
        )
    returned = DonationFactory(
        source=SourceFactory(name="Sent Back"), amount=D("900"), received_on=d(2025, 1, 9)
    )
    PermissibilityCheckFactory(
        donation=returned, outcome="returned", returned_on=d(2025, 1, 20), returned_to="Sent Back"
    )
    client = client_for(treasurer)
    url = reverse("finance:report", args=[2025, 1])
    first, second = (client.get(url + f"?page={n}").content.decode() for n in (1, 2))
    assert "Showing 1–2 of 4 donations and loans in the quarter" in first
    # In the order they count: returned on 20 January, then deemed accepted on day 31.
    assert "Sent Back" in first and "First Giver" in first and "Second Giver" not in first
    assert "Not accepted, dealt with 20 Jan 2025" in first and "<td>£900.00</td>" in first
    assert "<td>5 Jan 2025</td>\n    <td>4 Feb 2025</td>" in first  # received, deemed accepted on day 31
    assert "Second Giver" in second and "Third Giver" in second and "First Giver" not in second
    for page in (first, second):  # the whole quarter's totals on every page
        assert "£2,100.00" in page and "not accepted, left out: £900.00" in page
    assert 'href="?page=2"' in first and 'href="?page=1"' in second


@pytest.mark.parametrize("n", [1, 12])
def test_the_finance_index_runs_a_fixed_number_of_queries(
    client_for, treasurer, n, django_assert_max_num_queries
):
    client = client_for(treasurer)
    client.get(reverse("finance:index"))
    _many_donations(n)
    SignatoryFactory(account=BankAccountFactory(), person=treasurer)
    # session, user, the two-factor device, person, terms (access), thresholds, the count of
    # unchecked donations and a page of them (joined), current officers' terms, bank accounts,
    # their signatories, ledger sums by category, the donations sum, submitted reports, the
    # inbox count.
    with django_assert_max_num_queries(15):
        assert client.get(reverse("finance:index")).status_code == 200


def test_the_totals_page_shows_the_quarter_a_source_passes_the_threshold(client_for, treasurer):
    source = SourceFactory(name="Steady Giver")
    DonationFactory(source=source, amount=D("1000"), received_on=d(2023, 12, 1))
    DonationFactory(source=source, amount=D("1000"), received_on=d(2024, 2, 1))
    DonationFactory(source=source, amount=D("1000"), received_on=d(2024, 5, 1))
    DonationFactory(source=source, amount=D("500.00"), received_on=d(2024, 6, 1))  # not a donation in law
    client = client_for(treasurer)
    page_2023 = client.get(reverse("finance:totals") + "?year=2023").content.decode()
    page_2024 = client.get(reverse("finance:totals") + "?year=2024").content.decode()
    assert "£1,000.00" in page_2023 and " in Q" not in page_2023
    assert "£2,000.00" in page_2024 and "more than £2,230" in page_2024 and " in Q" not in page_2024
    DonationFactory(source=source, amount=D("300.00"), received_on=d(2024, 8, 1))
    DonationFactory(source=source, amount=D("500.01"), received_on=d(2024, 10, 2))
    page_2024 = client.get(reverse("finance:totals") + "?year=2024").content.decode()
    # Received 2 October and never decided: deemed accepted on day 31, 1 November.
    assert "£2,500.01 in Q4 (1 Nov 2024)" in page_2024


def test_the_totals_page_shows_every_source_a_page_at_a_time_largest_first(
    client_for, treasurer, monkeypatch
):
    from finance import views

    monkeypatch.setattr(views, "TOTALS_PAGE", 1)
    DonationFactory(source=SourceFactory(name="Small Giver"), amount=D("600"), received_on=d(2025, 2, 1))
    big = SourceFactory(name="Big Giver")
    DonationFactory(source=big, amount=D("700"), received_on=d(2025, 2, 1))
    DonationFactory(source=big, amount=D("800"), received_on=d(2025, 3, 1))
    client = client_for(treasurer)
    url = reverse("finance:totals") + "?year=2025"
    first, second = (client.get(url + f"&page={n}").content.decode() for n in (1, 2))
    assert "Showing 1–1 of 2 sources in 2025" in first
    assert "Big Giver" in first and "£1,500.00" in first and "Small Giver" not in first
    assert "Small Giver" in second and "£600.00" in second and "Big Giver" not in second
    assert 'href="?year=2025&amp;page=2"' in first


def test_the_treasurer_is_told_once_when_the_mandate_falls_below_3_officers(treasurer, chair, member):
    from clp.notifications.models import Notification
    from finance import services

    account = BankAccountFactory()
    for person in (treasurer, chair, member):
        SignatoryFactory(account=account, person=person)
    services.deadlines_run()
    services.deadlines_run()
    notice = Notification.objects.get(kind="bank_signatories")
    assert notice.post.role == "treasurer" and "Only 2 of the signatories" in notice.body


def test_branch_treasurer_cannot_move_their_donation_to_another_branch(
    client_for, branch_treasurer_a, branch_a, branch_b
):
    donation = DonationFactory(branch=branch_a, amount=D("120.00"), received_on=d(2026, 2, 1))
    response = client_for(branch_treasurer_a).post(
        reverse("finance:donation_edit", args=[donation.pk]),
        {"source": donation.source_id, "branch": branch_b.pk, "nature": "cash", "amount": "120.00",
         "received_on": "2026-02-01"},
    )  # fmt: skip
    donation.refresh_from_db()
    assert response.status_code == 200 and donation.branch == branch_a


def test_branch_treasurer_cannot_record_income_for_another_branch(client_for, branch_treasurer_a, branch_b):
    response = client_for(branch_treasurer_a).post(
        reverse("finance:entry_new"),
        {"direction": "income", "category": "fundraising", "amount": "40", "on": "2026-02-01",
         "branch": branch_b.pk, "description": "Quiz night"},
    )  # fmt: skip
    assert response.status_code == 200 and not LedgerEntry.objects.exists()


def test_branch_treasurer_cannot_edit_another_branchs_donation(client_for, branch_treasurer_a, branch_b):
    other = DonationFactory(branch=branch_b)
    client = client_for(branch_treasurer_a)
    assert client.get(reverse("finance:donation_edit", args=[other.pk])).status_code == 404


def test_only_someone_who_has_held_a_post_can_be_made_a_signatory(client_for, treasurer):
    from officers.models import Person
    from tests.factories.officers import PersonFactory

    account, outsider = BankAccountFactory(), PersonFactory()
    client = client_for(treasurer)
    page = client.post(
        reverse("finance:signatory_add", args=[account.pk]), {"person": outsider.pk}, follow=True
    ).content.decode()
    assert "Choose a person to add as a signatory." in page and not account.signatories.exists()
    client.post(reverse("finance:signatory_add", args=[account.pk]), {"person": treasurer.pk})
    assert [s.person for s in account.signatories.all()] == [Person.objects.get(pk=treasurer.pk)]


@pytest.mark.parametrize("year", ["99999", "-1", "1", "x"])
def test_a_year_out_of_range_shows_this_year(client_for, treasurer, year):
    client = client_for(treasurer)
    for name in ("finance:donations", "finance:entries", "finance:totals", "finance:accounts"):
        response = client.get(reverse(name), {"year": year})
        assert response.status_code == 200 and response.context["year"] == 2026


def test_the_check_of_another_branchs_donation_is_a_404_for_a_branch_treasurer(
    client_for, branch_treasurer_a, branch_b
):
    other = DonationFactory(branch=branch_b)
    client = client_for(branch_treasurer_a)
    assert client.get(reverse("finance:donation_check", args=[other.pk])).status_code == 404


# The page's rows as its templates wrote them before they were written in Python
# (ReportRow.html, GroupRow.html, SourceYearRow.html): each must be in the page as it was.
REPORT_ROW = """
  <tr>
    <td>{{ row.kind }}{% if row.sponsorship %} (sponsorship){% endif %}</td>
    <th scope="row">{{ row.donor_name }}{% if row.group %} <span class="status-warning">(in a reportable group: {{ row.group }})</span>{% endif %}</th>
    <td>{{ row.amount_text }}</td><td>{{ row.nature }}</td><td>{{ row.received_text }}</td>
    <td>{{ row.accepted_text }}</td>
    <td>{% if row.deemed and not row.check %}<span class="status-breach">{{ row.status }}</span>{% else %}{{ row.status }}{% endif %}{% if row.dealt_with_on %}, dealt with {{ row.dealt_with_text }}{% endif %}</td>
    <td>{{ row.received_by }}</td><td>{{ row.outcome }}</td>
  </tr>
  """  # noqa: E501
REPORT_GROUP = """
<h3>{{ g.label }}{% if g.mixed %}: a group of donations and loans{% endif %}</h3>
<p>{{ g.summary }}</p>
<ul>{% for line in g.lines %}<li>{{ line }}</li>{% endfor %}</ul>
"""
TOTALS_ROW = """
  <tr>
    <th scope="row">{{ row.source }}</th>
    <td>£{{ row.total|floatformat:"2g" }}</td>
    <td>{% for g in row.reportable %}<span class="status-warning">£{{ g.total|floatformat:"2g" }} in Q{{ g.quarter }} ({{ g.reportable_on|date:"j M Y" }}){% if g.mixed %}, donations and loans{% endif %}</span>{% if not forloop.last %}<br>{% endif %}{% empty %}None{% endfor %}</td>
    <td>£{{ row.open_total|floatformat:"2g" }}</td>
  </tr>
  """  # noqa: E501


def test_the_report_and_totals_rows_are_the_html_the_templates_wrote(client_for, treasurer):
    from django.template import Context, Template

    from tests.factories.finance import LoanFactory

    odd = SourceFactory(name="<b>Giver</b> & Sons")
    for day_of, amount in [(5, "1000"), (6, "900"), (7, "1200.50"), (20, "1500")]:
        DonationFactory(source=odd, amount=D(amount), received_on=d(2025, 1, day_of))
    DonationFactory(source=odd, amount=D("800"), received_on=d(2025, 1, 8), is_sponsorship=True)
    returned = DonationFactory(
        source=SourceFactory(name="Sent <Back>"), amount=D("900"), received_on=d(2025, 1, 9)
    )
    PermissibilityCheckFactory(
        donation=returned, outcome="returned", returned_on=d(2025, 1, 20), returned_to="Sent <Back>"
    )
    lender = SourceFactory(name="Lender & Co")
    DonationFactory(source=lender, amount=D("1500"), received_on=d(2025, 1, 10))
    LoanFactory(source=lender, amount=D("2000"), made_on=d(2025, 2, 1))
    DonationFactory(source=SourceFactory(name="Small"), amount=D("600"), received_on=d(2025, 3, 1))
    client = client_for(treasurer)
    response = client.get(reverse("finance:report", args=[2025, 1]))
    page = response.content.decode()
    report = response.context["report"]
    assert len(report.rows) >= 7 and any(r.group for r in report.rows)
    for row in report.rows:
        assert Template(REPORT_ROW).render(Context({"row": row})) in page
    assert "<b>Giver</b>" not in page and "Sent <Back>" not in page
    response = client.get(reverse("finance:report_groups", args=[2025, 1]))
    page = response.content.decode()
    groups = response.context["page"].object_list
    assert len(groups) >= 2 and any(g.mixed for g in groups)
    for g in groups:
        assert Template(REPORT_GROUP).render(Context({"g": g})) in page
    # The groups are read as plain values: each heading still names its source, escaped.
    assert "<h3>&lt;b&gt;Giver&lt;/b&gt; &amp; Sons: group 1 of 2025" in page
    assert "<h3>Lender &amp; Co: group 1 of 2025 (donations and loans)" in page
    assert "<b>Giver</b>" not in page and "Sent <Back>" not in page
    response = client.get(reverse("finance:totals") + "?year=2025")
    page = response.content.decode()
    assert len(response.context["rows"]) == 3  # the one sent back is not counted
    for row in response.context["rows"]:
        assert Template(TOTALS_ROW).render(Context({"row": row})) in page
    assert "<b>Giver</b>" not in page

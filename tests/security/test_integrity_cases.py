"""The cases issue 14 saw break a page or a record, each as a named test (the proxy, lockout,
rate-limit, size and two-factor cases are in test_proxy, test_rate_limits,
test_request_limits and test_two_factor; the property-based test in test_bad_input)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from finance.models import Donation
from meetings.models import Attendance, Meeting, Paper
from tests.factories.finance import BankAccountFactory, DonationFactory, SignatoryFactory, SourceFactory
from tests.factories.meetings import PDF_BYTES, AgendaItemFactory, MeetingFactory
from tests.factories.officers import PersonFactory

pytestmark = pytest.mark.django_db
RANGE = "Enter a date between 1900 and 2100."


def test_a_paper_with_a_250_character_file_name_is_refused_plainly(client_for, secretary):
    item = AgendaItemFactory(meeting=MeetingFactory(kind=Meeting.Kind.EC))
    upload = SimpleUploadedFile("x" * 250 + ".pdf", PDF_BYTES, content_type="application/pdf")
    response = client_for(secretary).post(
        reverse("meetings:paper_upload", kwargs={"pk": item.pk}), {"title": "", "file": upload}, follow=True
    )
    assert response.status_code == 200
    assert "has at most 100 characters" in response.content.decode().replace("&#x27;", "'")
    assert not Paper.objects.exists()


@pytest.mark.parametrize("year", ["-1", "9" * 20, "0", "abc"])
@pytest.mark.parametrize("page", ["finance:donations", "finance:totals", "finance:accounts"])
def test_a_finance_list_with_a_year_out_of_range_shows_this_year(client_for, treasurer, page, year):
    response = client_for(treasurer).get(reverse(page) + f"?year={year}")
    assert response.status_code == 200
    assert str(timezone.localdate().year) in response.content.decode()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_officer_team_and_the_balance_check_take_any_date_without_failing(client_for, secretary, day):
    client = client_for(secretary)
    assert client.get(reverse("officers:index") + f"?date={day}").status_code == 200
    assert client.get(reverse("officers:check") + f"?on={day}").status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_planning_a_year_from_a_date_out_of_range_is_refused(client_for, secretary, day):
    data = {
        "kind": "ec",
        "nth": "2",
        "weekday": "1",
        "start_time": "19:00",
        "first_month": day,
        "months": "12",
    }
    response = client_for(secretary).post(reverse("meetings:plan_year"), data)
    assert response.status_code == 200
    assert RANGE in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("when", ["9999-12-31T23:59", "0001-01-01T00:00"])
def test_a_meeting_cannot_be_moved_to_a_date_out_of_range(client_for, secretary, when):
    meeting = MeetingFactory(kind=Meeting.Kind.EC, venue="Trades Hall")
    response = client_for(secretary).post(
        reverse("meetings:edit", kwargs={"pk": meeting.pk}),
        {"title": "EC", "starts_at": when, "venue": "Trades Hall", "online_link": ""},
    )
    assert response.status_code == 200 and RANGE in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).starts_at == meeting.starts_at


def test_a_meeting_on_the_last_minute_of_the_range_keeps_its_page_and_calendar_working(client_for, secretary):
    last = timezone.make_aware(datetime.datetime(2100, 12, 31, 23, 59))
    meeting = MeetingFactory(kind=Meeting.Kind.EC, starts_at=last)
    client = client_for(secretary)
    assert client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).status_code == 200
    feed_page = client.get(reverse("meetings:calendar"))
    assert feed_page.status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_recording_a_donation_on_a_date_out_of_range_is_refused(client_for, treasurer, day):
    source = SourceFactory()
    data = {"source": source.pk, "nature": "cash", "amount": "600.00", "received_on": day, "accepted_on": ""}
    response = client_for(treasurer).post(reverse("finance:donation_new"), data)
    assert response.status_code == 200 and RANGE in response.content.decode()
    assert not Donation.objects.exists()


@pytest.mark.parametrize("count", ["3", "1000", "999999999"])
def test_an_attendance_post_whose_count_does_not_match_its_rows_is_refused_and_saves_nothing(
    client_for, branch_secretary_a, branch_a, count
):
    meeting = MeetingFactory(kind=Meeting.Kind.BRANCH, branch=branch_a)
    data = {
        "form-TOTAL_FORMS": count,
        "form-INITIAL_FORMS": "0",
        "form-0-person": str(branch_secretary_a.pk),
        "form-0-status": "present",
    }
    response = client_for(branch_secretary_a).post(
        reverse("meetings:attendance", kwargs={"pk": meeting.pk}), data, follow=True
    )
    assert response.status_code == 200
    assert 'class="message message-error"' in response.content.decode()
    assert not Attendance.objects.exists()


def test_an_email_too_long_for_its_column_fails_in_the_membership_report_preview(
    client_for, secretary, branch_a
):
    email = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 60 + "." + "e" * 54 + ".org"
    assert len(email) == 312
    csv = (
        f"Membership Number,First Name,Last Name,Status,Branch,Email\nM1,Ada,L,New,{branch_a.name},{email}\n"
    )
    upload = SimpleUploadedFile("report.csv", csv.encode(), content_type="text/csv")
    response = client_for(secretary).post(reverse("branches:import_upload"), {"report": upload}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Email is longer than 254 characters" in text and "nothing imported" in text


def test_a_branch_treasurer_sees_only_their_branchs_donors(
    client_for, branch_treasurer_a, branch_a, branch_b
):
    DonationFactory(branch=branch_a, source=SourceFactory(name="Alpha Bakery"))
    DonationFactory(branch=branch_b, source=SourceFactory(name="Beta Builders"))
    DonationFactory(branch=None, source=SourceFactory(name="CLP Benefactor"))
    page = client_for(branch_treasurer_a).get(reverse("finance:donation_new")).content.decode()
    assert "Alpha Bakery" in page
    assert "Beta Builders" not in page and "CLP Benefactor" not in page


def test_a_branch_treasurer_cannot_post_another_donor(client_for, branch_treasurer_a, branch_b):
    theirs = DonationFactory(branch=branch_b).source
    data = {"source": theirs.pk, "nature": "cash", "amount": "20.00", "received_on": "2026-01-05"}
    response = client_for(branch_treasurer_a).post(reverse("finance:donation_new"), data)
    assert response.status_code == 200
    assert not Donation.objects.filter(source=theirs).exclude(branch=branch_b).exists()


@pytest.mark.parametrize(("role", "named"), [("treasurer", True), ("chair", True), ("secretary", True)])
def test_the_bank_mandate_names_its_signatories_to_those_who_keep_it(request, client_for, role, named):
    signatory = SignatoryFactory(account=BankAccountFactory(), person=PersonFactory(last_name="Signwell"))
    page = client_for(request.getfixturevalue(role)).get(reverse("finance:bank")).content.decode()
    assert ("Signwell" in page) is named
    assert signatory.account.name in page


def test_other_officers_see_how_many_signatories_but_not_who(client_for, equality_officer):
    SignatoryFactory(account=BankAccountFactory(), person=PersonFactory(last_name="Signwell"))
    response = client_for(equality_officer).get(reverse("finance:bank"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Signwell" not in text
    assert "1 signatory" in text


def test_a_name_that_is_a_formula_reaches_the_directory_csv_as_text(client_for, secretary, posts):
    from tests.conftest import holder
    from tests.factories.officers import PostFactory

    holder(PostFactory(slug="tulo", name="TULO Officer"), first_name='=HYPERLINK("http://evil")')
    response = client_for(secretary).get(reverse("branches:directory_csv"))
    content = b"".join(response) if response.streaming else response.content
    text = content.decode("utf-8-sig")
    assert "'=HYPERLINK(" in text
    assert ",=HYPERLINK(" not in text and '"=HYPERLINK(' not in text


@pytest.mark.django_db(transaction=True)
def test_two_submissions_of_one_quarter_at_once_make_one_report_and_tell_the_second(treasurer, chair):
    """Two officers (or two tabs) submitting Q1 at the same moment: each transaction finds no
    report yet, so both would make version 1; the database's constraint lets one through and
    the other is told plainly, instead of a server error."""
    import threading

    import time_machine
    from django.core.exceptions import ValidationError
    from django.db import connection

    from finance import exports, services
    from finance.models import QuarterlyReport

    if connection.vendor != "postgresql":
        pytest.skip("two transactions at once need PostgreSQL (SQLite writes one at a time)")
    both_counted = threading.Barrier(2, timeout=30)
    render = exports.report_pdf

    def render_after_both_counted(*args, **kwargs):
        both_counted.wait()  # both have looked for earlier versions and found none
        return render(*args, **kwargs)

    outcomes = []

    def submit(person):
        try:
            services.report_submit(year=2025, quarter=1, by=person.user, sent_how="email")
            outcomes.append("submitted")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    after_q1 = datetime.datetime(2025, 4, 5, 9, tzinfo=datetime.UTC)
    with time_machine.travel(after_q1, tick=False), pytest.MonkeyPatch.context() as patch:
        patch.setattr(exports, "report_pdf", render_after_both_counted)
        threads = [threading.Thread(target=submit, args=(p,)) for p in (treasurer, chair)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sorted(outcomes)[1] == "submitted"
    assert "was submitted a moment ago" in sorted(outcomes)[0]
    assert QuarterlyReport.objects.filter(year=2025, quarter=1).count() == 1

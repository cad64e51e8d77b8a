"""Importing the Membership Action Report: preview first, then one transaction, all or nothing."""

import datetime
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches import services
from branches.models import FollowUp, MembershipImport, MembershipReportEntry
from officers.models import Person, Post
from tests.conftest import holder
from tests.factories.officers import PersonFactory, PostFactory

pytestmark = pytest.mark.django_db


def preview(text, by=None, filename="mar.csv"):
    return services.membership_import_preview(filename=filename, text=text, by=by)


def run(report, capture):
    with capture(execute=True):
        assert services.membership_import_confirm(report=report)
    report.refresh_from_db()
    return report


def test_the_preview_says_what_will_change_and_writes_no_member(wards, branch_a, sample_report):
    PersonFactory(membership_number="L900004", branch=branch_a, membership_status="member")
    before = Person.objects.count()
    report = preview(sample_report)
    assert report.status == MembershipImport.Status.PREVIEW
    assert report.summary["rows"] == 8
    assert report.summary["new_people"] == 7
    assert report.summary["status_changes"] == 1
    assert report.summary["by_status"]["new"] == 3
    assert [5, "L900004", "Quentin Lowe", "Member → Lapsed"] in report.summary["sample"]
    assert Person.objects.count() == before
    assert not MembershipReportEntry.objects.exists()


def test_confirming_imports_people_statuses_and_branches(
    wards, branch_a, branch_b, sample_report, django_capture_on_commit_callbacks
):
    known = PersonFactory(
        membership_number="L900004", branch=branch_b, membership_status="member", email="q@ours.example"
    )
    report = run(preview(sample_report), django_capture_on_commit_callbacks)
    assert report.status == MembershipImport.Status.DONE
    assert report.content == ""  # personal data not kept once imported
    known.refresh_from_db()
    assert known.membership_status == "lapsed"
    assert known.left_on == datetime.date(2026, 10, 31)
    assert known.branch == branch_a  # placed by its branch column
    assert known.email == "q@ours.example"  # what the CLP holds is not overwritten
    owen = Person.objects.get(membership_number="L900002")
    assert (owen.first_name, owen.branch, owen.membership_status) == ("Owen", branch_a, "new")  # by ward
    assert owen.joined_on == datetime.date(2026, 11, 5)
    assert Person.objects.get(membership_number="L900007").branch == branch_b
    entries = MembershipReportEntry.objects.filter(report=report)
    assert {(e.person.membership_number, e.status, e.branch.slug) for e in entries} == {
        ("L900001", "new", "alpha"),
        ("L900002", "new", "alpha"),
        ("L900003", "new", "beta"),
        ("L900004", "lapsed", "alpha"),
        ("L900005", "resigned", "alpha"),
        ("L900006", "arrears", "beta"),
        ("L900007", "member", "beta"),  # kept for the member's timeline
        ("L900008", "lapsed", "beta"),
    }
    assert Person.history.filter(membership_number="L900001").exists()  # audited


def test_a_report_is_imported_once_however_often_it_is_confirmed(
    wards, sample_report, django_capture_on_commit_callbacks
):
    report = run(preview(sample_report), django_capture_on_commit_callbacks)
    assert services.membership_import_confirm(report=report) is False
    assert Person.objects.filter(membership_number__startswith="L9000").count() == 8


def test_one_bad_row_leaves_the_database_unchanged(wards, bad_report):
    people = Person.objects.count()
    report = preview(bad_report)
    assert report.status == MembershipImport.Status.INVALID
    assert report.errors == [
        [3, "Status “Gone away” is not one of Arrears, Current, In Arrears, Lapsed, Member, New, Resigned."]
    ]
    assert services.membership_import_confirm(report=report) is False
    assert Person.objects.count() == people
    assert not MembershipReportEntry.objects.exists()


def test_a_row_in_no_known_branch_or_ward_is_an_error(wards):
    text = "Membership Number,First Name,Last Name,Status,Branch,Ward\nA1,Ann,Archer,New,Gamma,Gorse\n"
    report = preview(text)
    assert report.errors == [[2, "The branch “Gamma” or ward “Gorse” is not a branch or ward of this CLP."]]


def test_one_upload_lists_malformed_rows_and_rows_in_unknown_wards_together_in_row_order(wards):
    text = (
        "Membership Number,First Name,Last Name,Status,Branch,Ward\n"
        "A1,Ann,Archer,New,,Gorse\n"
        "A2,,Baker,New,,Aldgate\n"
        "A3,Cara,Clarke,New,,Aldgate\n"
    )
    report = preview(text)
    assert report.errors == [
        [2, "The ward “Gorse” is not a branch or ward of this CLP."],
        [3, "First name is empty."],
    ]
    assert not Person.objects.filter(membership_number__in=["A1", "A2", "A3"]).exists()


def test_a_failure_during_the_import_rolls_everything_back(
    wards, sample_report, django_capture_on_commit_callbacks
):
    report = preview(sample_report)
    wards["bankside"].delete()  # the file no longer places every row
    people = Person.objects.count()
    report = run(report, django_capture_on_commit_callbacks)
    assert report.status == MembershipImport.Status.FAILED
    assert [line for line, _ in report.errors] == [8]
    assert Person.objects.count() == people


def test_the_secretary_uploads_previews_and_confirms_through_the_pages(
    client_for, secretary, wards, sample_report, django_capture_on_commit_callbacks
):
    client = client_for(secretary)
    upload = SimpleUploadedFile("mar.csv", sample_report.encode(), content_type="text/csv")
    response = client.post(reverse("branches:import_upload"), {"report": upload}, follow=True)
    assert "8 members in the report" in response.content.decode()
    report = MembershipImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("branches:import_confirm", args=[report.pk]))
    html = client.get(reverse("branches:import_detail", args=[report.pk])).content.decode()
    assert "Status: <strong>Imported</strong>" in html
    assert "What was imported" in html
    assert Person.objects.filter(membership_number="L900001").exists()


def test_an_upload_that_is_not_csv_is_refused_in_plain_english(client_for, secretary):
    upload = SimpleUploadedFile("mar.xlsx", b"PK\x03\x04\x00\x00", content_type="application/octet-stream")
    response = client_for(secretary).post(reverse("branches:import_upload"), {"report": upload})
    assert "is not a CSV file" in response.content.decode()
    assert not MembershipImport.objects.exists()


def test_progress_is_polled_while_the_import_runs(client_for, secretary):
    report = services.membership_import_preview(
        filename="big.csv", text="Membership Number,First Name,Last Name,Status,Ward\nA1,A,B,New,X\n", by=None
    )
    MembershipImport.objects.filter(pk=report.pk).update(
        status=MembershipImport.Status.RUNNING, total_rows=10
    )
    html = client_for(secretary).get(reverse("branches:import_progress", args=[report.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html and "Importing: 0 of 10 rows" in html


def big_report(rows, *, branch_name):
    lines = ["Membership Number,First Name,Last Name,Status,Email,Branch,Joined,Status Date"]
    statuses = ["New", "Current", "Arrears", "Lapsed", "Resigned"]
    for n in range(rows):
        status = statuses[n % 5]
        lines.append(
            f"M{n:07d},First{n},Last{n},{status},m{n}@example.org,{branch_name},01/01/2020,01/11/2026"
        )
    return "\n".join(lines) + "\n"


def test_a_ten_thousand_row_report_imports_in_one_transaction(
    branch_a, django_capture_on_commit_callbacks, capsys
):
    Person.objects.bulk_create(  # a thousand members we know already, in no branch yet
        Person(membership_number=f"M{n:07d}", first_name="Known", last_name=f"Member{n}")
        for n in range(0, 10_000, 10)
    )
    text = big_report(10_000, branch_name=branch_a.name)
    started = time.monotonic()
    report = preview(text)
    previewed = time.monotonic()
    assert report.summary["new_people"] == 9_000
    report = run(report, django_capture_on_commit_callbacks)
    imported = time.monotonic()
    with capsys.disabled():
        print(f"\n10,000-row report: preview {previewed - started:.1f}s, import {imported - previewed:.1f}s")
    assert report.status == MembershipImport.Status.DONE
    assert Person.objects.filter(membership_number__startswith="M").count() == 10_000
    assert Person.objects.filter(branch=branch_a, membership_number__startswith="M").count() == 10_000
    known = Person.objects.get(membership_number="M0000010")
    assert (known.first_name, known.membership_status) == ("Known", "new")  # names are ours to keep
    assert Person.objects.get(membership_number="M0000013").left_on == datetime.date(2026, 11, 1)
    assert MembershipReportEntry.objects.filter(report=report).count() == 10_000  # every row: the timeline
    assert FollowUp.objects.filter(branch=branch_a, closed_on=None).count() == 8_000  # all but the current


def test_a_ten_thousand_row_report_that_fails_at_the_end_imports_nothing(
    branch_a, django_capture_on_commit_callbacks, monkeypatch
):
    report = preview(big_report(10_000, branch_name=branch_a.name))

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(MembershipReportEntry.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        run(report, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.status == MembershipImport.Status.FAILED
    assert not Person.objects.filter(membership_number__startswith="M").exists()


def test_a_new_upload_drops_an_earlier_preview_never_confirmed(wards, sample_report):
    first = preview(sample_report)
    second = preview(sample_report)
    first.refresh_from_db()
    assert first.status == MembershipImport.Status.INVALID and first.content == ""
    assert services.membership_import_confirm(report=first) is False
    assert second.status == MembershipImport.Status.PREVIEW


def test_a_bad_file_shows_each_problem_by_row_on_the_page(client_for, secretary, wards, bad_report):
    upload = SimpleUploadedFile("bad.csv", bad_report.encode(), content_type="text/csv")
    response = client_for(secretary).post(reverse("branches:import_upload"), {"report": upload}, follow=True)
    html = response.content.decode()
    assert "Problems: nothing has been imported" in html
    assert "Row 3" in html and "Status “Gone away” is not one of" in html
    assert "Import these changes" not in html


def test_the_membership_officer_imports_reports_and_the_chair_does_not(client_for, chair):
    officer = holder(PostFactory(slug="vc-membership", role=Post.Role.MEMBERSHIP_OFFICER))
    assert client_for(officer).get(reverse("branches:import_upload")).status_code == 200
    assert client_for(chair).get(reverse("branches:import_upload")).status_code == 403


def test_a_file_bad_on_every_row_lists_the_first_200_and_counts_the_rest(client_for, secretary, wards):
    rows = "".join(f"A{i},Ann,Archer,Gone away,,Aldgate\n" for i in range(250))
    report = preview("Membership Number,First Name,Last Name,Status,Branch,Ward\n" + rows)
    html = client_for(secretary).get(reverse("branches:import_detail", args=[report.pk])).content.decode()
    assert "Row 201" in html and "Row 202" not in html
    assert "And 50 more rows with problems." in html


def _report_of(prefix, rows, *, branch_name, officer):
    """`rows` rows numbered `prefix`0000000...: every status, the first tenth people we know
    (see _known), and `officer` (a post-holder) lapsed."""
    statuses = ["New", "Current", "Arrears", "Lapsed", "Resigned"]
    lines = ["Membership Number,First Name,Last Name,Status,Email,Branch,Joined,Status Date"]
    lines += [
        f"{prefix}{n:07d},First{n},Last{n},{statuses[n % 5]},{prefix}{n}@example.org,{branch_name},"
        "01/01/2020,01/11/2026"
        for n in range(rows)
    ]
    lines.append(
        f"{officer.membership_number},{officer.first_name},{officer.last_name},Lapsed,,{branch_name},,"
    )
    return "\n".join(lines) + "\n"


def _known(prefix, rows, *, branch, other_branch):
    """The people of the first tenth of the rows, already known: half in another branch (the
    report moves them), some with a follow-up open (kept and moved, or closed as renewed)."""
    known = Person.objects.bulk_create(
        Person(
            membership_number=f"{prefix}{n:07d}",
            first_name="Known",
            last_name=f"Member{n}",
            branch=other_branch if n % 2 else branch,
            membership_status="arrears",
        )
        for n in range(rows // 10)
    )
    FollowUp.objects.bulk_create(
        FollowUp(branch=p.branch, person=p, reason="arrears", opened_on=datetime.date(2026, 10, 1))
        for p in known[::3]
    )


def _queries_to_import(prefix, rows, *, branch, other_branch, by):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _known(prefix, rows, branch=branch, other_branch=other_branch)
    officer = holder(PostFactory(), branch=branch, membership_number=f"{prefix}OFFICER")
    text = _report_of(prefix, rows, branch_name=branch.name, officer=officer)
    with CaptureQueriesContext(connection) as previewing:
        report = preview(text, by=by)
    with CaptureQueriesContext(connection) as importing:
        report = services.membership_import_apply(report_id=report.pk)
    assert report.status == MembershipImport.Status.DONE
    assert report.summary["officers_lapsed"] == 1
    return len(previewing), len(importing)


def test_importing_twice_the_rows_takes_the_same_queries(branch_a, branch_b, secretary):
    """No query per row: a report of 2N rows is previewed and imported in as many queries as
    one of N (within a batch of 1,000: a bulk insert is one statement per batch)."""
    small = _queries_to_import("S", 40, branch=branch_a, other_branch=branch_b, by=secretary.user)
    large = _queries_to_import("T", 80, branch=branch_a, other_branch=branch_b, by=secretary.user)
    assert small == large
    assert large[0] <= 10 and large[1] <= 60, large


def test_the_import_records_each_change_in_the_history(branch_a, branch_b, secretary):
    _known("H", 20, branch=branch_a, other_branch=branch_b)
    report = preview(
        big_report(0, branch_name=branch_a.name).rstrip("\n")
        + "\n"
        + "\n".join(
            f"H{n:07d},First{n},Last{n},Lapsed,h{n}@example.org,{branch_a.name},01/01/2020,01/11/2026"
            for n in range(20)
        )
        + "\n",
        by=secretary.user,
        filename="november.csv",
    )
    services.membership_import_apply(report_id=report.pk)
    reason = "Membership Action Report november.csv"
    changed = Person.history.get(membership_number="H0000001", history_type="~")
    assert (changed.membership_status, changed.branch_id, changed.left_on) == (
        "lapsed",
        branch_a.pk,
        datetime.date(2026, 11, 1),
    )
    assert changed.first_name == "Known"  # the row as it now stands
    assert (changed.history_user, changed.history_change_reason) == (secretary.user, reason)
    assert Person.history.filter(membership_number__startswith="H", history_type="~").count() == 2
    created = Person.history.get(membership_number="H0000015")
    assert (created.history_type, created.first_name, created.email) == ("+", "First15", "h15@example.org")
    assert (created.history_user, created.history_change_reason) == (secretary.user, reason)
    opened = FollowUp.history.filter(person__membership_number="H0000015").get()
    assert (opened.history_type, opened.reason, opened.branch_id) == ("+", "lapsed", branch_a.pk)
    assert (opened.history_user, opened.history_change_reason) == (secretary.user, "Membership Action Report")
    assert opened.history_date is not None

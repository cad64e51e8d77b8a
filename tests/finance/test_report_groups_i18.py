"""Issue 18: the quarter's reportable groups have a page of their own, a page at a time; the
report's page says how many there are and links to them, and each of its rows still says which
group it is in, whichever page of rows it is on."""

import datetime
import re
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from finance import returns
from tests.factories.finance import DonationFactory, SourceFactory

pytestmark = pytest.mark.django_db
d = datetime.date
NOW = datetime.datetime(2025, 3, 20, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _accepted(source, amount, on):
    return DonationFactory(source=source, amount=D(amount), received_on=on, accepted_on=on)


@pytest.fixture
def quarter():
    """Three groups pass the accounting units' £2,230 in the first quarter of 2025: Alpha's
    three donations (the third takes it over), Beta's two (Beta also holds a donation still in
    its 30 days on the day, counted later, so its groups are worked out again at read time),
    and Gamma's one. Small's is in none."""
    alpha, beta, gamma = (SourceFactory(name=n) for n in ("Alpha", "Beta", "Gamma"))
    _accepted(alpha, "1000", d(2025, 1, 5))
    _accepted(alpha, "900", d(2025, 1, 10))
    _accepted(alpha, "800", d(2025, 2, 1))
    _accepted(beta, "1500", d(2025, 1, 3))
    _accepted(beta, "1000", d(2025, 3, 1))
    DonationFactory(source=beta, amount=D("700"), received_on=d(2025, 3, 12))  # day 31 is 11 April
    _accepted(gamma, "2500", d(2025, 2, 5))
    _accepted(SourceFactory(name="Small"), "600", d(2025, 3, 2))


def test_each_row_names_its_group_on_every_page_of_rows(client_for, treasurer, quarter, monkeypatch):
    from finance import views

    whole = returns.quarter_report(2025, 1, timezone.localdate())
    expected = {r.ref: r.group for r in whole.rows}
    assert len(whole.groups) == 3 and sum(1 for g in expected.values() if g) == 6
    monkeypatch.setattr(views, "REPORT_PAGE", 2)
    client = client_for(treasurer)
    seen = {}
    for number in (1, 2, 3, 4):
        report = client.get(reverse("finance:report", args=[2025, 1]) + f"?page={number}").context["report"]
        seen |= {r.ref: r.group for r in report.rows}
        assert len(report.groups) == 3  # counted on every page
    assert seen == expected
    # Alpha's third donation is on a page without the first of its group; Beta's rows are
    # labelled from its groups worked out again.
    assert expected[f"donation:{_ref(whole, 'Alpha', 800)}"].startswith("Alpha: group 1 of 2025")
    beta = [expected[r.ref] for r in whole.rows if str(r.source) == "Beta"]
    assert len(beta) == 2 and all(label.startswith("Beta: group 1 of 2025") for label in beta)


def _ref(report, source, amount):
    (row,) = [r for r in report.rows if str(r.source) == source and r.amount == amount]
    return row.ref.split(":")[1]


def test_the_report_page_counts_the_groups_and_links_to_them(client_for, treasurer, quarter):
    page = client_for(treasurer).get(reverse("finance:report", args=[2025, 1])).content.decode()
    url = reverse("finance:report_groups", args=[2025, 1])
    assert "3 groups of benefits from one source accepted since its last reportable group passed £2,230" in (
        page
    )
    assert f'<a href="{url}">The 3 groups, with every benefit in them</a>' in page
    assert "<h3>" not in page  # listed on their own page, not here


def test_the_groups_page_lists_every_group_once_a_page_at_a_time(client_for, treasurer, quarter, monkeypatch):
    from finance import views

    monkeypatch.setattr(views, "GROUPS_PAGE", 2)
    client = client_for(treasurer)
    url = reverse("finance:report_groups", args=[2025, 1])
    first, second = (client.get(url + f"?page={n}").content.decode() for n in (1, 2))
    headings = re.findall(r"<h3>(.*?)</h3>", first) + re.findall(r"<h3>(.*?)</h3>", second)
    assert [h.split(":")[0] for h in headings] == ["Alpha", "Beta", "Gamma"]
    assert "Showing 1–2 of 3 groups" in first and "Showing 3–3 of 3 groups" in second
    assert "<li>Donation of £800.00, accepted 1 Feb 2025</li>" in first  # every benefit listed
    assert "<li>Donation of £700.00" not in first  # not counted yet on the day
    assert f'href="{reverse("finance:report", args=[2025, 1])}"' in first
    assert 'href="?page=2"' in first and 'href="?page=1"' in second
    junk, past = (client.get(url + f"?page={n}").content.decode() for n in ("junk", "99"))
    assert re.findall(r"<h3>.*?</h3>", junk) == re.findall(r"<h3>.*?</h3>", first)  # page 1
    assert re.findall(r"<h3>.*?</h3>", past) == re.findall(r"<h3>.*?</h3>", second)  # the last


def test_a_quarter_without_a_group_says_so(client_for, treasurer):
    _accepted(SourceFactory(name="Small"), "600", d(2025, 3, 2))
    client = client_for(treasurer)
    assert (
        "Reportable to the Electoral Commission"
        not in client.get(reverse("finance:report", args=[2025, 1])).content.decode()
    )
    page = client.get(reverse("finance:report_groups", args=[2025, 1])).content.decode()
    assert "No group of benefits from one source became reportable in this quarter." in page


@pytest.mark.parametrize("n", [1, 12])
def test_the_groups_page_runs_a_fixed_number_of_queries(
    client_for, treasurer, n, django_assert_max_num_queries
):
    client = client_for(treasurer)
    client.get(reverse("finance:reports"))  # warm the session
    for i in range(n):
        _accepted(SourceFactory(name=f"Giver {i}"), "2500", d(2025, 2, 1 + i))
    # session, user, the two-factor device, person, terms (access), thresholds, the kept
    # rows (with the sources still to regroup as a subquery), the inbox count.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("finance:report_groups", args=[2025, 1]))
    assert response.content.decode().count("<h3>") == n

"""The donations list shows a year a page at a time, with the year's count and total from the
database (issue 18: it rendered a whole year, 751 rows, on every request)."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from finance.models import Donation
from tests.factories.finance import SourceFactory

pytestmark = pytest.mark.django_db


def _donations(year, n, *, branch=None, amount=D("10.00")):
    source = SourceFactory()
    return Donation.objects.bulk_create(
        Donation(
            source=source,
            branch=branch,
            amount=amount + i,
            received_on=datetime.date(year, 1, 1) + datetime.timedelta(days=i % 300),
        )
        for i in range(n)
    )


def test_a_year_of_donations_comes_a_page_at_a_time_with_its_count_and_total(client_for, treasurer):
    made = _donations(2025, 60)
    _donations(2024, 5)  # another year: neither listed nor counted
    client = client_for(treasurer)
    first = client.get(reverse("finance:donations"), {"year": 2025}).content.decode()
    total = sum(d.amount for d in made)
    assert f"Showing 1–50 of 60 donations in 2025, £{total:,.2f} in all." in first
    assert first.count("<tr>") == 51  # the heading and 50 rows
    assert 'href="?year=2025&amp;page=2" rel="next"' in first
    second = client.get(reverse("finance:donations"), {"year": 2025, "page": 2}).content.decode()
    assert "Showing 51–60 of 60" in second and second.count("<tr>") == 11


def test_a_branch_treasurer_counts_only_their_branchs_donations(client_for, branch_treasurer_a, branch_a):
    _donations(2025, 3, branch=branch_a, amount=D("20.00"))
    _donations(2025, 4)  # the CLP's own
    html = client_for(branch_treasurer_a).get(reverse("finance:donations"), {"year": 2025}).content.decode()
    assert "3 donations in 2025, £63.00 in all." in html and "Showing" not in html

"""The donations list shows a year a page at a time, with the year's count and total from the
database (issue 18: it rendered a whole year, 751 rows, on every request)."""

import datetime
import re
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


# The donations list's rows as its template wrote them before they were written in Python.
_TEMPLATE_ROWS = """{% for row in rows %}<tr><th scope="row"><a href="{{ row.href }}">{{ row.donor }}</a></th>
<td>{{ row.amount }}</td><td>{{ row.nature }}</td><td>{{ row.received_on }}</td><td>{{ row.received_by }}</td>
<td class="{{ row.status.css }}">{{ row.status.text }}</td></tr>{% endfor %}"""


def _cells(html):
    """Each row's cells, whitespace aside."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    return [re.sub(r">\s+<", "><", re.sub(r"\s+", " ", row)).strip() for row in rows]


def test_the_rows_read_as_the_template_wrote_them_and_only_what_they_show_is_read(
    client_for, treasurer, branch_a, django_assert_num_queries
):
    """finance.selectors.donation_rows writes what the template loop wrote (escaped, each kind of
    status), from donations read with only what a row shows (no query a row)."""
    from django.template import Context, Template
    from django.utils import timezone

    from finance import selectors
    from finance.models import PermissibilityCheck
    from tests.factories.finance import DonationFactory, PermissibilityCheckFactory

    today = timezone.localdate()
    odd = SourceFactory(name="Smith & <Sons> Ltd")
    DonationFactory(source=odd, amount=D("1200"), description="<b>x</b>", non_cash=True, branch=branch_a)
    DonationFactory(source=odd, amount=D("40"))  # below the floor
    DonationFactory(amount=D("900"), received_on=today - datetime.timedelta(days=45))  # deemed accepted
    PermissibilityCheckFactory(donation=DonationFactory(amount=D("2000")))
    PermissibilityCheckFactory(
        donation=DonationFactory(amount=D("3000"), received_on=today - datetime.timedelta(days=10)),
        outcome=PermissibilityCheck.Outcome.RETURNED,
        returned_on=today - datetime.timedelta(days=2),
        returned_to="A. Donor <home>",
    )
    client = client_for(treasurer)
    with django_assert_num_queries(9):  # as for a page of 50 (tests/foundation/test_query_counts_i18.py)
        page = client.get(reverse("finance:donations"), {"year": today.year}).content.decode()

    href = lambda pk: reverse("finance:donation", args=[pk])  # noqa: E731
    listed = selectors.donations().filter(received_on__year=today.year).order_by("-received_on", "-pk")
    rows = [selectors.DonationListRow.of(d, s, href(d.pk)) for d, s in selectors.with_statuses(listed, today)]
    expected = _cells(Template(_TEMPLATE_ROWS).render(Context({"rows": rows})))
    assert len(expected) == 5 and {r.status.code for r in rows} == {
        "due", "below_floor", "deemed_accepted", "permissible", "returned"
    }  # fmt: skip
    assert _cells(page)[1:] == expected  # the heading row aside
    assert "Smith &amp; &lt;Sons&gt; Ltd" in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert "to A. Donor &lt;home&gt;" in page and "Alpha Branch" in page

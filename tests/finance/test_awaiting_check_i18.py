"""The donations awaiting a check are filtered by amount in the database first (issue 18);
the answer is the same as working out every unchecked donation's status."""

import datetime
import re
from decimal import Decimal as D

import pytest
from django.utils import timezone

from finance import selectors
from finance.models import Donation, Threshold
from tests.factories.finance import PermissibilityCheckFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _every_status(today):
    rows = selectors.with_statuses(selectors.donations().filter(permissibility=None), today)
    return {d.pk for d, s in rows if s.code in ("due", "deemed_accepted")}


@pytest.mark.parametrize("lower_floor", [False, True])
def test_the_filtered_answer_is_the_full_recomputation(lower_floor):
    today = timezone.localdate()
    if lower_floor:  # £500 since 2010, then £250 for the last ten years: the bound follows the lowest
        Threshold.objects.get_or_create(
            kind="donation_floor", effective_from=datetime.date(2010, 1, 1), defaults={"value": D("500.00")}
        )
        Threshold.objects.create(
            kind="donation_floor", effective_from=today - datetime.timedelta(days=3650), value=D("250.00")
        )
    source = SourceFactory()
    amounts = [D("10"), D("249.99"), D("250.01"), D("500.00"), D("500.01"), D("750"), D("5000")]
    ages = [1, 20, 29, 30, 31, 400, 3000]
    made = Donation.objects.bulk_create(
        Donation(source=source, amount=a, received_on=today - datetime.timedelta(days=age))
        for a in amounts
        for age in ages
    )
    PermissibilityCheckFactory(donation=made[-1])
    found = {d.pk for d, _ in selectors.donations_awaiting_check(today)}
    assert found == _every_status(today)
    assert found  # the case is not empty
    since = today - datetime.timedelta(days=30)
    assert {d.pk for d, _ in selectors.donations_awaiting_check(today, since=since)} == {
        pk for pk in _every_status(today) if Donation.objects.get(pk=pk).received_on >= since
    }


def test_the_overview_lists_every_donation_to_check_a_page_at_a_time(client_for, treasurer, monkeypatch):
    """The overview's list of donations to check is paged with its count from the database
    (at ten times the CLP it wrote 354 rows, the page growing with them), and every one is
    reachable: the pages together are the full recomputation."""
    from django.urls import reverse

    from finance import views

    monkeypatch.setattr(views, "ATTENTION_PAGE", 4)
    today = timezone.localdate()
    source = SourceFactory(name="Dana Donor")
    Donation.objects.bulk_create(
        Donation(source=source, amount=D("600") + i, received_on=today - datetime.timedelta(days=i * 9))
        for i in range(10)
    )
    Donation.objects.create(source=source, amount=D("500.00"), received_on=today)  # at the floor: none
    client = client_for(treasurer)
    seen = set()
    for number in (1, 2, 3):
        html = client.get(reverse("finance:index"), {"page": number}).content.decode()
        assert "10 donations waiting for a permissibility check" in html
        seen |= {int(pk) for pk in re.findall(r'href="/finance/donations/(\d+)/"', html)}
    assert seen == _every_status(today) and len(seen) == 10
    assert 'aria-label="Pages of the donations to check"' in html

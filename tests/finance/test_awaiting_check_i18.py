"""The donations awaiting a check are filtered by amount in the database first (issue 18);
the answer is the same as working out every unchecked donation's status."""

import datetime
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

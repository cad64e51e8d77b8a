"""The Treasurer's dashboard lists the donations waiting for their check, each row written in
Python (finance/dashboard.py) exactly as the panel's template wrote it, kept here as the reference."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from finance import selectors
from finance.models import Threshold
from tests.factories.finance import DonationFactory, SourceFactory

pytestmark = pytest.mark.django_db

ROWS = Template(
    '{% for row in waiting %}<li><a href="{{ row.href }}">{{ row.donor }}, {{ row.amount }}</a>: '
    '<span class="{{ row.status.css }}">{{ row.status.text }}</span></li>{% endfor %}'
)


def test_the_waiting_donations_read_as_the_template_wrote_them(client_for, treasurer):
    Threshold.objects.get_or_create(
        kind="donation_floor", effective_from=datetime.date(2010, 1, 1), defaults={"value": Decimal("500.00")}
    )
    today = timezone.localdate()
    DonationFactory(source=SourceFactory(name="Smith & <Sons> Ltd"), amount=Decimal("12345.60"))
    DonationFactory(amount=Decimal("900"), received_on=today - datetime.timedelta(days=45))

    page = client_for(treasurer).get(reverse("home")).content.decode()

    href = lambda pk: reverse("finance:donation", args=[pk])  # noqa: E731
    waiting = [
        selectors.DonationListRow.of(d, status, href(d.pk))
        for d, status in selectors.donations_awaiting_check(today, since=datetime.date(today.year - 1, 1, 1))
    ]
    expected = ROWS.render(Context({"waiting": waiting}))
    assert len(waiting) == 2 and "Smith &amp; &lt;Sons&gt; Ltd, £12,345.60" in expected
    panel = re.search(r'<h2 id="finance-panel-heading">Donations to check</h2>\s*<ul>(.*?)</ul>', page, re.S)
    assert panel.group(1) == expected


def test_the_panel_lists_the_newest_ten_and_counts_the_rest(client_for, treasurer):
    from finance.dashboard import PANEL_ROWS

    today = timezone.localdate()
    source = SourceFactory(name="Regular Giver")
    for i in range(PANEL_ROWS + 3):
        DonationFactory(
            source=source, amount=Decimal("600") + i, received_on=today - datetime.timedelta(days=i)
        )
    page = client_for(treasurer).get(reverse("home")).content.decode()
    panel = re.search(r'<h2 id="finance-panel-heading">Donations to check</h2>(.*?)</article>', page, re.S)
    assert panel.group(1).count("<li>") == PANEL_ROWS
    assert "£600.00" in panel.group(1) and f"£{600 + PANEL_ROWS:,}.00" not in panel.group(1)  # the newest
    assert "3 more waiting: every one on the finance page" in panel.group(1)

"""The quarterly report's PDF at a large CLP (issue 18): 300 donations print in a handful of
A4 landscape pages, every one of them listed."""

import datetime
import io
from decimal import Decimal as D

import pytest
import time_machine
from pypdf import PdfReader

from finance import exports, services
from finance import thresholds as law
from finance.models import Donation, PermissibilityCheck
from tests.factories.finance import SourceFactory
from tests.factories.officers import PersonFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2025, 4, 20, 10, 0, tzinfo=datetime.UTC)


def _donations(n):
    checker = PersonFactory(first_name="Tess", last_name="Treasurer")
    sources = [SourceFactory() for _ in range(n // 3)]
    rows = []
    for i in range(n):
        received = datetime.date(2025, 1, 2) + datetime.timedelta(days=i % 80)
        rows.append(
            Donation(
                source=sources[i % len(sources)],
                amount=D("600.00") + i,
                received_on=received,
                accepted_on=received + datetime.timedelta(days=2),
                received_how=Donation.Received.TRANSFER,
                deemed_accepted_on=law.deemed_accepted_on(received, 30),
            )  # fmt: skip
        )
    donations = Donation.objects.bulk_create(rows)
    PermissibilityCheck.objects.bulk_create(
        PermissibilityCheck(
            donation=d,
            checked_on=d.accepted_on,
            checked_by=checker,
            outcome="permissible",
            evidence="On the electoral register of Anytown on the date received",
            answers={"on_register": True, "register_outside_uk": False},
        )  # fmt: skip
        for d in donations
    )
    services.groups_rebuild()  # bulk inserts send no signals
    return donations


def test_300_donations_print_in_a_handful_of_landscape_pages():
    with time_machine.travel(NOW, tick=False):
        donations = _donations(300)
        _name, _type, pdf = exports.quarterly_report(2025, 1, "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert all(f"donation:{d.pk}" in text for d in donations)  # every one listed
    assert ": group 1 of 2025" in text  # the groups are read from the kept rows
    assert len(reader.pages) <= 12, f"{len(reader.pages)} pages for 300 donations"
    for page in reader.pages:
        assert page.mediabox.width > page.mediabox.height  # landscape
        assert round(float(page.mediabox.width)) == 842  # A4 (297 mm)

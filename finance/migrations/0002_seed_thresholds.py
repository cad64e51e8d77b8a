"""The figures the law sets, with the dates they took effect."""

import datetime
from decimal import Decimal

from django.db import migrations

THRESHOLDS = [
    # PPERA, as amended by the Political Parties and Elections Act 2009 (from 1 Jan 2010).
    ("donation_floor", datetime.date(2010, 1, 1), Decimal("500.00"), "PPERA, as amended by the PPE Act 2009"),
    # PPERA s.62: an accounting unit's donations from one source in a calendar year.
    ("au_reporting", datetime.date(2010, 1, 1), Decimal("1500.00"), "PPERA s.62, as amended by the PPE Act 2009"),
    ("au_reporting", datetime.date(2024, 1, 1), Decimal("2230.00"), "PPERA s.62, thresholds raised from 1 January 2024"),
    # PPERA s.45: accounting units with gross income or total expenditure over £25,000.
    ("accounts_to_ec", datetime.date(2010, 1, 1), Decimal("25000.00"), "PPERA s.45"),
    # PPERA s.56(2): "within the period of 30 days beginning with the date" of receipt.
    ("check_period_days", datetime.date(2001, 2, 16), Decimal("30"), "PPERA s.56(2)"),
]


def seed(apps, schema_editor):
    Threshold = apps.get_model("finance", "Threshold")
    for kind, effective_from, value, source in THRESHOLDS:
        Threshold.objects.update_or_create(
            kind=kind, effective_from=effective_from, defaults={"value": value, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

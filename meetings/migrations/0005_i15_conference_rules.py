import datetime

from django.db import migrations

# The party's limits on motions sent beyond the CLP, as rows with a date: a new rule book or
# call for motions is a new row (admin), never a code change. Deadlines are set each year
# from the call for motions, so none is seeded.
RULES = [
    ("annual", 250, "Labour Party Rule Book: a CLP's motion to annual conference, 250 words"),
    ("regional", 250, "As for annual conference unless the region's call for motions says otherwise"),
    ("npf", None, "National Policy Forum submissions: no word limit set"),
    ("council_group", None, "No limit"),
]


def seed(apps, schema_editor):
    ConferenceRule = apps.get_model("meetings", "ConferenceRule")
    for body, limit, source in RULES:
        ConferenceRule.objects.get_or_create(
            body=body,
            effective_from=datetime.date(2020, 1, 1),
            defaults={"word_limit": limit, "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_i15_motions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

import re

import django.db.models.deletion
from django.db import migrations, models

# The keys rows were given before these fields (read once, here): "<group>:person:<id>",
# "<group>:post:<id>", and a copy "<group>:post:<id>:person:<id>" or "...:email:<address>".
COPY = re.compile(r"(?P<group>.+):post:(?P<post>\d+):(?:person:\d+|email:.*)", re.DOTALL)
ROW = re.compile(r"(?P<group>.+):(?:post|person):\d+")


def fill_group_and_copy_of(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    rows = list(Notification.objects.only("pk", "key").order_by("pk"))
    originals = {}
    for row in rows:
        if m := COPY.fullmatch(row.key):
            row.group = m["group"]
            originals[row.pk] = f"{m['group']}:post:{m['post']}"
        elif m := ROW.fullmatch(row.key):
            row.group = m["group"]
    wanted = sorted(set(originals.values()))
    ids = {}
    for i in range(0, len(wanted), 500):
        ids.update(Notification.objects.filter(key__in=wanted[i : i + 500]).values_list("key", "pk"))
    for row in rows:
        row.copy_of_id = ids.get(originals.get(row.pk))
    Notification.objects.bulk_update([r for r in rows if r.group], ["group", "copy_of"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="copy_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The row this copies for a second recipient (a post held by two, two Secretaries).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="copies",
                to="notifications.notification",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="group",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="The key given to notify(): every copy shares it.",
                max_length=255,
            ),
        ),
        migrations.RunPython(fill_group_and_copy_of, migrations.RunPython.noop),
    ]

# The year plan (issue 16) beside the work that landed before it.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0004_i16_events_diary'),
        ('meetings', '0008_merge_i13_i15'),
    ]

    operations = [
    ]

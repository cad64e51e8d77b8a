# The year plan (issue 16) beside the work that landed before it.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('officers', '0005_i16_development_plan'),
        ('officers', '0005_i17_lapses_and_role_changes'),
    ]

    operations = [
    ]

# The year plan (issue 16) beside the work that landed before it.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('finance', '0003_i12_return_fields'),
        ('finance', '0003_i16_budget'),
    ]

    operations = [
    ]

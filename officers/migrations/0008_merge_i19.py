# The AGM (issue 19) beside the year plan (issue 16).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('officers', '0006_merge_i16'),
        ('officers', '0007_i19_merge_i17'),
    ]

    operations = [
    ]

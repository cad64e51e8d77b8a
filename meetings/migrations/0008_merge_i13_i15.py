# The meetings work of issues 13 and 15, landed side by side.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0005_i15_conference_rules'),
        ('meetings', '0007_i13_agenda_agreed_by'),
    ]

    operations = [
    ]

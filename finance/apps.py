from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _restore_thresholds(sender, **kwargs):
    """After migrating, and after a flush (which sends post_migrate again, having emptied the
    table the data migration seeded), put back the figures the law sets."""
    from django.db import connection

    from finance.models import Threshold
    from finance.services import thresholds_restore

    if Threshold._meta.db_table in connection.introspection.table_names():  # not after `migrate finance zero`
        thresholds_restore()


class FinanceConfig(AppConfig):
    name = "finance"

    def ready(self):
        post_migrate.connect(_restore_thresholds, sender=self)

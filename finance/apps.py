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
    _build_groups()


def _build_groups():
    """The kept groups of a database migrated from before them (issue 18) are built once."""
    from django.db import connection

    from finance.models import Donation, GroupedBenefit, Loan
    from finance.services import groups_rebuild

    tables = connection.introspection.table_names()
    if GroupedBenefit._meta.db_table not in tables:
        return
    if not GroupedBenefit.objects.exists() and (Donation.objects.exists() or Loan.objects.exists()):
        groups_rebuild()


class FinanceConfig(AppConfig):
    name = "finance"

    def ready(self):
        from finance import signals

        post_migrate.connect(_restore_thresholds, sender=self)
        signals.connect()

"""Keep the groups (GroupedBenefit) in step with the rows they are made from: every save or
delete of a donation, its permissibility check, a loan or a threshold recomputes the groups it
can change, in the same transaction. Signals rather than calls in each service, so that a
factory, the admin or the shell cannot leave the groups behind; a bulk load calls
services.groups_rebuild itself."""

from django.db import connection
from django.db.models.signals import post_delete, post_save

from finance.models import Donation, GroupedBenefit, Loan, PermissibilityCheck, Threshold


def _years(*days):
    return {day.year for day in days if day is not None}


def _keep(source_id, years, ref):
    from finance.services import groups_keep

    kept = set(GroupedBenefit.objects.filter(ref=ref).values_list("source_id", "year"))
    groups_keep(keys=kept | {(source_id, year) for year in years})


def _donation_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    _keep(
        instance.source_id,
        _years(instance.received_on, instance.accepted_on, instance.deemed_accepted_on),
        f"donation:{instance.pk}",
    )


def _loan_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    _keep(instance.source_id, _years(instance.made_on), f"loan:{instance.pk}")


def _check_changed(sender, instance, raw=False, **kwargs):
    if raw or instance.donation_id is None:
        return  # a lender's check does not change how a loan groups
    donation = Donation.objects.filter(pk=instance.donation_id).first()
    if donation is not None:
        _donation_changed(Donation, donation)


def _thresholds_changed(sender, instance, raw=False, **kwargs):
    if raw or GroupedBenefit._meta.db_table not in connection.introspection.table_names():
        return
    from finance.services import groups_rebuild

    groups_rebuild()


def connect():
    for model, handler in (
        (Donation, _donation_changed),
        (Loan, _loan_changed),
        (PermissibilityCheck, _check_changed),
        (Threshold, _thresholds_changed),
    ):
        post_save.connect(handler, sender=model, dispatch_uid=f"finance-groups-{model.__name__}-save")
        post_delete.connect(handler, sender=model, dispatch_uid=f"finance-groups-{model.__name__}-delete")

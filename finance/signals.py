"""Keep the groups (GroupedBenefit) in step with the rows they are made from: every save or
delete of a donation, its permissibility check, a loan or a threshold recomputes the groups it
can change, in the same transaction. Signals rather than calls in each service, so that a
factory, the admin or the shell cannot leave the groups behind; a bulk load calls
services.groups_rebuild itself."""

import contextlib
import contextvars

from django.db import connection
from django.db.models.signals import post_delete, post_save

from finance.models import Donation, GroupedBenefit, Loan, PermissibilityCheck, Threshold


def _years(*days):
    return {day.year for day in days if day is not None}


# The groups to recompute when the outermost `groups_held()` ends (None: not held).
_held = contextvars.ContextVar("finance_groups_held", default=None)


@contextlib.contextmanager
def groups_held():
    """Recompute the groups once, at the end of the block, for every change made in it,
    instead of once per save: for a service that saves two rows of one donation (its check,
    then its acceptance). Nothing inside the block may read the groups it changes. Use it
    inside a transaction (check_record is atomic): if the block fails, nothing is recomputed,
    and the transaction's rollback takes its changes with it."""
    if _held.get() is not None:
        yield  # already held by an outer block, which recomputes
        return
    token = _held.set(set())
    try:
        yield
        keys = _held.get()
    finally:
        _held.reset(token)
    if keys:
        from finance.services import groups_keep

        groups_keep(keys=keys)


def _keep(source_id, years, ref):
    kept = set(GroupedBenefit.objects.filter(ref=ref).values_list("source_id", "year"))
    keys = kept | {(source_id, year) for year in years}
    held = _held.get()
    if held is not None:
        held |= keys
        return
    from finance.services import groups_keep

    groups_keep(keys=keys)


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

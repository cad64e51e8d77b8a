"""Writes for accounts: two-factor devices and recovery codes, the equality-data access
log, and the removal of leavers' contact details."""

import datetime
import logging

import segno
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clp.accounts.models import EqualityDataView, User
from officers.models import Person

log = logging.getLogger(__name__)

RECOVERY_CODES = 10
APP_DEVICE = "Authenticator app"
RECOVERY_DEVICE = "Recovery codes"


@transaction.atomic
def two_factor_start(*, user) -> TOTPDevice:
    """An unconfirmed authenticator-app device for `user` (the one already started, if any):
    it counts only once the user has typed a code from it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=user, name=APP_DEVICE, confirmed=False)
        device.full_clean()
        device.save()
    return device


def two_factor_qr_svg(device) -> str:
    """The device's otpauth:// link as an SVG data: URI for an <img> (no script, CSP-safe)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


@transaction.atomic
def two_factor_confirm(*, device, token) -> list[str] | None:
    """Confirm `device` if `token` is a current code from it: any other app device of the
    user is removed, and fresh recovery codes are made and returned (to be shown once).
    Returns None when the code is wrong."""
    if not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_regenerate(user=device.user)


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    """Replace `user`'s recovery codes with RECOVERY_CODES new single-use ones."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_disable(*, user) -> None:
    """Remove every two-factor device of `user` (only for those not required to use it)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def equality_access_log(*, viewer, person) -> EqualityDataView:
    """Record that `viewer` (a user) has been shown `person`'s equality data."""
    entry = EqualityDataView(viewer=viewer if viewer.is_authenticated else None, person=person)
    entry.save()
    return entry


CONTACT_FIELDS = ["email", "phone", "address", "postcode"]
LEFT = ["lapsed", "resigned"]


def _contact_copies():
    """(model, key, contact fields) for every other model of ours that keeps a copy of a
    person's contact details beside a key to them (Notification.email: where it went)."""
    for model in apps.get_models():
        if model is Person:
            continue
        fields = [f.name for f in model._meta.concrete_fields if f.name in CONTACT_FIELDS]
        keys = [f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is Person]
        for key in keys if fields else []:
            yield model, key, fields


def retention_candidates(*, today=None, days=None):
    """People who lapsed or resigned more than `days` ago whose contact details are still
    held, on their record or in its change history."""
    today = today or timezone.localdate()
    days = settings.RETENTION_DAYS if days is None else days
    has_contact = Q()
    for name in CONTACT_FIELDS:
        has_contact |= ~Q(**{name: ""})
    in_history = Person.history.filter(has_contact, id=OuterRef("pk"))
    held_elsewhere = Q()
    for model, key, fields in _contact_copies():
        copy = Q()
        for name in fields:
            copy |= ~Q(**{name: ""})
        held_elsewhere |= Exists(model._default_manager.filter(copy, **{key: OuterRef("pk")}))
    return Person.objects.filter(
        has_contact | Exists(in_history) | held_elsewhere,
        membership_status__in=LEFT,
        left_on__lt=today - datetime.timedelta(days=days),
    )


@transaction.atomic
def person_contact_remove(*, person_ids) -> int:
    """Blank the contact details of `person_ids`, in their change history too, and close
    their logins. Returns how many people were changed."""
    blank = dict.fromkeys(CONTACT_FIELDS, "")
    people = list(Person.objects.select_for_update(skip_locked=True).filter(pk__in=person_ids))
    ids = [p.pk for p in people]
    Person.objects.filter(pk__in=ids).update(**blank)
    Person.history.filter(id__in=ids).update(**blank)
    for model, key, fields in _contact_copies():  # e.g. the address each email went to
        model._default_manager.filter(**{f"{key}__in": ids}).update(**dict.fromkeys(fields, ""))
    for user in User.objects.filter(person__pk__in=ids):
        user.email = f"removed-{user.pk}@invalid.invalid"
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "is_active", "password"])
    if ids:
        log.info("Removed contact details of %d people who left", len(ids))
    return len(ids)

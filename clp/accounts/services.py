"""Writes for accounts: two-factor devices and recovery codes, and the equality-data
access log. (The removal of leavers' contact details is about people: officers.services.)"""

import segno
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clp.accounts.models import EqualityDataView

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

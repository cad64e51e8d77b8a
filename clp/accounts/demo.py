"""Demo two-factor devices: every demo login whose posts require two-factor gets an
authenticator-app device with one fixed, published key, so anyone trying the demo can add
it to an app (or compute codes from it). DEMO DATA ONLY: a real device's key is random and
shown to its owner once. (The demo logins themselves come from officers.demo.)"""

from base64 import b32encode

from django_otp.plugins.otp_totp.models import TOTPDevice

from clp.accounts.models import User
from clp.accounts.services import APP_DEVICE
from clp.core.access import access_for

# RFC 6238's test key ("12345678901234567890"), hex-encoded as django-otp stores it.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_SECRET = b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def seed(context):
    emails = [email for _, email in context["logins"]]
    for user in User.objects.filter(email__in=emails):
        if not access_for(user).needs_two_factor:
            continue  # two-factor is optional for them: they can try setting it up
        TOTPDevice.objects.update_or_create(
            user=user, name=APP_DEVICE, defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
        )
    context.setdefault("notes", []).append(
        f"  Two-factor key of those who must use it (add it to an authenticator app): {DEMO_TOTP_SECRET}"
    )

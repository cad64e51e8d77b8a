"""Demo logins for the kinds of user the others do not cover (the Membership Officer, an EC
delegate, a member with no post, the former Treasurer), and demo two-factor devices: every
demo login whose posts require two-factor gets an authenticator-app device with one
fixed, published key, so anyone trying the demo can add it to an app (or compute codes
from it). DEMO DATA ONLY: a real device's key is random and shown to its owner once."""

from base64 import b32encode

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from clp.accounts.models import User
from clp.accounts.services import APP_DEVICE
from officers.access import access_for
from officers.models import Person, Post, Term

# RFC 6238's test key ("12345678901234567890"), hex-encoded as django-otp stores it.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_SECRET = b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


# More demo logins, so the product can be tried as each kind of user: (label, email).
EXTRA_LOGINS = [
    ("Membership Officer", "membership@demo.clp.test"),
    ("EC delegate (no 2FA needed)", "delegate@demo.clp.test"),
    ("Member with no post", "member@demo.clp.test"),
    ("Former Treasurer (term ended)", "former.treasurer@demo.clp.test"),
]


def _extra_people(context):
    """The demo people behind EXTRA_LOGINS, found by what they hold (or held)."""
    today = timezone.localdate()
    current = Term.objects.current(today)
    officer = current.filter(post__role=Post.Role.MEMBERSHIP_OFFICER).select_related("person").first()
    delegate = current.filter(post__role=Post.Role.EC_DELEGATE).select_related("person").first()
    former = (
        Term.objects.filter(post__role=Post.Role.TREASURER, ends_on__lt=today)
        .exclude(person__terms__in=current)
        .select_related("person")
        .order_by("-ends_on")
        .first()
    )
    member = Person.objects.filter(terms=None, membership_status=Person.Status.MEMBER).order_by("pk").first()
    return [
        officer and officer.person,
        delegate and delegate.person,
        member,
        former and former.person,
    ]


def _add_logins(context):
    for (label, email), person in zip(EXTRA_LOGINS, _extra_people(context), strict=True):
        if person is None:
            continue
        user, created = User.objects.get_or_create(email=email)
        if created or not user.has_usable_password():
            user.set_password(context["password"])
            user.save()
        if person.user_id != user.pk:
            Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
            person.user = user
            person.save(update_fields=["user"])
        context["logins"].append((label, email))


def seed(context):
    _add_logins(context)
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

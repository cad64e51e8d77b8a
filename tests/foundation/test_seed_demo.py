import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from clp.accounts.demo import DEMO_TOTP_KEY, DEMO_TOTP_SECRET
from clp.accounts.models import User
from officers.access import access_for
from officers.models import Person, Post, Term

pytestmark = pytest.mark.django_db


def counts():
    return User.objects.count(), Person.objects.count(), Term.objects.count()


def test_seed_demo_builds_a_clp_and_is_safe_to_run_twice(capsys):
    call_command("seed_demo")
    first = counts()
    out = capsys.readouterr().out
    assert "secretary@demo.clp.test" in out
    assert "treasurer@demo.clp.test" in out
    call_command("seed_demo")
    assert counts() == first
    assert first[1] > 40
    secretary = User.objects.get(email="secretary@demo.clp.test")
    assert secretary.check_password("demo-clp-desk")
    # Every demo login whose posts require two-factor has the published demo key, printed
    # with the logins; the others may choose it.
    assert DEMO_TOTP_SECRET in out
    devices = TOTPDevice.objects.filter(confirmed=True, key=DEMO_TOTP_KEY)
    for user in User.objects.filter(email__endswith="@demo.clp.test"):
        assert devices.filter(user=user).exists() == access_for(user).needs_two_factor, user.email


def test_the_demo_has_a_login_for_each_kind_of_user(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out

    def access(email):
        assert email in out
        return access_for(User.objects.get(email=email))

    assert Post.Role.MEMBERSHIP_OFFICER in access("membership@demo.clp.test").roles
    assert access("delegate@demo.clp.test").ec_member
    assert not access("member@demo.clp.test").holds_any_post
    former = access("former.treasurer@demo.clp.test")
    assert not former.holds_any_post
    assert User.objects.get(email="former.treasurer@demo.clp.test").person.terms.filter(
        post__role=Post.Role.TREASURER
    )

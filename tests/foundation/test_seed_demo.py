import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from clp.accounts.demo import DEMO_TOTP_KEY, DEMO_TOTP_SECRET
from clp.accounts.models import User
from officers.models import Person, Term

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
    # Every demo login has the published demo two-factor key, printed with the logins.
    assert DEMO_TOTP_SECRET in out
    devices = TOTPDevice.objects.filter(confirmed=True, key=DEMO_TOTP_KEY)
    assert devices.filter(user=secretary).exists()
    assert devices.count() == User.objects.filter(email__endswith="@demo.clp.test").count()

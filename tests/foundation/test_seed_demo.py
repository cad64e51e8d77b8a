import pytest
from django.core.management import call_command

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

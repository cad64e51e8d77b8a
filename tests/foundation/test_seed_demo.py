import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from clp.accounts.demo import DEMO_TOTP_KEY, DEMO_TOTP_SECRET
from clp.accounts.models import User
from officers.access import access_for
from officers.models import Person, Post, Term
from tests import demo as demo_module
from tests.demo import demo_clp

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


def _every_row():
    """Each table's rows (as text, in order) and each sequence's value."""
    quote = connection.ops.quote_name
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT t::text FROM {quote(table)} t ORDER BY 1")  # noqa: S608 - table names
            found[table] = [row for (row,) in cursor.fetchall()]
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
        found["sequences"] = cursor.fetchall()
    return found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the copy is PostgreSQL's COPY")
def test_the_demo_given_again_from_its_copy_is_row_for_row_the_demo_built(monkeypatch):
    builds = []
    build = demo_module._build
    monkeypatch.setattr(demo_module, "_build", lambda: builds.append(1) or build())
    monkeypatch.setattr(demo_module, "_COPIES", {})
    with transaction.atomic():
        demo_clp()
        built = _every_row()
        transaction.set_rollback(True)
    assert built["officers_person"] and built["finance_donation"]
    demo_clp()  # the same starting point: from the copy
    assert builds == [1]
    assert _every_row() == built

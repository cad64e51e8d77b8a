"""Brute-force protection (django-axes): repeated wrong passwords pause logging in."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, email, password):
    return client.post("/login/", {"username": email, "password": password})


def test_a_login_is_locked_after_five_wrong_passwords(client, settings, member):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, member.user.email, "wrong").status_code == 200
    locked = attempt(client, member.user.email, "wrong")
    assert locked.status_code == 429
    assert "Too many attempts to log in" in locked.content.decode()
    assert "30 minutes" in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    assert attempt(client, member.user.email, PASSWORD).status_code == 429
    assert client.get("/").status_code == 302


def test_the_lock_counts_the_email_address_in_any_case(client, settings, member):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, member.user.email.upper() if n % 2 else f" {member.user.email}", "wrong")
    assert attempt(client, member.user.email, PASSWORD).status_code == 429


def test_the_lock_ends_after_the_cool_off(client, settings, member):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, member.user.email, "wrong")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        assert attempt(client, member.user.email, PASSWORD).status_code == 302


def test_another_account_is_not_locked(client, settings, member, ec_member):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, member.user.email, "wrong")
    assert attempt(client, ec_member.user.email, PASSWORD).status_code == 302


def test_a_successful_login_forgets_earlier_failures(client, settings, member):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, member.user.email, "wrong")
    assert attempt(client, member.user.email, PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, member.user.email, "wrong").status_code == 200
